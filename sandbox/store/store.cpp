#include "store/store.hpp"

#include <algorithm>

namespace sandbox {

namespace {

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

bool settles_later(const payment& p) {
    return std::any_of(p.script.begin(), p.script.end(), [](const step& s) { return s.settle; });
}

} // namespace

store::store(sandbox_clock& clock) : clock_(clock) {}

void store::on_event(event_sink sink) {
    std::lock_guard<std::mutex> lock(mutex_);
    sink_ = std::move(sink);
}

void store::emit(const payment& p, const std::vector<std::string>& events) {
    if (!sink_ || !p.params.callback_url) {
        return;
    }
    for (const auto& event : events) {
        if (subscribed(p, event)) {
            sink_(p, event);
        }
    }
}

// One status change: the payment's fields, its history and its callback events.
void store::change(payment& p, status s, const std::string& failure_code, std::int64_t at,
                   const std::string& source) {
    auto events = apply_status(p, s, failure_code, at);
    p.history.push_back({at, std::string(status_name(s)), p.failure_code, source});
    if (s == status::success && !settles_later(p)) {
        auto settle = apply_settle(p, at);
        events.insert(events.end(), settle.begin(), settle.end());
    }
    if (status_is_final(s)) {
        // A terminal status ends the script, except for a settlement still to come.
        p.script.erase(std::remove_if(p.script.begin(), p.script.end(),
                                      [](const step& st) { return !st.settle; }),
                       p.script.end());
    }
    emit(p, events);
}

// Applies what is due by `now`, in the order it became due.
void store::refresh(payment& p, std::int64_t now) {
    for (int guard = 0; guard < 64; ++guard) {
        std::int64_t overtime =
            p.overtime_at != 0 && !status_is_final(p.state) ? p.overtime_at : INT64_MAX;
        // A temporary code with a callbackUrl that expires unused fails (40000) and sends
        // the fail callback (change log 2026-08-13).
        std::int64_t expiry = p.temporary && p.params.callback_url && p.state == status::unpaid
                                  ? p.code_expires
                                  : INT64_MAX;
        std::int64_t next_step = !p.script.empty() ? p.script_at : INT64_MAX;
        std::int64_t first = std::min({overtime, expiry, next_step});
        if (first > now) {
            break;
        }
        if (first == next_step && next_step <= std::min(overtime, expiry)) {
            step s = p.script.front();
            p.script.erase(p.script.begin());
            if (!p.script.empty()) {
                p.script_at = next_step + p.script.front().delay;
            }
            if (s.settle) {
                emit(p, apply_settle(p, next_step));
                p.history.push_back({next_step, "settled", "", "lifecycle"});
            } else if (!status_is_final(p.state)) {
                change(p, s.to, s.failure_code, next_step, "lifecycle");
            }
        } else if (first == overtime) {
            // A fully recognised payment waits for its confirmations past the deadline.
            if (p.state == status::confirming && p.paid_amount == p.payable_amount) {
                p.overtime_at = 0;
                continue;
            }
            status before = p.state;
            change(p, status::failed, before == status::paid_less ? "40024" : "40000", overtime,
                   "overtime");
        } else {
            p.expiry_failed = true;
            change(p, status::failed, "40000", expiry, "expiry");
        }
    }
    schedule(p);
}

void store::schedule(payment& p) {
    if (p.due_at != 0) {
        due_.erase({p.due_at, p.trace_id});
    }
    std::int64_t next = INT64_MAX;
    if (!p.script.empty()) {
        next = p.script_at;
    }
    if (p.overtime_at != 0 && !status_is_final(p.state)) {
        next = std::min(next, p.overtime_at);
    }
    if (p.temporary && p.params.callback_url && p.state == status::unpaid) {
        next = std::min(next, p.code_expires);
    }
    p.due_at = next == INT64_MAX ? 0 : next;
    if (p.due_at != 0) {
        due_.insert({p.due_at, p.trace_id});
    }
}

void store::tick() {
    std::lock_guard<std::mutex> lock(mutex_);
    std::int64_t now = clock_.now();
    while (!due_.empty() && due_.begin()->first <= now) {
        std::string code = due_.begin()->second;
        due_.erase(due_.begin());
        auto it = payments_.find(code);
        if (it == payments_.end()) {
            continue;
        }
        it->second.due_at = 0;
        refresh(it->second, now);
    }
}

code_state store::state_locked(const payment& p, std::int64_t now) const {
    if (p.expiry_failed || (p.overtime_at != 0 && now >= p.overtime_at &&
                            p.state == status::failed && p.failure_code == "40000")) {
        return code_state::expired;
    }
    if (now >= p.code_expires) {
        return code_state::expired;
    }
    if (p.temporary && status_is_final(p.state)) {
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
    auto& stored = payments_.emplace(p.trace_id, p).first->second;
    stored.history.push_back({p.created, std::string(status_name(p.state)), "0", "create"});
    schedule(stored);
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
    refresh(it->second, clock_.now());
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

// The payment behind `code`, brought up to `now`, and whether it can still be paid or
// failed; nullptr for an unknown code. The caller holds the lock.
payment* store::find_locked(const std::string& code, std::int64_t now, code_state& state) {
    auto it = payments_.find(code);
    if (it == payments_.end()) {
        state = code_state::missing;
        return nullptr;
    }
    refresh(it->second, now);
    state = state_locked(it->second, now);
    return &it->second;
}

code_state store::state_of(const std::string& code) {
    std::lock_guard<std::mutex> lock(mutex_);
    code_state state;
    find_locked(code, clock_.now(), state);
    return state;
}

code_state store::pay(const std::string& code, payment& after) {
    std::lock_guard<std::mutex> lock(mutex_);
    const std::int64_t now = clock_.now();
    code_state state;
    payment* p = find_locked(code, now, state);
    if (state == code_state::payable) {
        if (pay_lifecycle_.empty()) {
            p->script.clear();
            change(*p, status::success, "", now, "pay");
        } else {
            p->script = pay_lifecycle_;
            p->script_at = now + p->script.front().delay;
            refresh(*p, now);
        }
        schedule(*p);
        after = *p;
    }
    return state;
}

code_state store::fail(const std::string& code, const std::string& failure_code, payment& after) {
    std::lock_guard<std::mutex> lock(mutex_);
    const std::int64_t now = clock_.now();
    code_state state;
    payment* p = find_locked(code, now, state);
    if (state == code_state::payable) {
        p->script.clear();
        change(*p, status::failed, failure_code, now, "fail");
        schedule(*p);
        after = *p;
    }
    return state;
}

bool store::set_status(const std::string& code, status s, const std::string& failure_code,
                       payment& after) {
    std::lock_guard<std::mutex> lock(mutex_);
    auto it = payments_.find(code);
    if (it == payments_.end()) {
        return false;
    }
    payment& p = it->second;
    p.script.clear();
    change(p, s, failure_code, clock_.now(), "control");
    schedule(p);
    after = p;
    return true;
}

bool store::start_lifecycle(const std::string& code, std::vector<step> steps, payment& after) {
    std::lock_guard<std::mutex> lock(mutex_);
    auto it = payments_.find(code);
    if (it == payments_.end()) {
        return false;
    }
    payment& p = it->second;
    std::int64_t now = clock_.now();
    p.script = std::move(steps);
    if (!p.script.empty()) {
        p.script_at = now + p.script.front().delay;
    }
    refresh(p, now);
    after = p;
    return true;
}

void store::set_pay_lifecycle(std::vector<step> steps) {
    std::lock_guard<std::mutex> lock(mutex_);
    pay_lifecycle_ = std::move(steps);
}

std::vector<step> store::pay_lifecycle() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return pay_lifecycle_;
}

void store::reset() {
    std::lock_guard<std::mutex> lock(mutex_);
    clock_.reset();
    payments_.clear();
    orders_.clear();
    due_.clear();
    pay_lifecycle_.clear();
}

} // namespace sandbox
