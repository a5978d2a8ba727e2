#include "store/rate_limit.hpp"

#include <iterator>

namespace sandbox {

bool rate_limit::allow(const std::string& client, int& remaining) {
    std::lock_guard<std::mutex> lock(mutex_);
    if (!enabled_) {
        remaining = rate_limit_per_minute;
        return true;
    }
    auto now = std::chrono::steady_clock::now();
    // Bounded memory: forget clients whose window has emptied.
    for (auto it = windows_.begin(); it != windows_.end();) {
        while (!it->second.empty() && now - it->second.front() >= std::chrono::minutes(1)) {
            it->second.pop_front();
        }
        it = it->second.empty() ? windows_.erase(it) : std::next(it);
    }
    auto& window = windows_[client];
    if (window.size() >= static_cast<std::size_t>(rate_limit_per_minute)) {
        remaining = 0;
        return false;
    }
    window.push_back(now);
    remaining = rate_limit_per_minute - static_cast<int>(window.size());
    return true;
}

void rate_limit::set_enabled(bool on) {
    std::lock_guard<std::mutex> lock(mutex_);
    enabled_ = on;
    windows_.clear();
}

bool rate_limit::enabled() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return enabled_;
}

void rate_limit::clear() {
    std::lock_guard<std::mutex> lock(mutex_);
    windows_.clear();
}

} // namespace sandbox
