// Why an attempt failed, in one shape for every call: the create call, a merchant's code
// endpoint and the payment result lookup.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace mixpay {

// The failure's kind; to_string() gives the contract's word for it at the edges (the
// browser module's result, logs, JSON):
enum class failure_kind {
    none,     // ""          no failure (the call succeeded)
    network,  // "network"   no HTTP answer (offline, refused, CORS); outcome unknown
    timeout,  // "timeout"   no answer in time; outcome unknown
    http,     // "http"      a non-2xx answer without a usable API envelope
    api,      // "api"       the envelope says success:false; `code` is the API's code
    response, // "response"  malformed JSON, or no UUID in data.code
};

std::string_view to_string(failure_kind kind);

struct attempt_failure {
    failure_kind kind = failure_kind::none;
    int status = 0;         // HTTP status, 0 when there was none
    std::int64_t code = 0;  // the API's code for "api", else 0
    std::string message;    // plain-language reason (the API's message for "api")
    bool transient = false; // worth retrying with the same traceId and body
    // MixPay refused the request, so no payment exists for its traceId: an API error other
    // than -1 and 1429, or an HTTP 4xx other than 429. Anything else may have created it.
    bool created_nothing = false;
};

// The call that went unanswered, which decides what the buyer or merchant is told.
enum class api_call {
    create, // a payment may have been created: only a retry with the same traceId and
            // body is safe (POST /v1/one_time_payment, a merchant's code endpoint)
    lookup, // GET /v1/payments_result: nothing is created by asking, asking again is safe
};

// No answer at all (transient): no HTTP answer, or none in time.
attempt_failure network_failure(api_call call = api_call::create);
attempt_failure timeout_failure(api_call call = api_call::create);

// An answer with HTTP `status` that could not be read as what was asked for (not
// transient).
attempt_failure response_failure(int status, std::string message);

} // namespace mixpay
