// What each fault mode does to an answer of POST /v1/one_time_payment. The modes, their
// arguments and their descriptions are the table in faults.hpp; the switch here is checked
// by the compiler to cover every mode.
#pragma once

#include <optional>

#include "common/http_server.hpp"

#include "context.hpp"
#include "faults/faults.hpp"

namespace sandbox {

// Before the payment is made: true when the fault's answer is written and nothing may be
// created ("hang" waits here, then lets the payment be made).
bool fault_answer_before(const fault& f, const servers::http::Request& req,
                         servers::http::Response& res, context& ctx);

// Sends `answer`, the payment's own answer, as the fault (if any) shapes it: "drop" closes
// the connection instead, "oversized" pads it.
void fault_answer_after(const std::optional<fault>& f, const json& answer,
                        const servers::http::Request& req, servers::http::Response& res,
                        context& ctx);

} // namespace sandbox
