// The server-side callback after a successful payment: a POST of
// {"orderId","traceId","payeeId"} to callbackUrl, made on a background thread so the
// payment page never waits for the merchant's server.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace sandbox {

struct callback_job {
    std::string url;
    std::string trace_id;
    std::string order_id;
    std::string payee_id;
};

// What happened to one callback, for GET /__sandbox/callbacks.
struct callback_record {
    std::string url;
    std::string trace_id;
    std::string body;
    int attempts = 0;
    int status = 0;         // HTTP status of the last answer, 0 when none
    bool delivered = false; // the merchant answered 200 {"code":"SUCCESS"}
    std::string error;      // why the last attempt failed
    std::int64_t time_ms = 0;
};

class callback_sender {
public:
    // MixPay retries for hours; the sandbox retries `max_attempts` times, `retry_delay_ms`
    // apart, so a test sees the retry without waiting.
    static constexpr int max_attempts = 3;
    static constexpr int retry_delay_ms = 1000;
    static constexpr std::size_t max_queued = 1000;
    static constexpr std::size_t max_records = 1000;

    explicit callback_sender(bool allow_http_loopback);
    ~callback_sender();
    callback_sender(const callback_sender&) = delete;
    callback_sender& operator=(const callback_sender&) = delete;

    // Queues a callback; returns false (and records why) when it may not be sent.
    bool send(const callback_job& job);
    std::vector<callback_record> records() const;
    void clear();
    // Stops the worker: pending callbacks are dropped, a running one ends within its
    // timeouts.
    void stop();

private:
    void run();
    void deliver(const callback_job& job, std::size_t index);

    bool allow_http_loopback_;
    mutable std::mutex mutex_;
    std::condition_variable wake_;
    std::deque<std::pair<callback_job, std::size_t>> queue_;
    std::deque<callback_record> records_;
    std::size_t first_index_ = 0; // index of records_.front() since the start
    bool stopping_ = false;
    std::thread worker_;
};

} // namespace sandbox
