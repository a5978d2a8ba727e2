// One try of a callback: a POST of JSON to the merchant's callbackUrl over libcurl, bounded
// the way the merchant library bounds its calls to the API (merchant/http.cpp): no
// redirect followed, no proxy, HTTP/1.1, TLS verified (SSL_CERT_FILE / SSL_CERT_DIR name
// the authorities when set), the status line and headers at most max_header_bytes and
// max_header_lines, the answer at most max_answer_bytes (an announced longer one is not
// read, a longer one is cut off as it arrives), a connect timeout and one for the whole
// try, so a hostile receiver costs a worker at most whole_seconds.
#pragma once

#include <atomic>
#include <cstddef>
#include <string>

namespace sandbox {

struct callback_limits {
    int connect_seconds = 5;
    int whole_seconds = 20;
    std::size_t max_answer_bytes = 64 * 1024;
    std::size_t max_header_bytes = 16 * 1024;
    std::size_t max_header_lines = 100;
};

struct callback_answer {
    int status = 0;    // the HTTP status; 0 when no complete answer came
    std::string body;  // the answer, when it came whole
    std::string error; // with status 0: why there is no answer
};

// Sends `body` as application/json to `url` (absolute http or https). `cancel` set to true
// ends the try within about a second. Never throws.
callback_answer post_callback(const std::string& url, const std::string& body,
                              const callback_limits& limits, const std::atomic<bool>& cancel);

} // namespace sandbox
