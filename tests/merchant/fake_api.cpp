#include "fake_api.hpp"

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

} // namespace merchant_test
