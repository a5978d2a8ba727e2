#include "shutdown.hpp"

#include <chrono>
#include <csignal>
#include <pthread.h>

namespace servers {

stop_on_signal::stop_on_signal() {
    sigemptyset(&signals_);
    sigaddset(&signals_, SIGINT);
    sigaddset(&signals_, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &signals_, nullptr);
    std::signal(SIGPIPE, SIG_IGN);
}

stop_on_signal::~stop_on_signal() {
    finished();
}

void stop_on_signal::start(std::function<void()> stop) {
    thread_ = std::thread([this, stop = std::move(stop)] {
        int received = 0;
        sigwait(&signals_, &received);
        while (!finished_) {
            stop();
            std::this_thread::sleep_for(std::chrono::milliseconds(10));
        }
    });
}

void stop_on_signal::finished() {
    finished_ = true;
    if (thread_.joinable()) {
        // No signal came: wake the thread with one of those it waits for.
        pthread_kill(thread_.native_handle(), SIGTERM);
        thread_.join();
    }
}

} // namespace servers
