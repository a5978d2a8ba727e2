// The shutdown on SIGINT and SIGTERM: one thread takes them with sigwait, so the server is
// stopped by ordinary code rather than in a signal handler.
#pragma once

#include <atomic>
#include <functional>
#include <signal.h>
#include <thread>

namespace servers {

class stop_on_signal {
public:
    // Blocks SIGINT and SIGTERM in the calling thread and ignores SIGPIPE. Make it before
    // any other thread starts, so every thread inherits the mask.
    stop_on_signal();
    // Wakes the waiting thread if no signal came, and joins it.
    ~stop_on_signal();
    stop_on_signal(const stop_on_signal&) = delete;
    stop_on_signal& operator=(const stop_on_signal&) = delete;

    // Starts the thread that waits for a signal and then calls `stop`, again every 10 ms
    // until finished() (a stop that comes before the server listens is not lost).
    void start(std::function<void()> stop);
    // The server has ended: the thread stops calling `stop` and ends.
    void finished();

private:
    sigset_t signals_{};
    std::atomic<bool> finished_{false};
    std::thread thread_;
};

} // namespace servers
