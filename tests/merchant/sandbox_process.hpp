// mixpay-sandbox for the merchant library's tests: started on a free port of 127.0.0.1,
// driven through its /__sandbox control API, stopped when the test ends. Every wait is
// bounded.
#pragma once

#include <string>
#include <sys/types.h>

#include <nlohmann/json.hpp>

namespace merchant_test {

class sandbox_process {
public:
    // Starts the binary named by $MIXPAY_SANDBOX and waits (at most 10 s) for its
    // listening line; REQUIREs that it came.
    sandbox_process();
    ~sandbox_process();
    sandbox_process(const sandbox_process&) = delete;
    sandbox_process& operator=(const sandbox_process&) = delete;

    // http://127.0.0.1:<port>
    const std::string& url() const { return url_; }
    std::string api_base() const { return url_ + "/v1"; }

    // A request to the sandbox itself; the answer's status, and its body parsed when JSON.
    struct answer {
        int status = 0;
        nlohmann::json body;
    };
    answer post(const std::string& path_and_query, const std::string& body = "") const;
    answer get(const std::string& path_and_query) const;

    // The POST /v1/one_time_payment requests received so far (from /__sandbox/requests).
    nlohmann::json create_requests() const;

private:
    pid_t pid_ = -1;
    int output_ = -1; // the read end of its stdout
    int port_ = 0;
    std::string url_;
};

} // namespace merchant_test
