// One HTTP exchange with the API: bounded in time and size, never redirected. The only
// file that knows cpp-httplib.
#pragma once

#include <string>

#include "mixpay/merchant.hpp"

namespace mixpay {

struct http_answer {
    int status = 0;         // the HTTP status; 0 when no complete answer came
    std::string body;       // at most max_response_bytes
    bool cut_off = false;   // the body was longer than max_response_bytes and left unread
    bool timed_out = false; // with status 0: no answer in time
    std::string error;      // with status 0: what the transport said, for the merchant's log
};

// Sends `method` to `url` (an absolute http(s) URL the core has checked) with `body` as
// application/x-www-form-urlencoded when it is not empty, and waits for the whole answer
// within the options' timeouts. Never throws.
http_answer http_exchange(const merchant_options& options, const std::string& method,
                          const std::string& url, const std::string& body);

} // namespace mixpay
