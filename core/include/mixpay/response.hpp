// The answer to POST /v1/one_time_payment, read without trusting it.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "mixpay/failure.hpp"

namespace mixpay {

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

// A success whose payment code gives no payment page (code_url() refused it): never
// followed. The outcome is unknown, as for an unreadable answer.
attempt_failure unusable_code_failure();

} // namespace mixpay
