// A scripted stand-in for the API on 127.0.0.1, for what the sandbox cannot do to a lookup:
// redirect it, answer too much, too slowly or with a server error.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include <httplib.h>

namespace merchant_test {

class fake_api {
public:
    // Every request to any path is answered by `handle`; the n-th request (from 1) is n.
    using handler =
        std::function<void(fake_api& api, int n, const httplib::Request&, httplib::Response&)>;

    // `server` may be an httplib::SSLServer; the API base is then https.
    explicit fake_api(handler handle,
                      std::unique_ptr<httplib::Server> server = std::make_unique<httplib::Server>(),
                      std::string scheme = "http");
    ~fake_api();
    fake_api(const fake_api&) = delete;
    fake_api& operator=(const fake_api&) = delete;

    std::string api_base() const {
        return scheme_ + "://127.0.0.1:" + std::to_string(port_) + "/v1";
    }
    int requests() const { return requests_; }

    // Holds a handler for at most `limit`, or until the fake API is stopped.
    void hold(std::chrono::milliseconds limit);

private:
    std::unique_ptr<httplib::Server> server_;
    handler handle_;
    std::string scheme_;
    std::atomic<int> requests_{0};
    int port_ = 0;
    std::mutex mutex_;
    std::condition_variable released_;
    bool stopping_ = false;
    std::thread thread_;
};

} // namespace merchant_test
