#include "store/lifecycle.hpp"

#include <algorithm>
#include <mutex>
#include <random>

#include "api/amount.hpp"
#include "mixpay/ascii.hpp"

namespace sandbox {

namespace {

constexpr std::size_t max_steps = 20;
constexpr std::int64_t max_delay = 31536000;

std::string random_txid() {
    static std::mutex mutex;
    static std::mt19937_64 generator{std::random_device{}()};
    static const char* const hex = "0123456789abcdef";
    std::lock_guard<std::mutex> lock(mutex);
    std::string id(64, '0');
    for (auto& c : id) {
        c = hex[generator() & 0xf];
    }
    return id;
}

mpq_class amount_of(const std::string& text) {
    auto value = parse_amount(text);
    return value ? *value : mpq_class(0);
}

// Recognises what is still missing of the payable amount as one more transaction.
void top_up(payment& p, std::int64_t at, int confirmations) {
    mpq_class payable = amount_of(p.payable_amount);
    mpq_class paid = amount_of(p.paid_amount);
    if (paid < payable) {
        transaction tx;
        tx.amount = format_amount(payable - paid, 18);
        tx.confirmations = confirmations;
        tx.txid = random_txid();
        tx.broadcast_at = at;
        p.transactions.push_back(tx);
        p.paid_amount = p.payable_amount;
    }
}

void confirm_all(payment& p, std::int64_t at) {
    for (auto& tx : p.transactions) {
        if (tx.confirmations < tx.required_confirms) {
            tx.confirmations = tx.required_confirms;
            tx.confirm_seconds = std::max<std::int64_t>(0, at - tx.broadcast_at);
        }
    }
}

} // namespace

std::optional<status> settable_status(std::string_view name) {
    const status s = mixpay::status_from_name(name);
    if (s == status::unknown) {
        return std::nullopt;
    }
    return s;
}

const std::vector<failure_reason>& failure_reasons() {
    static const std::vector<failure_reason> reasons = {
        {"40000", "Payment overtime"},
        {"40001", "Receipt address is invalid. Maybe repeat transfer or timeout."},
        {"40020", "Wrong asset paid"},
        {"40021", "Double payment"},
        {"40022", "TraceID does not exist"},
        {"40024", "Wrong Amount paid"},
        {"40025", "Too much market volatility."},
        {"40027", "Your payment fails due to transaction restrictions on settlement assets."},
        {"40032", "The payment was cancelled."},
        {"10095", "The payment was rejected during review."},
    };
    return reasons;
}

const char* failure_reason_of(const std::string& code) {
    for (const auto& r : failure_reasons()) {
        if (code == r.code) {
            return r.reason;
        }
    }
    return nullptr;
}

bool is_callback_event(const std::string& name) {
    return is_default_event(name) || name == "pending" || name == "settle" || name == "paid_less";
}

bool is_default_event(const std::string& name) {
    return name == "success" || name == "fail";
}

const std::vector<std::pair<const char*, const char*>>& named_scripts() {
    static const std::vector<std::pair<const char*, const char*>> scripts = {
        {"success", "confirming:0,pending:30,success:30,settle:60"},
        {"paid_less", "confirming:0,paid_less:30,confirming:600,pending:30,success:30"},
        {"underpaid", "confirming:0,paid_less:30,failed/40024:900"},
        {"auditing", "confirming:0,pending:30,auditing:30,success:3600"},
        {"rejected", "confirming:0,pending:30,auditing:30,failed/10095:3600"},
        {"overtime", "failed/40000:900"},
    };
    return scripts;
}

std::optional<std::vector<step>> parse_steps(const std::string& text, std::string& error) {
    for (const auto& [name, script] : named_scripts()) {
        if (text == name) {
            return parse_steps(script, error);
        }
    }
    std::vector<step> steps;
    std::size_t start = 0;
    while (start <= text.size()) {
        std::size_t end = text.find(',', start);
        std::string part = text.substr(start, end == std::string::npos ? end : end - start);
        start = end == std::string::npos ? text.size() + 1 : end + 1;
        if (steps.size() == max_steps) {
            error = "steps: at most " + std::to_string(max_steps);
            return std::nullopt;
        }
        std::size_t colon = part.find(':');
        std::string what = part.substr(0, colon);
        std::string delay = colon == std::string::npos ? "0" : part.substr(colon + 1);
        const auto seconds =
            mixpay::parse_uint<std::uint64_t>(delay, static_cast<std::uint64_t>(max_delay));
        if (!seconds) {
            error = "steps: '" + part + "': the delay must be 0 to " + std::to_string(max_delay) +
                    " seconds";
            return std::nullopt;
        }
        step s;
        s.delay = static_cast<std::int64_t>(*seconds);
        std::size_t slash = what.find('/');
        std::string name = what.substr(0, slash);
        if (name == "settle" && slash == std::string::npos) {
            s.settle = true;
        } else if (auto to = settable_status(name)) {
            s.to = *to;
            if (slash != std::string::npos) {
                s.failure_code = what.substr(slash + 1);
                if (*to != status::failed || !failure_reason_of(s.failure_code)) {
                    error = "steps: '" + part +
                            "': only failed takes a code, one of the "
                            "documented failure codes";
                    return std::nullopt;
                }
            }
        } else {
            error = "steps: '" + part +
                    "': a status (unpaid, confirming, paid_less, pending, "
                    "auditing, success, failed[/code]) or settle, then :seconds";
            return std::nullopt;
        }
        steps.push_back(s);
    }
    return steps;
}

std::vector<std::string> apply_status(payment& p, status s, const std::string& failure_code,
                                      std::int64_t at) {
    std::vector<std::string> events;
    if (s == status::unknown) {
        return events; // not a status the sandbox sets (settable_status() refuses the word)
    }
    p.state = s;
    p.date = at;
    p.failure_code = "0";
    p.failure_reason = "";
    p.confirmations = -1;
    if (s != status::success) {
        // Only a successful payment is settled.
        p.settled = false;
        p.settled_at = 0;
    }
    switch (s) {
    case status::unpaid:
        p.paid_amount = "0";
        p.transactions.clear();
        break;
    case status::confirming:
        top_up(p, at, 0);
        p.confirmations = 0;
        events.push_back("pending");
        break;
    case status::paid_less: {
        mpq_class payable = amount_of(p.payable_amount);
        if (amount_of(p.paid_amount) >= payable || amount_of(p.paid_amount) == 0) {
            // Half of what is due, confirmed.
            p.transactions.clear();
            transaction tx;
            tx.amount = format_amount(payable / 2, 8);
            tx.txid = random_txid();
            tx.broadcast_at = at;
            p.transactions.push_back(tx);
            p.paid_amount = tx.amount;
        }
        confirm_all(p, at);
        events.push_back("paid_less");
        break;
    }
    case status::pending:
        top_up(p, at, 1);
        confirm_all(p, at);
        p.confirmations = 1;
        events.push_back("pending");
        break;
    case status::auditing:
        top_up(p, at, 1);
        confirm_all(p, at);
        break;
    case status::success:
        top_up(p, at, 1);
        confirm_all(p, at);
        events.push_back("success");
        // Settled at once unless a lifecycle step settles later.
        break;
    case status::failed: {
        std::string code = failure_code.empty() ? "40000" : failure_code;
        const char* reason = failure_reason_of(code);
        p.failure_code = code;
        p.failure_reason = reason ? reason : "";
        events.push_back("fail");
        break;
    }
    case status::unknown: // returned above
        break;
    }
    return events;
}

std::vector<std::string> apply_settle(payment& p, std::int64_t at) {
    if (p.settled || p.state != status::success) {
        return {};
    }
    p.settled = true;
    p.settled_at = at;
    return {"settle"};
}

bool subscribed(const payment& p, const std::string& event) {
    return is_default_event(event) || std::find(p.callback_events.begin(), p.callback_events.end(),
                                                event) != p.callback_events.end();
}

} // namespace sandbox
