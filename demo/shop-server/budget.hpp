// The merchant's request budget at MixPay (60 requests a minute for every API), shared out
// so that what anyone can trigger from outside cannot use up what buyers' checkouts need:
// lookups for callbacks and for GET /orders each get at most a share of it, checkouts the
// rest and whatever the shares leave. Sliding one-minute windows, as MixPay counts.
#pragma once

#include <chrono>
#include <deque>
#include <mutex>

namespace shop {

class mixpay_budget {
public:
    enum class use { checkout, status, callback };

    // per_minute 0: no limit at all (a sandbox without one).
    mixpay_budget(int per_minute, int status_share, int callback_share);

    // Takes one request of the budget for `u`, waiting at most `wait` for one to free up;
    // false when there is none.
    bool take(use u, std::chrono::milliseconds wait = std::chrono::milliseconds(0));

private:
    using clock = std::chrono::steady_clock;
    bool take_now(use u, clock::time_point now);

    const int per_minute_;
    const int status_share_;
    const int callback_share_;
    std::mutex mutex_;
    std::deque<clock::time_point> all_, status_, callback_;
};

} // namespace shop
