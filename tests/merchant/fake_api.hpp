// A scripted stand-in for the API on 127.0.0.1, for what the sandbox cannot do to a lookup:
// redirect it, answer too much, too slowly or with a server error; and one below HTTP, for
// answers no HTTP library would send.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

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

// A TCP server on 127.0.0.1 whose script writes raw bytes: status lines and headers without
// end, false lengths, compressed bombs. Each connection's request is read first (to the end
// of its headers and the Content-Length they announce, at most 64 KiB), then the script of
// that connection runs in a thread of its own.
class raw_api {
public:
    class connection {
    public:
        // Writes all of `bytes`; false once the client has gone (or the server stops).
        bool send(std::string_view bytes);
        // Waits `pause`, or less when the server stops; false when it stops.
        bool wait(std::chrono::milliseconds pause);
        const std::string& request() const { return request_; }

    private:
        friend class raw_api;
        connection(raw_api& server, int fd) : server_(server), fd_(fd) {}
        raw_api& server_;
        int fd_;
        std::string request_;
    };
    using script = std::function<void(connection&)>;

    explicit raw_api(script run);
    ~raw_api();
    raw_api(const raw_api&) = delete;
    raw_api& operator=(const raw_api&) = delete;

    std::string api_base() const { return "http://127.0.0.1:" + std::to_string(port_) + "/v1"; }
    int port() const { return port_; }
    // Connections whose request was read.
    int requests() const { return requests_; }
    // Bytes the scripts have written so far.
    long long bytes_sent() const { return bytes_sent_; }

private:
    void serve(int fd);

    script run_;
    int listener_ = -1;
    int port_ = 0;
    std::atomic<int> requests_{0};
    std::atomic<long long> bytes_sent_{0};
    std::atomic<bool> stopping_{false};
    std::mutex mutex_;
    std::condition_variable stopped_;
    std::vector<int> open_;
    std::vector<std::thread> connections_;
    std::thread acceptor_;
};

} // namespace merchant_test
