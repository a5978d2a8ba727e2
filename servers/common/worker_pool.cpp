// The worker pool's threads: each takes the next queued job until the pool is closed and
// its queue empty.
#include "worker_pool.hpp"

namespace servers::http {

void worker_pool::start(std::size_t count) {
    for (std::size_t i = 0; i < count; ++i) {
        threads_.emplace_back([this] { loop(); });
    }
}

void worker_pool::close_and_join() {
    {
        std::lock_guard<std::mutex> lock(mutex_);
        closed_ = true;
    }
    cv_.notify_all();
    for (auto& t : threads_) {
        t.join();
    }
    threads_.clear();
}

void worker_pool::loop() {
    for (;;) {
        std::function<void()> job;
        {
            std::unique_lock<std::mutex> lock(mutex_);
            cv_.wait(lock, [this] { return closed_ || !jobs_.empty(); });
            if (jobs_.empty()) {
                return;
            }
            job = std::move(jobs_.front());
            jobs_.pop_front();
        }
        job();
    }
}

} // namespace servers::http
