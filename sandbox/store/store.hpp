// The payments: creation, the payment page's Pay and Fail, statuses, lifecycles and the
// deadlines the sandbox clock reaches. Every member function takes the one lock, so
// handlers on the server's thread pool can call them freely. The log of API requests
// (request_log.hpp) and the rate limit (rate_limit.hpp) are parts of their own.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "mixpay/params.hpp"
#include "store/clock.hpp"
#include "store/lifecycle.hpp"

namespace sandbox {

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

    // Forgets payments and the Pay lifecycle, and sets the clock offset back to 0.
    void reset();

private:
    void refresh(payment& p, std::int64_t now);
    void change(payment& p, status s, const std::string& failure_code, std::int64_t at,
                const std::string& source);
    void emit(const payment& p, const std::vector<std::string>& events);
    void schedule(payment& p);
    code_state state_locked(const payment& p, std::int64_t now) const;
    payment* find_locked(const std::string& code, std::int64_t now, code_state& state);

    sandbox_clock& clock_;
    event_sink sink_;
    mutable std::mutex mutex_;
    std::map<std::string, payment> payments_;
    std::map<std::string, std::string> orders_;          // payeeId '\n' orderId -> code
    std::set<std::pair<std::int64_t, std::string>> due_; // (sandbox time, code) to refresh
    std::vector<step> pay_lifecycle_;
};

} // namespace sandbox
