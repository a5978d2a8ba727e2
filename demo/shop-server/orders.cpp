#include "orders.hpp"

#include <algorithm>
#include <csignal>
#include <limits>
#include <unistd.h>

#include "mixpay/ascii.hpp"
#include "mixpay/uuid.hpp"

namespace shop {

namespace {

// A verdict GET /orders reuses instead of asking MixPay again.
constexpr std::int64_t status_reuse_ms = 2000;
// A callback reuses a verdict only when its lookup started this shortly before the callback
// came (it waited for that lookup); an older one may predate the payment.
constexpr std::int64_t callback_reuse_ms = 1000;
// How long a buyer's checkout waits for the budget before it answers 503.
constexpr auto checkout_wait = std::chrono::milliseconds(2000);
// Longer than the merchant library's longest create call (its attempts, their timeouts and
// the backoff between them): an order is never swept while its payment is being created.
constexpr std::int64_t longest_create_ms = 120000;

std::int64_t now_ms() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

bool is_mismatch_of_the_order(mixpay::mismatch_code code) {
    return code == mixpay::mismatch_code::payee_mismatch ||
           code == mixpay::mismatch_code::amount_mismatch ||
           code == mixpay::mismatch_code::asset_mismatch ||
           code == mixpay::mismatch_code::trace_mismatch;
}

// The shop's word for a verdict. A payment that does not match the order is a mismatch
// whatever its status: it must never read as paid, nor as merely unpaid.
std::string status_of(const mixpay::verification& verdict) {
    if (verdict.paid) {
        return "paid";
    }
    const auto& found = verdict.mismatches;
    if (std::any_of(found.begin(), found.end(),
                    [](const mixpay::mismatch& m) { return is_mismatch_of_the_order(m.code); })) {
        return "mismatch";
    }
    for (const auto& m : found) {
        if (m.code == mixpay::mismatch_code::api_error && m.actual == "40022") {
            return "unpaid"; // MixPay has no payment under this traceId
        }
        if (mixpay::to_string(m.code).substr(0, 7) != "status_") {
            return "unknown";
        }
    }
    // Only MixPay's status stands in the way. Every status but failed may still become
    // success, so each is shown as not paid yet in its own word.
    switch (verdict.result.status) {
    case mixpay::payment_status::unpaid:
        return "unpaid";
    case mixpay::payment_status::confirming:
        return "confirming";
    case mixpay::payment_status::paid_less:
        return "paid_less";
    case mixpay::payment_status::pending:
        return "pending";
    case mixpay::payment_status::auditing:
        return "auditing";
    case mixpay::payment_status::failed:
        return "failed";
    case mixpay::payment_status::success: // not reached: success with no mismatch is paid
    case mixpay::payment_status::unknown:
        break;
    }
    return "unknown";
}

// A verdict no later lookup can change: MixPay calls back for these and needs no new call.
bool is_final(const std::string& status) {
    return status == "paid" || status == "failed" || status == "mismatch";
}

checkout_outcome refusal(int status, std::string error, std::string message) {
    checkout_outcome out;
    out.http_status = status;
    out.error = std::move(error);
    out.message = std::move(message);
    return out;
}

order_view view(const order_record& o) {
    return {o.trace_id, o.order_id, o.product, o.amount, o.asset, o.status, o.mismatches};
}

// The payment's lifetime at MixPay (expiredTimestamp): half the order's, so that a payment
// made in the code's last second still finds its order when MixPay's callback comes (and
// is retried) for as long again. MixPay takes 10 s to 240 min.
std::int64_t code_lifetime_s(std::chrono::seconds order_ttl) {
    return std::clamp<std::int64_t>(order_ttl.count() / 2, 60, 14000);
}

mixpay::payment_params params_of(const order_record& o) {
    mixpay::payment_params params;
    params.payee_id = o.payee_id;
    params.quote_amount = o.amount;
    params.quote_asset_id = o.asset;
    params.settlement_asset_id = o.settlement_asset_id;
    params.trace_id = o.trace_id;
    params.order_id = o.order_id;
    params.remark = o.name;
    params.return_to = o.return_to;
    params.failed_return_to = o.failed_return_to;
    params.expired_timestamp = o.expired_timestamp;
    if (!o.callback_url.empty()) {
        params.callback_url = o.callback_url;
    }
    return params;
}

} // namespace

class order_book::order_lock {
public:
    order_lock(order_book& book, const std::string& key) : book_(book), key_(key) {
        {
            std::lock_guard<std::mutex> lock(book_.locks_mutex_);
            auto& slot = book_.locks_[key_];
            if (!slot) {
                slot = std::make_shared<std::mutex>();
            }
            mutex_ = slot;
        }
        mutex_->lock();
    }
    ~order_lock() {
        mutex_->unlock();
        std::lock_guard<std::mutex> lock(book_.locks_mutex_);
        auto found = book_.locks_.find(key_);
        // Only the map and this lock hold it: nobody waits, so the entry goes.
        if (found != book_.locks_.end() && found->second.use_count() == 2) {
            book_.locks_.erase(found);
        }
    }
    order_lock(const order_lock&) = delete;
    order_lock& operator=(const order_lock&) = delete;

private:
    order_book& book_;
    std::string key_;
    std::shared_ptr<std::mutex> mutex_;
};

order_book::order_book(const mixpay::merchant_client& client, order_store& store,
                       mixpay_budget& budget, shop_settings settings, logger log)
    : client_(client), store_(store), budget_(budget), settings_(std::move(settings)),
      log_(std::move(log)) {
    sweeper_ = std::thread([this] { sweep_loop(); });
}

order_book::~order_book() {
    {
        std::lock_guard<std::mutex> lock(sweep_mutex_);
        stopping_ = true;
    }
    sweep_wake_.notify_all();
    sweeper_.join();
}

void order_book::sweep_loop() {
    const auto shortest = std::min(settings_.order_ttl, settings_.failed_ttl);
    const auto interval = std::clamp<std::chrono::milliseconds>(
        std::chrono::duration_cast<std::chrono::milliseconds>(shortest) / 2,
        std::chrono::milliseconds(500), std::chrono::milliseconds(60000));
    std::unique_lock<std::mutex> lock(sweep_mutex_);
    while (!sweep_wake_.wait_for(lock, interval, [this] { return stopping_; })) {
        lock.unlock();
        try {
            if (std::size_t gone = store_.sweep(now_ms())) {
                log_("forgot " + std::to_string(gone) + " expired order(s)");
            }
        } catch (const std::exception& e) {
            log_(std::string("sweep: ") + e.what());
        }
        lock.lock();
    }
}

void order_book::reached(const char* point) const {
    if (settings_.kill_at == point) {
        ::kill(::getpid(), SIGKILL);
    }
}

checkout_outcome order_book::checkout(std::string_view trace_text, std::string_view product_id) {
    const std::string trace_id = mixpay::canonical_uuid(trace_text);
    if (trace_id.empty()) {
        return refusal(400, "invalid_trace_id", "traceId must be a UUID.");
    }
    if (product_id.empty()) {
        return refusal(400, "missing_product", "product is required.");
    }
    const product* item = find_product(product_id);
    if (item == nullptr) {
        return refusal(400, "unknown_product", "There is no such product.");
    }

    order_lock lock(*this, trace_id);
    std::optional<order_record> found = store_.find(trace_id);
    const std::int64_t now = now_ms();
    if (found && found->expires_ms != 0 && found->expires_ms <= now) {
        store_.sweep(now); // its time is up: a new order takes the traceId
        found = store_.find(trace_id);
    }
    order_record o;
    if (found) {
        o = std::move(*found);
        if (o.product != item->id) {
            return refusal(409, "trace_id_in_use",
                           "This traceId belongs to an order of another product.");
        }
        if (!o.code.empty()) {
            checkout_outcome out;
            out.code = o.code;
            out.url = o.url;
            return out;
        }
        if (o.state == "refused") {
            return refusal(409, "mixpay_refused", "MixPay refused this payment.");
        }
        // Stored, and maybe created at MixPay by a call that got no answer (or by a shop that
        // stopped before it could store the code): the same parameters again.
        // The stored deadline is the shop's own digits (std::to_string of a positive time);
        // one that does not read as such (an edited database) counts as passed, since sending
        // it again would be a request MixPay refuses.
        const auto deadline = mixpay::parse_uint<std::uint64_t>(
            o.expired_timestamp, std::numeric_limits<std::int64_t>::max());
        if (!deadline || static_cast<std::int64_t>(*deadline) <= now / 1000 + 15) {
            return refusal(409, "order_expired", "This order's payment has expired.");
        }
        if (!budget_.take(mixpay_budget::use::checkout, checkout_wait)) {
            return refusal(503, "mixpay_busy", "The shop is busy; please try again.");
        }
        store_.set_failed(trace_id, "creating",
                          now + std::chrono::milliseconds(settings_.failed_ttl).count() +
                              longest_create_ms);
    } else {
        // A full book costs no MixPay request; then the budget: an order that cannot be sent
        // now is not stored at all. (insert() checks the cap again, in its transaction.)
        store_.sweep(now);
        if (store_.live_unpaid(now) >= settings_.max_orders) {
            return refusal(503, "too_many_orders", "The shop takes no more orders now.");
        }
        if (!budget_.take(mixpay_budget::use::checkout, checkout_wait)) {
            return refusal(503, "mixpay_busy", "The shop is busy; please try again.");
        }
        o.trace_id = trace_id;
        o.product = std::string(item->id);
        o.name = std::string(item->name);
        o.amount = std::string(item->amount);
        o.asset = std::string(item->asset);
        o.payee_id = settings_.payee_id;
        o.settlement_asset_id = settings_.settlement_asset_id;
        o.return_to = settings_.return_to;
        o.failed_return_to = settings_.failed_return_to;
        o.callback_url = settings_.callback_url;
        o.expired_timestamp = std::to_string(now / 1000 + code_lifetime_s(settings_.order_ttl));
        o.created_ms = now;
        o.expires_ms =
            now + std::chrono::milliseconds(settings_.failed_ttl).count() + longest_create_ms;
        // Written (and on disk) before MixPay hears of it.
        switch (store_.insert(o, now, settings_.max_orders)) {
        case order_store::inserted::full:
            return refusal(503, "too_many_orders", "The shop takes no more orders now.");
        case order_store::inserted::exists: // cannot happen under the order's lock
            return refusal(409, "trace_id_in_use", "This traceId is in use.");
        case order_store::inserted::ok:
            break;
        }
        log_("order " + o.order_id + " (" + o.product + ") for traceId " + trace_id);
        reached("order-stored");
    }

    const mixpay::created_payment created = client_.create_payment(params_of(o));
    if (!created.errors.empty()) {
        const auto& first = created.errors.front();
        log_("order " + o.order_id + ": not sent: " + first.field + ": " + first.message);
        store_.set_failed(trace_id, "refused", now_ms());
        return refusal(500, "shop_misconfigured", first.message);
    }
    if (!created.ok) {
        const auto& failure = created.failure;
        log_("order " + o.order_id + ": MixPay: " + std::string(mixpay::to_string(failure.kind)) +
             " " + std::to_string(failure.status) + " " + std::to_string(failure.code) + " " +
             failure.message + " after " + std::to_string(created.attempts) + " attempt(s)");
        const std::int64_t forget =
            now_ms() + std::chrono::milliseconds(settings_.failed_ttl).count();
        // A refusal created nothing; any other failure may have, and the button's retry
        // with the same traceId continues it.
        if (failure.kind == mixpay::failure_kind::api && !failure.transient) {
            store_.set_failed(trace_id, "refused", forget);
            return refusal(409, "mixpay_refused", failure.message);
        }
        store_.set_failed(trace_id, "creating", forget);
        return refusal(502, "mixpay_unavailable",
                       "MixPay could not be reached: " + failure.message);
    }
    reached("payment-created");
    store_.set_created(trace_id, created.code, created.url,
                       o.created_ms + std::chrono::milliseconds(settings_.order_ttl).count());
    log_("order " + o.order_id + ": payment " + created.code + " after " +
         std::to_string(created.attempts) + " attempt(s)");
    checkout_outcome out;
    out.code = created.code;
    out.url = created.url;
    return out;
}

void order_book::verify(const order_record& o, std::int64_t started_ms) {
    mixpay::expected_payment expected;
    expected.payee_id = o.payee_id;
    expected.quote_amount = o.amount;
    expected.quote_asset_id = o.asset;
    // By the traceId: the key the shop holds every order by, and what MixPay's answer
    // carries (it carries no orderId).
    expected.looked_up_by = mixpay::lookup_key::trace_id;
    expected.trace_id = o.trace_id;
    const mixpay::verification verdict = client_.verify(expected);
    const std::string status = status_of(verdict);
    std::vector<std::string> codes;
    for (const auto& m : verdict.mismatches) {
        const std::string code(mixpay::to_string(m.code));
        if (std::find(codes.begin(), codes.end(), code) == codes.end()) {
            codes.push_back(code);
        }
    }
    std::string line = "order " + o.order_id + ": " + status;
    for (const auto& m : verdict.mismatches) {
        line += "; " + std::string(mixpay::to_string(m.code)) + ": " + m.message;
    }
    log_(line);
    reached("verified");
    store_.set_verdict(o.trace_id, status, codes, started_ms);
}

std::optional<order_view> order_book::check(std::string_view trace_text) {
    const std::string trace_id = mixpay::canonical_uuid(trace_text);
    auto o = store_.find(trace_id);
    if (!o || o->status == "paid") {
        return o ? std::optional<order_view>(view(*o)) : std::nullopt;
    }
    order_lock lock(*this, trace_id);
    o = store_.find(trace_id);
    if (!o) {
        return std::nullopt;
    }
    const std::int64_t now = now_ms();
    const bool fresh = o->checked_ms != 0 && now - o->checked_ms < status_reuse_ms;
    if (o->status == "paid" || fresh || !budget_.take(mixpay_budget::use::status)) {
        return view(*o); // over budget: the last verdict, as it is
    }
    verify(*o, now);
    o = store_.find(trace_id);
    return o ? std::optional<order_view>(view(*o)) : std::nullopt;
}

callback_outcome order_book::on_callback(std::string_view trace_text) {
    const std::int64_t arrived = now_ms();
    const std::string trace_id = mixpay::canonical_uuid(trace_text);
    auto o = trace_id.empty() ? std::nullopt : store_.find(trace_id);
    if (!o) {
        return callback_outcome::unknown_order;
    }
    if (o->status == "paid") {
        return callback_outcome::stored;
    }
    order_lock lock(*this, trace_id);
    o = store_.find(trace_id);
    if (!o) {
        return callback_outcome::unknown_order;
    }
    if (is_final(o->status)) {
        return callback_outcome::stored;
    }
    // A verdict from a lookup that started just before (or while) the callback waited is
    // this callback's answer; an older one may predate the payment.
    const bool fresh = o->checked_ms != 0 && o->checked_ms >= arrived - callback_reuse_ms;
    if (fresh || !budget_.take(mixpay_budget::use::callback)) {
        return callback_outcome::retry;
    }
    verify(*o, now_ms());
    o = store_.find(trace_id);
    if (!o) {
        return callback_outcome::unknown_order;
    }
    return is_final(o->status) ? callback_outcome::stored : callback_outcome::retry;
}

} // namespace shop
