// The parameters of POST /v1/one_time_payment and their validation.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace mixpay {

// One validation error. `field` is the API's parameter name ("quoteAmount") or a
// widget option name ("apiBase"); `message` is a short English sentence for merchants.
struct field_error {
    std::string field;
    std::string message;
};

// Every parameter as the page gives it: the exact text, or nothing when absent.
// Amounts stay strings; nothing here is ever converted to a float.
struct payment_params {
    std::optional<std::string> payee_id;
    std::optional<std::string> quote_amount;
    std::optional<std::string> quote_asset_id;
    std::optional<std::string> settlement_asset_id;
    std::optional<std::string> is_temp;
    std::optional<std::string> payment_asset_id;
    std::optional<std::string> remark;
    std::optional<std::string> expire_seconds;
    std::optional<std::string> trace_id;
    std::optional<std::string> order_id;
    std::optional<std::string> settlement_memo;
    std::optional<std::string> return_to;
    std::optional<std::string> failed_return_to;
    std::optional<std::string> callback_url;
    std::optional<std::string> expired_timestamp;
};

// True when a parameter has a value: given, and not the empty text (which counts as absent
// everywhere).
bool present(const std::optional<std::string>& value);

// The API's parameter names, in the order the API document lists them; the form
// body is always written in this order.
const std::array<std::string_view, 15>& param_names();

// The member for an API parameter name; nullptr for a name that is not a parameter.
std::optional<std::string>* param_field(payment_params& params, std::string_view name);
const std::optional<std::string>* param_field(const payment_params& params, std::string_view name);

// Builds the model from (name, value) pairs, e.g. an element's dataset. Names that are
// not parameters are ignored; an empty value counts as absent.
payment_params params_from_pairs(const std::vector<std::pair<std::string, std::string>>& pairs);

// Every error at once, in param_names() order, one per field at most. `now_unix` is the
// current Unix time in seconds (expiredTimestamp must lie more than 10 s and less than
// 240 min after it). Either orderId or traceId is required (reported on "orderId").
// An empty value counts as absent. No field may hold a control character (C0 including
// NUL, CR, LF and tab; DEL; C1): the formatted fields refuse them by their form, and
// remark/settlementMemo, which take any other text, must be valid UTF-8 without them.
std::vector<field_error> validate(const payment_params& params, std::int64_t now_unix);

// The error message for one present, non-empty value of parameter `name` under the rule
// validate() applies to it; empty when the value is valid (or `name` is no parameter).
std::string check_param(std::string_view name, std::string_view value, std::int64_t now_unix);

// The error message for free text in `field` (valid UTF-8, no control characters, at
// most `limit` code points); empty when it is fine.
std::string check_free_text(std::string_view field, std::string_view text, std::size_t limit);

// isTemp as the API wants it: "1" or "0"; absent means true. nullopt when invalid.
std::optional<std::string> normalized_is_temp(const std::optional<std::string>& is_temp);

} // namespace mixpay
