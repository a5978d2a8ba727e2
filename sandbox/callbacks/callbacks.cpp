#include "callbacks/callbacks.hpp"

#include <chrono>

#include "api/api.hpp"
#include "callbacks/callback_post.hpp"

namespace sandbox {

callback_sender::callback_sender(bool allow_http_loopback, sandbox_clock& clock)
    : allow_http_loopback_(allow_http_loopback), clock_(clock) {
    threads_.emplace_back([this] { run_timer(); });
    for (std::size_t i = 0; i < workers; ++i) {
        threads_.emplace_back([this] { run_worker(); });
    }
}

callback_sender::~callback_sender() {
    stop();
}

void callback_sender::stop() {
    {
        std::lock_guard<std::mutex> lock(mutex_);
        if (stopping_ && threads_.empty()) {
            return;
        }
        stopping_ = true;
        waiting_.clear();
        ready_.clear();
        cancel_ = true;
    }
    ready_cv_.notify_all();
    timer_cv_.notify_all();
    for (auto& t : threads_) {
        if (t.joinable()) {
            t.join();
        }
    }
    threads_.clear();
}

bool callback_sender::send(const callback_job& job) {
    json body = json::object();
    body["orderId"] = job.order_id;
    body["traceId"] = job.trace_id;
    body["payeeId"] = job.payee_id;
    callback_record record;
    record.url = job.url;
    record.trace_id = job.trace_id;
    record.event = job.event;
    record.body = to_text(body);
    record.time_ms = clock_.now_ms();
    auto parts = split_url(job.url);
    bool allowed =
        parts && (parts->scheme == "https" || (allow_http_loopback_ && is_loopback_http(job.url)));
    std::lock_guard<std::mutex> lock(mutex_);
    if (!allowed) {
        record.error = "callbackUrl must be https (http only on loopback with "
                       "--allow-http-callback)";
    } else if (waiting_.size() + ready_.size() >= max_waiting || stopping_) {
        record.error = "too many callbacks waiting";
        allowed = false;
    }
    if (allowed && duplicates_ > 0) {
        --duplicates_;
        record.want_duplicate = true;
    }
    if (allowed) {
        record.next_try_ms = record.time_ms;
    }
    records_.push_back(record);
    std::size_t index = first_index_ + records_.size() - 1;
    while (records_.size() > max_records) {
        records_.pop_front();
        ++first_index_;
    }
    if (allowed) {
        ready_.push_back(index);
        ready_cv_.notify_one();
    }
    return allowed;
}

void callback_sender::duplicate_next(int count) {
    std::lock_guard<std::mutex> lock(mutex_);
    duplicates_ = std::min(duplicates_ + count, static_cast<int>(max_records));
}

int callback_sender::duplicates_queued() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return duplicates_;
}

std::vector<callback_record> callback_sender::records() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return {records_.begin(), records_.end()};
}

void callback_sender::clear() {
    std::lock_guard<std::mutex> lock(mutex_);
    waiting_.clear();
    ready_.clear();
    duplicates_ = 0;
    first_index_ += records_.size();
    records_.clear();
}

void callback_sender::tick() {
    std::lock_guard<std::mutex> lock(mutex_);
    std::int64_t now = clock_.now_ms();
    bool any = false;
    while (!waiting_.empty() && waiting_.begin()->first <= now) {
        ready_.push_back(waiting_.begin()->second);
        waiting_.erase(waiting_.begin());
        any = true;
    }
    if (any) {
        ready_cv_.notify_all();
    }
}

void callback_sender::run_timer() {
    std::unique_lock<std::mutex> lock(mutex_);
    while (!stopping_) {
        timer_cv_.wait_for(lock, std::chrono::milliseconds(100));
        if (stopping_) {
            return;
        }
        lock.unlock();
        tick();
        lock.lock();
    }
}

void callback_sender::run_worker() {
    std::unique_lock<std::mutex> lock(mutex_);
    while (true) {
        ready_cv_.wait(lock, [this] { return stopping_ || !ready_.empty(); });
        if (stopping_) {
            return;
        }
        std::size_t index = ready_.front();
        ready_.pop_front();
        lock.unlock();
        try_once(index);
        lock.lock();
    }
}

void callback_sender::try_once(std::size_t index) {
    std::string url;
    std::string body;
    {
        std::lock_guard<std::mutex> lock(mutex_);
        if (index < first_index_ || stopping_) {
            return; // cleared by a reset meanwhile
        }
        const auto& record = records_[index - first_index_];
        url = record.url;
        body = record.body;
    }
    callback_limits limits;
    limits.connect_seconds = connect_seconds;
    limits.whole_seconds = whole_seconds;
    std::int64_t started = clock_.now_ms();
    callback_answer answer = post_callback(url, body, limits, cancel_);
    int status = answer.status;
    std::string error = answer.error;
    bool delivered = false;
    if (status != 0) {
        json parsed = json::parse(answer.body, nullptr, false);
        delivered = status == 200 && parsed.is_object() && parsed.size() == 1 &&
                    parsed.contains("code") && parsed["code"] == "SUCCESS";
        if (!delivered) {
            error = "the merchant did not answer 200 {\"code\":\"SUCCESS\"}";
        }
    }
    std::lock_guard<std::mutex> lock(mutex_);
    if (index < first_index_ || stopping_) {
        return;
    }
    callback_record& record = records_[index - first_index_];
    record.attempts += 1;
    record.tries_ms.push_back(started);
    record.status = status;
    record.delivered = delivered;
    record.error = error;
    record.next_try_ms = 0;
    if (delivered) {
        if (record.want_duplicate) {
            record.want_duplicate = false;
            callback_record copy = record;
            copy.attempts = 0;
            copy.tries_ms.clear();
            copy.status = 0;
            copy.delivered = false;
            copy.error.clear();
            copy.duplicate = true;
            copy.time_ms = clock_.now_ms();
            copy.next_try_ms = copy.time_ms;
            records_.push_back(copy);
            ready_.push_back(first_index_ + records_.size() - 1);
            while (records_.size() > max_records) {
                records_.pop_front();
                ++first_index_;
            }
            ready_cv_.notify_one();
        }
        return;
    }
    if (record.attempts < max_tries) {
        std::int64_t due = clock_.now_ms() + std::int64_t{retry_delays[record.attempts - 1]} * 1000;
        record.next_try_ms = due;
        waiting_.emplace(due, index);
    }
}

} // namespace sandbox
