#include "callbacks.hpp"

#include <chrono>

#include <httplib.h>

#include "api.hpp"

namespace sandbox {

namespace {

std::int64_t system_ms() {
    using namespace std::chrono;
    return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

} // namespace

callback_sender::callback_sender(bool allow_http_loopback)
    : allow_http_loopback_(allow_http_loopback), worker_([this] { run(); }) {}

callback_sender::~callback_sender() {
    stop();
}

void callback_sender::stop() {
    {
        std::lock_guard<std::mutex> lock(mutex_);
        stopping_ = true;
        queue_.clear();
    }
    wake_.notify_all();
    if (worker_.joinable()) {
        worker_.join();
    }
}

bool callback_sender::send(const callback_job& job) {
    json body = json::object();
    body["orderId"] = job.order_id;
    body["traceId"] = job.trace_id;
    body["payeeId"] = job.payee_id;
    callback_record record;
    record.url = job.url;
    record.trace_id = job.trace_id;
    record.body = to_text(body);
    record.time_ms = system_ms();
    auto parts = split_url(job.url);
    bool allowed =
        parts && (parts->scheme == "https" || (allow_http_loopback_ && is_loopback_http(job.url)));
    std::lock_guard<std::mutex> lock(mutex_);
    if (!allowed) {
        record.error = "callbackUrl must be https (http only on loopback with "
                       "--allow-http-callback)";
    } else if (queue_.size() >= max_queued || stopping_) {
        record.error = "too many callbacks queued";
        allowed = false;
    }
    records_.push_back(record);
    std::size_t index = first_index_ + records_.size() - 1;
    while (records_.size() > max_records) {
        records_.pop_front();
        ++first_index_;
    }
    if (allowed) {
        queue_.emplace_back(job, index);
        wake_.notify_all();
    }
    return allowed;
}

std::vector<callback_record> callback_sender::records() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return {records_.begin(), records_.end()};
}

void callback_sender::clear() {
    std::lock_guard<std::mutex> lock(mutex_);
    queue_.clear();
    first_index_ += records_.size();
    records_.clear();
}

void callback_sender::run() {
    std::unique_lock<std::mutex> lock(mutex_);
    while (true) {
        wake_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
        if (stopping_) {
            return;
        }
        auto [job, index] = queue_.front();
        queue_.pop_front();
        lock.unlock();
        deliver(job, index);
        lock.lock();
    }
}

void callback_sender::deliver(const callback_job& job, std::size_t index) {
    auto parts = split_url(job.url);
    std::string body;
    {
        std::lock_guard<std::mutex> lock(mutex_);
        if (index < first_index_) {
            return; // cleared by a reset meanwhile
        }
        body = records_[index - first_index_].body;
    }
    std::string host =
        parts->host.find(':') != std::string::npos ? "[" + parts->host + "]" : parts->host;
    for (int attempt = 1; attempt <= max_attempts; ++attempt) {
        httplib::Client client(parts->scheme + "://" + host + ":" + std::to_string(parts->port));
        client.set_connection_timeout(2, 0);
        client.set_read_timeout(3, 0);
        client.set_write_timeout(3, 0);
        client.set_follow_location(false);
        auto answer = client.Post(parts->target.c_str(), body, "application/json");
        int status = answer ? answer->status : 0;
        std::string error;
        bool delivered = false;
        if (!answer) {
            error = httplib::to_string(answer.error());
        } else {
            json reply = json::parse(answer->body, nullptr, false);
            delivered = status == 200 && reply.is_object() && reply.contains("code") &&
                        reply["code"] == "SUCCESS";
            if (!delivered) {
                error = "the merchant did not answer 200 {\"code\":\"SUCCESS\"}";
            }
        }
        {
            std::lock_guard<std::mutex> lock(mutex_);
            if (index < first_index_ || stopping_) {
                return;
            }
            callback_record& record = records_[index - first_index_];
            record.attempts = attempt;
            record.status = status;
            record.delivered = delivered;
            record.error = error;
        }
        if (delivered || attempt == max_attempts) {
            return;
        }
        std::unique_lock<std::mutex> lock(mutex_);
        if (wake_.wait_for(lock, std::chrono::milliseconds(retry_delay_ms),
                           [this] { return stopping_; })) {
            return;
        }
    }
}

} // namespace sandbox
