// The answer to POST /v1/one_time_payment, read without trusting it.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace mixpay {

// Why an attempt failed. `kind` is one of the contract's words:
//   "network"  no HTTP answer (offline, refused, CORS); outcome unknown
//   "timeout"  no answer in time; outcome unknown
//   "http"     a non-2xx answer without a usable API envelope
//   "api"      the envelope says success:false; `code` is the API's code
//   "response" malformed JSON, or no UUID in data.code
struct attempt_failure {
    std::string kind;
    int status = 0;         // HTTP status, 0 when there was none
    std::int64_t code = 0;  // the API's code for "api", else 0
    std::string message;    // plain-language reason (the API's message for "api")
    bool transient = false; // worth retrying with the same traceId and body
    // MixPay refused the request, so no payment exists for its traceId: an API error other
    // than -1 and 1429, or an HTTP 4xx other than 429. Anything else may have created it.
    bool created_nothing = false;
};

struct create_result {
    bool ok = false;
    std::string code;        // canonical lowercase UUID when ok
    attempt_failure failure; // when !ok
};

// Bodies larger than this, or nested deeper than max_json_depth, are "response"
// failures without being parsed.
constexpr std::size_t max_response_bytes = 64 * 1024;
constexpr int max_json_depth = 32;

// Reads an HTTP answer. Never throws, whatever the bytes. Transient: HTTP 5xx and 429,
// API codes -1 and 1429.
create_result parse_create_response(int http_status, std::string_view body);

// The answer of a merchant's own code endpoint (server-created payments): a 2xx whose JSON
// object has a string "code" holding a UUID. Other statuses are "http" failures (5xx and
// 429 transient), anything else in a 2xx a "response" failure. Never throws.
create_result parse_code_response(int http_status, std::string_view body);

// An answer whose body grew past max_response_bytes and was cut off unread: the status
// alone decides, as for an unreadable body (a 2xx is a "response" failure; 5xx and 429
// stay transient "http" failures).
create_result cut_off_response(int http_status);

// No answer at all: the request may or may not have reached the service, so the
// outcome is unknown and only a retry with the same traceId and body is safe.
attempt_failure network_failure();
attempt_failure timeout_failure();

// A success whose payment code gives no payment page (code_url() refused it): never
// followed. The outcome is unknown, as for an unreadable answer.
attempt_failure unusable_code_failure();

} // namespace mixpay
