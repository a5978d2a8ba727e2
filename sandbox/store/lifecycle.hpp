// A payment's life as MixPay documents it (docs/api/payments/payment-lifecycle.md): seven
// statuses, what each one shows in payments_result, which callback event each change
// sends, and scripted lifecycles whose steps follow the sandbox clock.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "mixpay/params.hpp"
#include "mixpay/payment_status.hpp"

namespace sandbox {

// The core's statuses, with its status_name() and status_is_final() (only success and
// failed are final). The sandbox sets and shows the seven MixPay documents, never unknown.
using status = mixpay::payment_status;

// The status a request or a lifecycle step names: one of the seven words, exactly as the
// API writes it; nullopt for any other word, "unknown" included.
std::optional<status> settable_status(std::string_view name);

// The failure codes payments_result documents (2022 and current), with their reasons.
struct failure_reason {
    const char* code;
    const char* reason;
};
const std::vector<failure_reason>& failure_reasons();
// The reason of a documented code; nullptr for another code.
const char* failure_reason_of(const std::string& code);

// The callback events (docs/api/payments/payment-callback.md#callback-event): success and
// fail are always sent; pending, settle and paid_less only when callbackEvent asks.
bool is_callback_event(const std::string& name);
bool is_default_event(const std::string& name);

// One step of a scripted lifecycle: `delay` sandbox seconds after the step before (or
// after the start), the payment takes status `to` (with `failure_code` when failed), or
// its settlement completes (`settle`).
struct step {
    std::int64_t delay = 0;
    status to = status::unpaid;
    std::string failure_code; // failed only; empty: 40000
    bool settle = false;
};

// "confirming:0,pending:30,success:30,settle:60" or a named script (see named_scripts()).
// A failed step may name its code: "failed/40024:600". At most 20 steps, delays 0 to
// 31536000. nullopt with `error` set when a part is refused.
std::optional<std::vector<step>> parse_steps(const std::string& text, std::string& error);

// The named scripts parse_steps() takes, as (name, steps).
const std::vector<std::pair<const char*, const char*>>& named_scripts();

// One transaction the sandbox pretends to have seen (with=transactions).
struct transaction {
    std::string amount; // in the payment asset
    int required_confirms = 1;
    int confirmations = 0;
    std::string txid;
    std::int64_t broadcast_at = 0;
    std::int64_t confirm_seconds = 0;
};

// A status change, as /__sandbox/payments/<traceId> lists it.
struct history_entry {
    std::int64_t time = 0;
    std::string status;
    std::string failure_code;
    std::string source; // "create", "pay", "fail", "control", "lifecycle", "overtime", "expiry"
};

struct payment {
    std::string trace_id;          // canonical UUID (generated when none was sent): the code
    mixpay::payment_params params; // as received (isTemp normalised to 1/0)
    std::string form;              // the parameters as sent: "same parameters" means same form
    bool strict_mode = false;
    std::vector<std::string> callback_events; // the subscribed events beyond success and fail
    std::string client_id;                    // payments_info's clientId

    // The assets and amounts the asset table gives at creation.
    std::string quote_symbol;
    std::string quote_version;
    std::string payment_asset_id;
    std::string payment_symbol;
    std::string payment_version;
    std::string payable_amount; // in the payment asset
    std::string settle_asset_id;
    std::string settle_symbol;
    std::string settle_version;
    std::string settle_amount;

    std::int64_t created = 0;      // Unix seconds
    std::int64_t code_expires = 0; // created + expireSeconds: the code stops working
    std::int64_t overtime_at = 0;  // expiredTimestamp, 0 when none: status turns failed
    bool temporary = true;         // isTemp: the code can be used once

    status state = status::unpaid;
    std::int64_t date = 0; // Unix seconds of the last status change
    std::string failure_code = "0";
    std::string failure_reason;
    int confirmations = -1;
    std::string paid_amount = "0"; // recognised, in the payment asset
    std::vector<transaction> transactions;
    bool settled = false;
    std::int64_t settled_at = 0;
    bool expiry_failed = false; // the unused code expired and the payment failed

    std::vector<step> script;   // the lifecycle's steps still to come
    std::int64_t script_at = 0; // when the next step is due
    std::int64_t due_at = 0;    // the store's next refresh of this payment, 0: none
    std::vector<history_entry> history;
};

// Gives `p` status `s` at sandbox time `at`: failure code and reason, the recognised
// amount and transactions, confirmations and settlement. Returns the callback events the
// change makes (before filtering by subscription): "success" (and "settle" when the
// settlement completes with it), "fail", "pending" (confirming and pending), "paid_less".
std::vector<std::string> apply_status(payment& p, status s, const std::string& failure_code,
                                      std::int64_t at);

// Completes the settlement; returns {"settle"} unless it was settled already.
std::vector<std::string> apply_settle(payment& p, std::int64_t at);

// Whether `p` subscribed to `event` (success and fail always).
bool subscribed(const payment& p, const std::string& event);

} // namespace sandbox
