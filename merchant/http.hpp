// One HTTP exchange with the API: bounded in time and size, never redirected. http.cpp is
// the only file that knows libcurl.
#pragma once

#include <cstddef>
#include <string>

#include "mixpay/merchant.hpp"

namespace mixpay {

// An answer's status line and header lines together, interim (1xx) answers included: past
// either limit the exchange ends as if no answer had come.
constexpr std::size_t max_header_bytes = 16 * 1024;
constexpr std::size_t max_header_lines = 100;

struct http_answer {
    int status = 0;         // the HTTP status; 0 when no complete answer came
    std::string body;       // at most max_response_bytes
    bool cut_off = false;   // the body was longer than max_response_bytes and left unread
    bool timed_out = false; // with status 0: no answer in time
    std::string error;      // with status 0: what the transport said, for the merchant's log
};

// Sends `method` to `url` (an absolute http(s) URL the core has checked) with `body` as
// application/x-www-form-urlencoded when it is not empty (only "GET" without a body and
// "POST" are sent), and waits for the whole answer within the options' timeouts. Never
// throws.
http_answer http_exchange(const merchant_options& options, const std::string& method,
                          const std::string& url, const std::string& body);

} // namespace mixpay
