// The server-side callback as MixPay sends it (docs/api/payments/payment-callback.md): a
// POST of {"orderId","traceId","payeeId"} to callbackUrl for each subscribed event,
// acknowledged only by HTTP 200 with exactly {"code":"SUCCESS"}, otherwise tried again on
// MixPay's schedule by the sandbox clock. A small pool of workers delivers, so one slow
// merchant never holds up the others.
#pragma once

#include <array>
#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "store/clock.hpp"

namespace sandbox {

struct callback_job {
    std::string url;
    std::string trace_id;
    std::string order_id;
    std::string payee_id;
    std::string event; // success, fail, pending, settle or paid_less
};

// What happened to one delivery, for GET /__sandbox/callbacks.
struct callback_record {
    std::string url;
    std::string trace_id;
    std::string event;
    std::string body;
    int attempts = 0;
    int status = 0;                     // HTTP status of the last answer, 0 when none
    bool delivered = false;             // the merchant answered 200 {"code":"SUCCESS"}
    std::string error;                  // why the last try failed
    std::int64_t time_ms = 0;           // sandbox time it was made
    std::int64_t next_try_ms = 0;       // sandbox time of the next try, 0 when none
    bool duplicate = false;             // a second delivery of an acknowledged callback
    bool want_duplicate = false;        // deliver again once acknowledged
    std::vector<std::int64_t> tries_ms; // sandbox time of each try
};

class callback_sender {
public:
    // MixPay's schedule: the first try at once, then these many seconds after each
    // failed try (0 s/15 s/15 s/30 s/180 s/1800 s ×4/3600 s: ten tries).
    static constexpr std::array<int, 9> retry_delays = {15,   15,   30,   180, 1800,
                                                        1800, 1800, 1800, 3600};
    static constexpr int max_tries = static_cast<int>(retry_delays.size()) + 1;
    // A try may take 20 s in all, 5 s of them to connect; callback_post.hpp bounds the
    // answer's headers and size.
    static constexpr int connect_seconds = 5;
    static constexpr int whole_seconds = 20;
    static constexpr std::size_t workers = 8;
    static constexpr std::size_t max_waiting = 1000;
    static constexpr std::size_t max_records = 1000;

    callback_sender(bool allow_http_loopback, sandbox_clock& clock);
    ~callback_sender();
    callback_sender(const callback_sender&) = delete;
    callback_sender& operator=(const callback_sender&) = delete;

    // Queues a callback; returns false (and records why) when it may not be sent.
    bool send(const callback_job& job);
    // The next `count` callbacks are delivered twice (a duplicate once acknowledged).
    void duplicate_next(int count);
    int duplicates_queued() const;
    // Hands every try that is due by the sandbox clock to the workers.
    void tick();
    std::vector<callback_record> records() const;
    void clear();
    // Stops the workers: waiting callbacks are dropped, a try in flight is cut off.
    void stop();

private:
    void run_timer();
    void run_worker();
    void try_once(std::size_t index);

    bool allow_http_loopback_;
    sandbox_clock& clock_;
    mutable std::mutex mutex_;
    std::condition_variable ready_cv_;
    std::condition_variable timer_cv_;
    std::deque<callback_record> records_;
    std::size_t first_index_ = 0;                      // index of records_.front()
    std::multimap<std::int64_t, std::size_t> waiting_; // sandbox ms -> record index
    std::deque<std::size_t> ready_;
    // Set by stop(): a try in flight ends within about a second.
    std::atomic<bool> cancel_{false};
    int duplicates_ = 0;
    bool stopping_ = false;
    std::vector<std::thread> threads_;
};

} // namespace sandbox
