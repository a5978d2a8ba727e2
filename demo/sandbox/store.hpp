// The sandbox's state: payments, the log of API requests and the rate-limit window.
// Every member function takes the one lock, so handlers on the server's thread pool can
// call them freely.
#pragma once

#include <chrono>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "clock.hpp"
#include "lifecycle.hpp"
#include "mixpay/params.hpp"

namespace sandbox {

// One API request as /__sandbox/requests lists it.
struct request_record {
    std::string method;
    std::string path;
    std::string content_type;
    std::string body;
    std::vector<std::pair<std::string, std::string>> params;
    std::string origin;
    std::int64_t time_ms = 0;
    // The parameter errors of the answer, when it refused the request ({field, message}).
    std::vector<mixpay::field_error> errors;
    std::uint64_t number = 0;
};

enum class create_outcome {
    created,      // a new payment
    same,         // the same traceId (or orderId) with the same parameters: same code
    trace_reused, // the traceId exists with other parameters
    order_reused, // payeeId + orderId exist under another traceId or other parameters
    full          // the store holds max_payments already
};

// What the payment page may do with a code.
enum class code_state { missing, payable, expired, used };

// Called, under the store's lock, for every callback event a payment subscribed to and
// that has a callbackUrl: the payment after the change and the event's name.
using event_sink = std::function<void(const payment&, const std::string& event)>;

class store {
public:
    static constexpr std::size_t max_payments = 100000;
    static constexpr std::size_t max_requests = 2000; // bodies are up to 64 KiB each
    static constexpr int rate_limit_per_minute = 60;

    explicit store(sandbox_clock& clock);

    std::int64_t now() const { return clock_.now(); }
    std::int64_t now_ms() const { return clock_.now_ms(); }

    void on_event(event_sink sink);

    // Stores `p` unless its traceId or payeeId+orderId is taken; on `same` and
    // `created`, `code` receives the payment's code.
    create_outcome create(const payment& p, std::string& code);

    std::optional<payment> by_trace(const std::string& trace_id);
    std::optional<payment> by_order(const std::string& payee_id, const std::string& order_id);

    code_state state_of(const std::string& code);

    // Pay / Fail from the payment page. Returns the state the code was in; only when it
    // was `payable` is the status changed (and `after` receives the updated payment).
    // Pay runs the Pay lifecycle (set_pay_lifecycle) when one is set, else succeeds.
    code_state pay(const std::string& code, payment& after);
    code_state fail(const std::string& code, const std::string& failure_code, payment& after);

    // Sets a status directly (the control endpoint) and ends a running lifecycle; false
    // when there is no such payment.
    bool set_status(const std::string& code, status s, const std::string& failure_code,
                    payment& after);
    // Starts a lifecycle on a payment: its steps follow the sandbox clock from now.
    bool start_lifecycle(const std::string& code, std::vector<step> steps, payment& after);
    // The lifecycle Pay runs instead of an immediate success; empty: immediate success.
    void set_pay_lifecycle(std::vector<step> steps);
    std::vector<step> pay_lifecycle() const;

    // Applies every change that is due by the sandbox clock: lifecycle steps, overtime
    // (expiredTimestamp) and the expiry of an unused code with a callbackUrl.
    void tick();

    // Logs a request; returns its number, for annotate().
    std::uint64_t record(request_record r);
    // The parameter errors the answer to request `number` gave.
    void annotate(std::uint64_t number, std::vector<mixpay::field_error> errors);
    std::vector<request_record> requests() const;

    // True when `client` may make one more API request now; `remaining` receives what
    // is left of the minute's allowance.
    bool allow(const std::string& client, int& remaining);
    void set_rate_limit(bool on);
    bool rate_limit() const;

    // Forgets payments, requests, the rate-limit window, the Pay lifecycle and the clock
    // offset.
    void reset();

private:
    void refresh(payment& p, std::int64_t now);
    void change(payment& p, status s, const std::string& failure_code, std::int64_t at,
                const std::string& source);
    void emit(const payment& p, const std::vector<std::string>& events);
    void schedule(payment& p);
    code_state state_locked(const payment& p, std::int64_t now) const;

    sandbox_clock& clock_;
    event_sink sink_;
    mutable std::mutex mutex_;
    std::map<std::string, payment> payments_;
    std::map<std::string, std::string> orders_;          // payeeId '\n' orderId -> code
    std::set<std::pair<std::int64_t, std::string>> due_; // (sandbox time, code) to refresh
    std::vector<step> pay_lifecycle_;
    std::deque<request_record> requests_;
    std::uint64_t next_request_ = 1;
    bool rate_limit_ = true;
    std::map<std::string, std::deque<std::chrono::steady_clock::time_point>> windows_;
};

} // namespace sandbox
