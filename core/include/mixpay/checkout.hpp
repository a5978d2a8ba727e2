// One checkout attempt as the widget makes it: the page's parameters read from one JSON
// text through the parameter table, the attempt planned (checked, completed and encoded
// once), and its one result, as one JSON text for the page.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "mixpay/params.hpp"
#include "mixpay/request.hpp"
#include "mixpay/response.hpp"

namespace mixpay {

// What the page gives for one attempt.
struct checkout_params {
    payment_params params;
    widget_params options;
    // Server-created payments (with codeEndpoint): the element's marked data-* values.
    std::vector<std::pair<std::string, std::string>> code_fields;
    std::vector<field_error> errors; // what could not be read
};

// Reads {"payeeId": "…", …, "codeFields": ["name", "value", …]}: every row of
// param_table by its name, each a string (null = absent; any other type is an error
// naming the field); codeFields an array of strings, read in pairs. Other keys are
// ignored. Text that is not a JSON object (or is too big or deep to read) is an error
// on "params". An empty string is kept as given (absent for every rule).
checkout_params read_checkout_params(std::string_view json);

// The attempt's identity: what makes two clicks one payment. Every identity row of
// param_table, then the code fields, each written as <bytes>:<value> and a line break,
// an absent value as "-" and a line break.
std::string attempt_identity(const checkout_params& input);

// One attempt checked, completed and encoded: the request to send (or its errors), how
// to send it and what the page needs once it ends.
struct checkout_plan {
    prepared_request request;
    bool server = false; // the merchant's code endpoint answers {code}
    unsigned timeout_ms = default_timeout_ms;
    int retries = default_retries;
    std::string pay_base;
    std::string identity;
};

// The attempt: a server-created one with codeEndpoint (only traceId, orderId,
// failedReturnTo and the code fields are read), otherwise MixPay's one_time_payment;
// timeout and retries checked with the rest, the read errors last.
checkout_plan plan_checkout(const checkout_params& input, std::int64_t now_unix,
                            const std::array<std::uint8_t, 16>& random_bytes);

enum class checkout_status { invalid, canceled, created, failed };

struct checkout_result {
    checkout_status status = checkout_status::invalid;
    std::vector<field_error> errors; // invalid: nothing was sent
    std::string trace_id;
    std::string order_id;
    std::string code;             // created: the canonical payment code
    std::string url;              // created: <payBase>/code/<code>
    attempt_failure failure;      // failed
    std::string failed_return_to; // failed: as filled, empty when not given
};

// The result of an attempt that ended before anything was sent: invalid when the plan
// has errors, otherwise canceled (the page said no).
checkout_result unsent_result(const checkout_plan& plan);

// The result of a sent attempt from its last answer. A success whose code gives no
// payment page is a failure (unusable_code_failure()).
checkout_result finish_checkout(const checkout_plan& plan, const create_result& outcome);

// {"status":"invalid","errors":[{"field","message"}]}
// {"status":"canceled","traceId","orderId"}
// {"status":"created","traceId","orderId","code","url"}
// {"status":"failed","traceId","orderId","kind","httpStatus","apiCode","message",
//  "transient","createdNothing","failedReturnTo"}
std::string to_json(const checkout_result& result);

// What the attempt would send, unsent: {"errors":[…],"traceId","orderId","identity"}.
std::string plan_json(const checkout_plan& plan);

// The names of param_table's rows, space-separated, in table order.
std::string param_table_names();

} // namespace mixpay
