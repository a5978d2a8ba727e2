#include "fake_api.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>

#include <catch2/catch.hpp>

namespace merchant_test {

fake_api::fake_api(handler handle, std::unique_ptr<httplib::Server> server, std::string scheme)
    : server_(std::move(server)), handle_(std::move(handle)), scheme_(std::move(scheme)) {
    REQUIRE(server_->is_valid());
    const auto answer = [this](const httplib::Request& request, httplib::Response& response) {
        handle_(*this, ++requests_, request, response);
    };
    server_->Get(".*", answer);
    server_->Post(".*", answer);
    port_ = server_->bind_to_any_port("127.0.0.1");
    REQUIRE(port_ > 0);
    thread_ = std::thread([this] { server_->listen_after_bind(); });
    // Server::stop() does nothing to a server that is not listening yet, so the destructor
    // could otherwise wait forever for a loop that started after it.
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
    while (!server_->is_running() && std::chrono::steady_clock::now() < deadline) {
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    if (!server_->is_running()) {
        server_->stop();
        thread_.join();
        FAIL("the fake API did not start listening");
    }
}

fake_api::~fake_api() {
    {
        std::lock_guard<std::mutex> lock(mutex_);
        stopping_ = true;
    }
    released_.notify_all();
    server_->stop();
    thread_.join();
}

void fake_api::hold(std::chrono::milliseconds limit) {
    std::unique_lock<std::mutex> lock(mutex_);
    released_.wait_for(lock, limit, [this] { return stopping_; });
}

raw_api::raw_api(script run) : run_(std::move(run)) {
    listener_ = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    REQUIRE(listener_ >= 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    REQUIRE(bind(listener_, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0);
    REQUIRE(listen(listener_, 16) == 0);
    socklen_t length = sizeof address;
    REQUIRE(getsockname(listener_, reinterpret_cast<sockaddr*>(&address), &length) == 0);
    port_ = ntohs(address.sin_port);
    acceptor_ = std::thread([this] {
        for (;;) {
            const int fd = accept4(listener_, nullptr, nullptr, SOCK_CLOEXEC);
            if (fd < 0) {
                if (stopping_) {
                    return;
                }
                continue;
            }
            std::lock_guard<std::mutex> lock(mutex_);
            if (stopping_) {
                close(fd);
                return;
            }
            open_.push_back(fd);
            connections_.emplace_back([this, fd] { serve(fd); });
        }
    });
}

raw_api::~raw_api() {
    {
        std::lock_guard<std::mutex> lock(mutex_);
        stopping_ = true;
        // Wakes the acceptor and any script blocked in send() or recv().
        shutdown(listener_, SHUT_RDWR);
        for (const int fd : open_) {
            shutdown(fd, SHUT_RDWR);
        }
    }
    stopped_.notify_all();
    acceptor_.join();
    for (auto& thread : connections_) {
        thread.join();
    }
    for (const int fd : open_) {
        close(fd);
    }
    close(listener_);
}

void raw_api::serve(int fd) {
    // A client that neither reads nor hangs up stalls a script for two seconds at most.
    const timeval limit{2, 0};
    setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &limit, sizeof limit);
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &limit, sizeof limit);
    connection client(*this, fd);
    std::string& request = client.request_;
    std::size_t wanted = std::string::npos;
    char buffer[4096];
    while (request.size() < 64 * 1024 && (wanted == std::string::npos || request.size() < wanted)) {
        const ssize_t got = recv(fd, buffer, sizeof buffer, 0);
        if (got <= 0) {
            return;
        }
        request.append(buffer, static_cast<std::size_t>(got));
        const std::size_t end = request.find("\r\n\r\n");
        if (wanted == std::string::npos && end != std::string::npos) {
            std::string lower = request.substr(0, end);
            std::transform(lower.begin(), lower.end(), lower.begin(),
                           [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
            const std::size_t field = lower.find("\r\ncontent-length:");
            wanted = end + 4 +
                     (field == std::string::npos
                          ? 0
                          : std::strtoul(lower.c_str() + field + 17, nullptr, 10));
        }
    }
    ++requests_;
    run_(client);
    shutdown(fd, SHUT_WR);
}

bool raw_api::connection::send(std::string_view bytes) {
    while (!bytes.empty()) {
        if (server_.stopping_) {
            return false;
        }
        const ssize_t sent = ::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL);
        if (sent <= 0) {
            return false;
        }
        server_.bytes_sent_ += sent;
        bytes.remove_prefix(static_cast<std::size_t>(sent));
    }
    return true;
}

bool raw_api::connection::wait(std::chrono::milliseconds pause) {
    std::unique_lock<std::mutex> lock(server_.mutex_);
    return !server_.stopped_.wait_for(lock, pause, [this] { return server_.stopping_.load(); });
}

} // namespace merchant_test
