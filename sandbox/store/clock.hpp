// The sandbox's clock: the system clock plus an offset that tests move ahead, so that
// expiry, lifecycles and callback retries happen without waiting.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>

namespace sandbox {

class sandbox_clock {
public:
    std::int64_t now_ms() const {
        using namespace std::chrono;
        return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count() +
               offset_ms_.load();
    }
    std::int64_t now() const { return now_ms() / 1000; }
    void advance(std::int64_t seconds) { offset_ms_ += seconds * 1000; }
    void reset() { offset_ms_ = 0; }

private:
    std::atomic<std::int64_t> offset_ms_{0};
};

} // namespace sandbox
