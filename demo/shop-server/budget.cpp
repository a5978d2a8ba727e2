#include "budget.hpp"

#include <thread>

namespace shop {

namespace {

void prune(std::deque<std::chrono::steady_clock::time_point>& window,
           std::chrono::steady_clock::time_point now) {
    while (!window.empty() && now - window.front() >= std::chrono::minutes(1)) {
        window.pop_front();
    }
}

} // namespace

mixpay_budget::mixpay_budget(int per_minute, int status_share, int callback_share)
    : per_minute_(per_minute), status_share_(status_share), callback_share_(callback_share) {}

bool mixpay_budget::take_now(use u, clock::time_point now) {
    if (per_minute_ <= 0) {
        return true;
    }
    prune(all_, now);
    prune(status_, now);
    prune(callback_, now);
    if (all_.size() >= static_cast<std::size_t>(per_minute_)) {
        return false;
    }
    auto* share = u == use::status ? &status_ : u == use::callback ? &callback_ : nullptr;
    const int limit = u == use::status ? status_share_ : callback_share_;
    if (share != nullptr) {
        if (share->size() >= static_cast<std::size_t>(limit)) {
            return false;
        }
        share->push_back(now);
    }
    all_.push_back(now);
    return true;
}

bool mixpay_budget::take(use u, std::chrono::milliseconds wait) {
    const auto deadline = clock::now() + wait;
    for (;;) {
        {
            std::lock_guard<std::mutex> lock(mutex_);
            if (take_now(u, clock::now())) {
                return true;
            }
        }
        if (clock::now() >= deadline) {
            return false;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
}

} // namespace shop
