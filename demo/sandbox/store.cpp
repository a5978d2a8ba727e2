#include "store.hpp"

#include <algorithm>
#include <chrono>

namespace sandbox {

namespace {

std::int64_t system_ms() {
    using namespace std::chrono;
    return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

std::string lower(std::string text) {
    std::transform(text.begin(), text.end(), text.begin(), [](unsigned char c) {
        return static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
    });
    return text;
}

// payeeId is compared without case: the same account written in upper or lower case.
std::string order_key(const std::string& payee_id, const std::string& order_id) {
    return lower(payee_id) + '\n' + order_id;
}

} // namespace

const char* status_name(status s) {
    switch (s) {
    case status::unpaid:
        return "unpaid";
    case status::pending:
        return "pending";
    case status::success:
        return "success";
    case status::failed:
        return "failed";
    }
    return "unpaid";
}

std::optional<status> status_from_name(const std::string& name) {
    for (status s : {status::unpaid, status::pending, status::success, status::failed}) {
        if (name == status_name(s)) {
            return s;
        }
    }
    return std::nullopt;
}

std::int64_t store::now() const {
    return now_ms() / 1000;
}

std::int64_t store::now_ms() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return system_ms() + offset_ * 1000;
}

void store::advance_clock(std::int64_t seconds) {
    std::lock_guard<std::mutex> lock(mutex_);
    offset_ += seconds;
}

void store::refresh(payment& p, std::int64_t now) const {
    if (p.overtime_at != 0 && now >= p.overtime_at &&
        (p.state == status::unpaid || p.state == status::pending)) {
        p.state = status::failed;
        p.date = p.overtime_at;
        p.failure_code = "40000";
        p.failure_reason = "Payment overtime";
        p.confirmations = -1;
    }
}

code_state store::state_locked(const payment& p, std::int64_t now) const {
    if (p.overtime_at != 0 && now >= p.overtime_at && p.failure_code == "40000") {
        return code_state::expired;
    }
    if (now >= p.code_expires) {
        return code_state::expired;
    }
    if (p.temporary && (p.state == status::success || p.state == status::failed)) {
        return code_state::used;
    }
    return code_state::payable;
}

create_outcome store::create(const payment& p, std::string& code) {
    std::lock_guard<std::mutex> lock(mutex_);
    auto existing = payments_.find(p.trace_id);
    if (existing != payments_.end()) {
        if (existing->second.form != p.form) {
            return create_outcome::trace_reused;
        }
        code = existing->first;
        return create_outcome::same;
    }
    if (p.params.order_id) {
        auto order = orders_.find(order_key(*p.params.payee_id, *p.params.order_id));
        if (order != orders_.end()) {
            // Without a traceId, payeeId + orderId identify the payment.
            if (!p.params.trace_id && payments_.at(order->second).form == p.form) {
                code = order->second;
                return create_outcome::same;
            }
            return create_outcome::order_reused;
        }
    }
    if (payments_.size() >= max_payments) {
        return create_outcome::full;
    }
    payments_.emplace(p.trace_id, p);
    if (p.params.order_id) {
        orders_.emplace(order_key(*p.params.payee_id, *p.params.order_id), p.trace_id);
    }
    code = p.trace_id;
    return create_outcome::created;
}

std::optional<payment> store::by_trace(const std::string& trace_id) {
    std::lock_guard<std::mutex> lock(mutex_);
    auto it = payments_.find(trace_id);
    if (it == payments_.end()) {
        return std::nullopt;
    }
    refresh(it->second, (system_ms() + offset_ * 1000) / 1000);
    return it->second;
}

std::optional<payment> store::by_order(const std::string& payee_id, const std::string& order_id) {
    std::string code;
    {
        std::lock_guard<std::mutex> lock(mutex_);
        auto it = orders_.find(order_key(payee_id, order_id));
        if (it == orders_.end()) {
            return std::nullopt;
        }
        code = it->second;
    }
    return by_trace(code);
}

code_state store::state_of(const std::string& code) {
    std::lock_guard<std::mutex> lock(mutex_);
    auto it = payments_.find(code);
    if (it == payments_.end()) {
        return code_state::missing;
    }
    std::int64_t now = (system_ms() + offset_ * 1000) / 1000;
    refresh(it->second, now);
    return state_locked(it->second, now);
}

code_state store::pay(const std::string& code, payment& after) {
    return settle(code, status::success, "0", "", after);
}

code_state store::fail(const std::string& code, const std::string& failure_code,
                       const std::string& failure_reason, payment& after) {
    return settle(code, status::failed, failure_code, failure_reason, after);
}

// The buyer's Pay or Fail on the payment page: only a payable code changes.
code_state store::settle(const std::string& code, status outcome, const std::string& failure_code,
                         const std::string& failure_reason, payment& after) {
    std::lock_guard<std::mutex> lock(mutex_);
    auto it = payments_.find(code);
    if (it == payments_.end()) {
        return code_state::missing;
    }
    std::int64_t now = (system_ms() + offset_ * 1000) / 1000;
    refresh(it->second, now);
    code_state state = state_locked(it->second, now);
    if (state == code_state::payable) {
        payment& p = it->second;
        p.state = outcome;
        p.date = now;
        p.failure_code = failure_code;
        p.failure_reason = failure_reason;
        p.confirmations = -1;
        after = p;
    }
    return state;
}

bool store::set_status(const std::string& code, status s, payment& after) {
    std::lock_guard<std::mutex> lock(mutex_);
    auto it = payments_.find(code);
    if (it == payments_.end()) {
        return false;
    }
    payment& p = it->second;
    p.state = s;
    p.date = (system_ms() + offset_ * 1000) / 1000;
    p.failure_code = s == status::failed ? "40001" : "0";
    p.failure_reason =
        s == status::failed ? "Receipt address is invalid. Maybe repeat transfer or timeout." : "";
    p.confirmations = s == status::pending ? 0 : -1;
    after = p;
    return true;
}

void store::record(request_record r) {
    std::lock_guard<std::mutex> lock(mutex_);
    requests_.push_back(std::move(r));
    while (requests_.size() > max_requests) {
        requests_.pop_front();
    }
}

std::vector<request_record> store::requests() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return {requests_.begin(), requests_.end()};
}

bool store::allow(const std::string& client, int& remaining) {
    std::lock_guard<std::mutex> lock(mutex_);
    if (!rate_limit_) {
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

void store::set_rate_limit(bool on) {
    std::lock_guard<std::mutex> lock(mutex_);
    rate_limit_ = on;
    windows_.clear();
}

bool store::rate_limit() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return rate_limit_;
}

void store::reset() {
    std::lock_guard<std::mutex> lock(mutex_);
    offset_ = 0;
    payments_.clear();
    orders_.clear();
    requests_.clear();
    windows_.clear();
}

} // namespace sandbox
