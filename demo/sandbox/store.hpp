// The sandbox's state: payments, the log of API requests and the rate-limit window.
// Every member function takes the one lock, so handlers on the server's thread pool can
// call them freely.
#pragma once

#include <chrono>
#include <cstdint>
#include <deque>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "params.hpp"

namespace sandbox {

enum class status { unpaid, pending, success, failed };

const char* status_name(status s);
std::optional<status> status_from_name(const std::string& name);

struct payment {
    std::string trace_id;          // canonical UUID (generated when none was sent): the code
    mixpay::payment_params params; // as received (isTemp normalised to 1/0)
    std::string form;              // encode_form(params): "same parameters" means same form
    std::int64_t created = 0;      // Unix seconds
    std::int64_t code_expires = 0; // created + expireSeconds: the code stops working
    std::int64_t overtime_at = 0;  // expiredTimestamp, 0 when none: status turns failed
    bool temporary = true;         // isTemp: the code can be used once
    status state = status::unpaid;
    std::int64_t date = 0; // Unix seconds of the last status change
    std::string failure_code = "0";
    std::string failure_reason;
    int confirmations = -1;
};

// One API request as /__sandbox/requests lists it.
struct request_record {
    std::string method;
    std::string path;
    std::string content_type;
    std::string body;
    std::vector<std::pair<std::string, std::string>> params;
    std::string origin;
    std::int64_t time_ms = 0;
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

class store {
public:
    static constexpr std::size_t max_payments = 100000;
    static constexpr std::size_t max_requests = 2000; // bodies are up to 64 KiB each
    static constexpr int rate_limit_per_minute = 60;

    // The sandbox's clock: the system clock plus an offset that tests may advance.
    std::int64_t now() const;
    std::int64_t now_ms() const;
    void advance_clock(std::int64_t seconds);

    // Stores `p` unless its traceId or payeeId+orderId is taken; on `same` and
    // `created`, `code` receives the payment's code.
    create_outcome create(const payment& p, std::string& code);

    std::optional<payment> by_trace(const std::string& trace_id);
    std::optional<payment> by_order(const std::string& payee_id, const std::string& order_id);

    code_state state_of(const std::string& code);

    // Pay / Fail from the payment page. Returns the state the code was in; only when it
    // was `payable` is the status changed (and `after` receives the updated payment).
    code_state pay(const std::string& code, payment& after);
    code_state fail(const std::string& code, const std::string& failure_code,
                    const std::string& failure_reason, payment& after);

    // Sets a status directly (the control endpoint); false when there is no such payment.
    bool set_status(const std::string& code, status s, payment& after);

    void record(request_record r);
    std::vector<request_record> requests() const;

    // True when `client` may make one more API request now; `remaining` receives what
    // is left of the minute's allowance.
    bool allow(const std::string& client, int& remaining);
    void set_rate_limit(bool on);
    bool rate_limit() const;

    // Forgets payments, requests, the rate-limit window and the clock offset.
    void reset();

private:
    code_state settle(const std::string& code, status outcome, const std::string& failure_code,
                      const std::string& failure_reason, payment& after);
    void refresh(payment& p, std::int64_t now) const;
    code_state state_locked(const payment& p, std::int64_t now) const;

    mutable std::mutex mutex_;
    std::int64_t offset_ = 0;
    std::map<std::string, payment> payments_;
    std::map<std::string, std::string> orders_; // payeeId '\n' orderId -> code
    std::deque<request_record> requests_;
    bool rate_limit_ = true;
    std::map<std::string, std::deque<std::chrono::steady_clock::time_point>> windows_;
};

} // namespace sandbox
