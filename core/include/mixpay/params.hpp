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

// The widget's own options as the page gives them: the exact text, or nothing when absent.
// Never sent to the API.
struct widget_params {
    std::optional<std::string> api_base;
    std::optional<std::string> pay_base;
    std::optional<std::string> timeout;
    std::optional<std::string> retries;
    std::optional<std::string> code_endpoint;
};

// What a value must look like (check_param() holds each rule's test and message).
enum class param_rule : unsigned char {
    payee_id,
    amount,
    quote_asset_id,
    asset_id,
    is_temp,
    trace_id,
    order_id,
    remark,
    settlement_memo,
    expire_seconds,
    expired_timestamp,
    return_url,
    callback_url,
    base_url,
    code_endpoint,
    timeout_ms,
    retries,
};

// One parameter or widget option. Exactly one of `param` (an API parameter: sent, in
// table order) and `option` (a widget option: never sent) is set.
struct param_row {
    std::string_view name; // the API's name; the element's data-* attribute in camelCase
    std::optional<std::string> payment_params::*param;
    std::optional<std::string> widget_params::*option;
    param_rule rule;
    bool required; // validate() reports it when absent
    bool identity; // part of the attempt's identity: a different value is another payment
};

// The one table of parameters: the API's in the order its document lists them (the form
// body is always written in this order), then the widget's options. Adding a parameter is
// one row here plus its rule.
inline constexpr std::array<param_row, 20> param_table = {{
    {"payeeId", &payment_params::payee_id, nullptr, param_rule::payee_id, true, true},
    {"quoteAmount", &payment_params::quote_amount, nullptr, param_rule::amount, true, true},
    {"quoteAssetId", &payment_params::quote_asset_id, nullptr, param_rule::quote_asset_id, true,
     true},
    {"settlementAssetId", &payment_params::settlement_asset_id, nullptr, param_rule::asset_id, true,
     true},
    {"isTemp", &payment_params::is_temp, nullptr, param_rule::is_temp, false, true},
    {"paymentAssetId", &payment_params::payment_asset_id, nullptr, param_rule::asset_id, false,
     true},
    {"remark", &payment_params::remark, nullptr, param_rule::remark, false, true},
    {"expireSeconds", &payment_params::expire_seconds, nullptr, param_rule::expire_seconds, false,
     true},
    // The traceId names the attempt; it is not what the attempt is.
    {"traceId", &payment_params::trace_id, nullptr, param_rule::trace_id, false, false},
    {"orderId", &payment_params::order_id, nullptr, param_rule::order_id, false, true},
    {"settlementMemo", &payment_params::settlement_memo, nullptr, param_rule::settlement_memo,
     false, true},
    {"returnTo", &payment_params::return_to, nullptr, param_rule::return_url, false, true},
    {"failedReturnTo", &payment_params::failed_return_to, nullptr, param_rule::return_url, false,
     true},
    {"callbackUrl", &payment_params::callback_url, nullptr, param_rule::callback_url, false, true},
    {"expiredTimestamp", &payment_params::expired_timestamp, nullptr, param_rule::expired_timestamp,
     false, true},
    {"apiBase", nullptr, &widget_params::api_base, param_rule::base_url, false, true},
    // Where the buyer is sent and how long the widget waits change no payment.
    {"payBase", nullptr, &widget_params::pay_base, param_rule::base_url, false, false},
    {"timeout", nullptr, &widget_params::timeout, param_rule::timeout_ms, false, false},
    {"retries", nullptr, &widget_params::retries, param_rule::retries, false, false},
    {"codeEndpoint", nullptr, &widget_params::code_endpoint, param_rule::code_endpoint, false,
     true},
}};

constexpr std::size_t count_api_params() {
    std::size_t count = 0;
    for (const param_row& row : param_table) {
        count += row.param != nullptr ? 1 : 0;
    }
    return count;
}
constexpr std::size_t api_param_count = count_api_params();

// The row named `name`; nullptr for a name that is neither a parameter nor an option.
const param_row* find_param(std::string_view name);

// True when a parameter has a value: given, and not the empty text (which counts as absent
// everywhere).
bool present(const std::optional<std::string>& value);

// The API's parameter names, in the order the API document lists them; the form
// body is always written in this order.
const std::array<std::string_view, api_param_count>& param_names();

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

// The error message for one present, non-empty value of parameter or widget option `name`
// under its row's rule; empty when the value is valid (or `name` is in no row).
std::string check_param(std::string_view name, std::string_view value, std::int64_t now_unix);

// The errors of the widget options that are present, in table order: apiBase and payBase
// absolute http(s) URLs without query or fragment, codeEndpoint an http(s) URL without
// fragment, timeout 1000..120000 (ms), retries 0..5.
std::vector<field_error> validate_widget(const widget_params& options);

// A checked timeout or retries: the value given, or the default when absent; valid only
// after validate_widget() found no error.
constexpr unsigned default_timeout_ms = 15000;
constexpr int default_retries = 3;
unsigned timeout_ms_of(const widget_params& options);
int retries_of(const widget_params& options);

// The error message for free text in `field` (valid UTF-8, no control characters, at
// most `limit` code points); empty when it is fine.
std::string check_free_text(std::string_view field, std::string_view text, std::size_t limit);

// isTemp as the API wants it: "1" or "0"; absent means true. nullopt when invalid.
std::optional<std::string> normalized_is_temp(const std::optional<std::string>& is_temp);

} // namespace mixpay
