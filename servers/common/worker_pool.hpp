// The threads that run the handlers: a request that has arrived whole is queued here while
// its connection is suspended, so a slow or idle connection never holds a thread.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace servers::http {

// Runs jobs on a few threads; refuses them once closed.
class worker_pool {
public:
    void start(std::size_t count);

    // Calls `before` and queues `job` atomically; false (nothing called) once closed.
    template <typename Before> bool submit(Before before, std::function<void()> job) {
        {
            std::lock_guard<std::mutex> lock(mutex_);
            if (closed_) {
                return false;
            }
            before();
            jobs_.push_back(std::move(job));
        }
        cv_.notify_one();
        return true;
    }

    // Runs what is queued, then ends the threads.
    void close_and_join();

private:
    void loop();

    std::mutex mutex_;
    std::condition_variable cv_;
    std::deque<std::function<void()>> jobs_;
    std::vector<std::thread> threads_;
    bool closed_ = false;
};

} // namespace servers::http
