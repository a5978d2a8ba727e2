// MixPay's rate limit: rate_limit_per_minute API requests a minute per client address, in
// a sliding window of one minute; over it, the answer is code 1429. Thread-safe.
#pragma once

#include <chrono>
#include <deque>
#include <map>
#include <mutex>
#include <string>

namespace sandbox {

class rate_limit {
public:
    static constexpr int rate_limit_per_minute = 60;

    // True when `client` may make one more API request now; `remaining` receives what
    // is left of the minute's allowance.
    bool allow(const std::string& client, int& remaining);
    // On or off; either way the windows start empty.
    void set_enabled(bool on);
    bool enabled() const;
    // Empties every client's window.
    void clear();

private:
    mutable std::mutex mutex_;
    bool enabled_ = true;
    std::map<std::string, std::deque<std::chrono::steady_clock::time_point>> windows_;
};

} // namespace sandbox
