// The control routes of payments' lives at /__sandbox: the clock, statuses, lifecycles,
// a payment's own view and the callbacks made.
#pragma once

#include <functional>

#include "common/http_server.hpp"

#include "callbacks/callbacks.hpp"
#include "store/clock.hpp"
#include "store/store.hpp"

namespace sandbox {

// False (with the refusal written) when the request may not use the control API.
using control_check = std::function<bool(const servers::http::Request&, servers::http::Response&)>;

void add_lifecycle_routes(servers::http::Server& http, sandbox_clock& clock, store& payments,
                          callback_sender& callbacks, control_check allowed);

} // namespace sandbox
