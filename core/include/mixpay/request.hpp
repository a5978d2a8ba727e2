// One checkout attempt: the parameters completed, checked and encoded once, so every
// retry sends exactly the same bytes.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "mixpay/params.hpp"

namespace mixpay {

// The widget's own options; never sent to the API.
struct widget_options {
    std::string api_base = "https://api.mixpay.me/v1";
    std::string pay_base = "https://mixpay.me";
};

// Errors in the widget options (fields "apiBase", "payBase"): each must be an absolute
// http(s) URL without query or fragment.
std::vector<field_error> validate_options(const widget_options& options);

struct prepared_request {
    std::vector<field_error> errors; // non-empty: nothing may be sent
    std::string endpoint;            // <apiBase>/one_time_payment
    std::string body;                // application/x-www-form-urlencoded
    std::string trace_id;            // sent on every retry of this attempt
    std::string order_id;            // empty when not given
    std::string failed_return_to;    // placeholders filled: where a failed attempt goes
};

// Completes and encodes an attempt: a missing traceId becomes uuid_v4(random_bytes),
// {traceId}/{orderId} in returnTo/failedReturnTo are filled, isTemp becomes 1/0, then
// everything (parameters and options) is validated; `failed_return_to` is the URL as filled. On any
// error `errors` lists them all and `body` is empty.
prepared_request prepare_request(const payment_params& params, const widget_options& options,
                                 std::int64_t now_unix,
                                 const std::array<std::uint8_t, 16>& random_bytes);

// GET <apiBase>/payments_result?traceId=… (or, without a traceId, ?orderId=…&payeeId=…):
// the lookup of a payment's result. `endpoint` is that URL and `body` stays empty; the
// errors name traceId, orderId, payeeId or apiBase, under the API's rules.
prepared_request prepare_lookup(const payment_params& params, const widget_options& options);

// The form body for already-valid parameters, in param_names() order, absent ones left
// out, isTemp written as 1/0.
std::string encode_form(const payment_params& params);

// Decodes a form body into (name, value) pairs in order; nullopt on a malformed escape.
std::optional<std::vector<std::pair<std::string, std::string>>> decode_form(std::string_view body);

// <payBase>/code/<canonical uuid>; empty when `code` is not a UUID or `pay_base` is not
// an absolute http(s) URL without query or fragment (trailing '/' are dropped). This is
// the only place a redirect target is made.
std::string code_url(std::string_view pay_base, std::string_view code);

} // namespace mixpay
