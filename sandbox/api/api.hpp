// The MixPay API as the sandbox answers it: request bodies in, JSON envelopes out. No
// HTTP library here; server.cpp does the transport.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "store/store.hpp"

namespace sandbox {

using json = nlohmann::ordered_json;
using pairs = std::vector<std::pair<std::string, std::string>>;

// Serialises without ever failing: invalid UTF-8 in stored text becomes U+FFFD.
std::string to_text(const json& value);

json envelope_ok(json data, std::int64_t now_ms);
json envelope_error(int code, const std::string& message, std::int64_t now_ms);

// A JSON object body as (name, value) pairs: strings as they are, numbers in their
// source text ("10.50" stays "10.50"), booleans as true/false, null as absent. Nested
// objects or arrays are reported in `bad_fields`. nullopt when the body is not a JSON
// object.
std::optional<pairs> json_body_pairs(const std::string& body, std::vector<std::string>& bad_fields);

struct url_parts {
    std::string scheme; // lowercase
    std::string host;   // as written, IPv6 without brackets
    int port = 0;
    std::string target; // path and query, at least "/"
};

// Splits an absolute http(s) URL; nullopt for anything else.
std::optional<url_parts> split_url(const std::string& url);

// http://127.x.x.x, http://localhost or http://[::1]: allowed as callbackUrl only with
// --allow-http-callback.
bool is_loopback_http(const std::string& url);

struct create_settings {
    bool allow_http_callback = false;
};

struct created_payment {
    json answer;                             // the envelope to send
    std::optional<payment> stored;           // the payment when the answer is a success
    std::vector<mixpay::field_error> errors; // the parameter errors, when there are
};

// A random version 4 UUID from the system's generator.
std::string random_uuid();

// POST /v1/one_time_payment with the request's (name, value) pairs. `field_errors` are
// problems found while reading the body (named fields), reported with the rest. Beyond
// the core's rules (the 2022 page), strictMode and callbackEvent are checked as the
// current page documents them, and the asset table's business rules apply.
created_payment create_payment(store& payments, const pairs& fields,
                               const std::vector<std::string>& field_errors,
                               const create_settings& settings);

// GET /v1/payments_result with the query's pairs (traceId, or orderId + payeeId; `with`).
json payments_result(store& payments, const pairs& query);

// GET /v1/payments_info with the query's pairs (traceId).
json payments_info(store& payments, const pairs& query);

// data of payments_result for one payment, with the `payment` and `transactions` objects
// when asked for.
json payment_result_data(const payment& p, bool with_payment = false,
                         bool with_transactions = false);

// What /__sandbox/payments/<traceId> shows beyond the API: orderId, the parameters,
// strictMode and callbackEvent, the deadlines, the lifecycle to come and the history.
json sandbox_payment_json(const payment& p);

// The ticker the sandbox shows for an asset id ("usd" -> "USD").
std::string asset_symbol(const std::string& asset_id);

// The 1017 envelope for parameter errors, every field named in its message.
json parameter_error(const std::vector<mixpay::field_error>& errors, std::int64_t now_ms);

// The API's own message for an error code.
std::string api_message(int code);

// The last non-empty value of `name` among (name, value) pairs.
std::optional<std::string> param(const pairs& fields, const char* name);

} // namespace sandbox
