#include "orders.hpp"

#include <algorithm>
#include <cstdio>
#include <random>

#include "uuid.hpp"

namespace shop {

namespace {

constexpr auto verdict_reuse = std::chrono::seconds(1);

// Order numbers are unique per payee at MixPay, and MixPay outlives this process's memory,
// so each number carries a random part besides the counter.
std::string order_number(unsigned counter) {
    std::random_device device;
    char text[32];
    std::snprintf(text, sizeof text, "NW-%u-%06x", counter, device() & 0xFFFFFFu);
    return text;
}

bool is_mismatch_of_the_order(const std::string& code) {
    return code == "payee_mismatch" || code == "amount_mismatch" || code == "asset_mismatch" ||
           code == "trace_mismatch";
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
        if (m.code == "api_error" && m.actual == "40022") {
            return "unpaid"; // MixPay has no payment under this traceId
        }
        if (m.code.rfind("status_", 0) != 0) {
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

checkout_outcome refusal(int status, std::string error, std::string message) {
    checkout_outcome out;
    out.http_status = status;
    out.error = std::move(error);
    out.message = std::move(message);
    return out;
}

} // namespace

struct order_book::order {
    std::mutex mutex; // one MixPay call at a time for an order
    std::string trace_id;
    std::string order_id;
    const product* item = nullptr;
    std::string code;
    std::string url;
    std::string status = "unknown";
    std::vector<std::string> mismatches;
    std::optional<std::chrono::steady_clock::time_point> checked;
};

order_book::order_book(const mixpay::merchant_client& client, shop_settings settings, logger log)
    : client_(client), settings_(std::move(settings)), log_(std::move(log)) {}

std::shared_ptr<order_book::order> order_book::find(const std::string& trace_id) {
    std::lock_guard<std::mutex> lock(mutex_);
    auto found = orders_.find(trace_id);
    return found == orders_.end() ? nullptr : found->second;
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

    std::shared_ptr<order> o;
    {
        std::lock_guard<std::mutex> lock(mutex_);
        auto& slot = orders_[trace_id];
        if (!slot) {
            if (orders_.size() > max_orders) {
                orders_.erase(trace_id);
                return refusal(503, "too_many_orders", "The shop takes no more orders now.");
            }
            slot = std::make_shared<order>();
            slot->trace_id = trace_id;
            slot->order_id = order_number(next_number_++);
            slot->item = item;
            log_("order " + slot->order_id + " (" + std::string(item->id) + ") for traceId " +
                 trace_id);
        }
        o = slot;
    }
    if (o->item != item) {
        return refusal(409, "trace_id_in_use",
                       "This traceId belongs to an order of another product.");
    }

    std::lock_guard<std::mutex> lock(o->mutex);
    if (o->code.empty()) {
        mixpay::payment_params params;
        params.payee_id = settings_.payee_id;
        params.quote_amount = std::string(item->amount);
        params.quote_asset_id = std::string(item->asset);
        params.settlement_asset_id = settings_.settlement_asset_id;
        params.trace_id = o->trace_id;
        params.order_id = o->order_id;
        params.remark = std::string(item->name);
        params.return_to = settings_.return_to;
        params.failed_return_to = settings_.failed_return_to;
        if (!settings_.callback_url.empty()) {
            params.callback_url = settings_.callback_url;
        }
        const mixpay::created_payment created = client_.create_payment(params);
        if (!created.errors.empty()) {
            const auto& first = created.errors.front();
            log_("order " + o->order_id + ": not sent: " + first.field + ": " + first.message);
            return refusal(500, "shop_misconfigured", first.message);
        }
        if (!created.ok) {
            const auto& failure = created.failure;
            log_("order " + o->order_id + ": MixPay: " + failure.kind + " " +
                 std::to_string(failure.status) + " " + std::to_string(failure.code) + " " +
                 failure.message + " after " + std::to_string(created.attempts) + " attempt(s)");
            // A refusal created nothing; any other failure may have, and the button's retry
            // with the same traceId continues it.
            if (failure.kind == "api" && !failure.transient) {
                return refusal(409, "mixpay_refused", failure.message);
            }
            return refusal(502, "mixpay_unavailable",
                           "MixPay could not be reached: " + failure.message);
        }
        o->code = created.code;
        o->url = created.url;
        log_("order " + o->order_id + ": payment " + created.code + " after " +
             std::to_string(created.attempts) + " attempt(s)");
    }
    checkout_outcome out;
    out.code = o->code;
    out.url = o->url;
    return out;
}

void order_book::verify(order& o) {
    mixpay::expected_payment expected;
    expected.payee_id = settings_.payee_id;
    expected.quote_amount = std::string(o.item->amount);
    expected.quote_asset_id = std::string(o.item->asset);
    // By the traceId: the key the shop holds every order by, and what MixPay's answer
    // carries (it carries no orderId).
    expected.looked_up_by = mixpay::lookup_key::trace_id;
    expected.trace_id = o.trace_id;
    const mixpay::verification verdict = client_.verify(expected);
    o.status = status_of(verdict);
    o.mismatches.clear();
    for (const auto& m : verdict.mismatches) {
        if (std::find(o.mismatches.begin(), o.mismatches.end(), m.code) == o.mismatches.end()) {
            o.mismatches.push_back(m.code);
        }
    }
    o.checked = std::chrono::steady_clock::now();
    std::string line = "order " + o.order_id + ": " + o.status;
    for (const auto& m : verdict.mismatches) {
        line += "; " + m.code + ": " + m.message;
    }
    log_(line);
}

order_view order_book::view(const order& o) const {
    return {o.trace_id,
            o.order_id,
            std::string(o.item->id),
            std::string(o.item->amount),
            std::string(o.item->asset),
            o.status,
            o.mismatches};
}

std::optional<order_view> order_book::check(std::string_view trace_text) {
    auto o = find(mixpay::canonical_uuid(trace_text));
    if (!o) {
        return std::nullopt;
    }
    std::lock_guard<std::mutex> lock(o->mutex);
    const bool fresh = o->checked && std::chrono::steady_clock::now() - *o->checked < verdict_reuse;
    if (o->status != "paid" && !fresh) {
        verify(*o);
    }
    return view(*o);
}

callback_outcome order_book::on_callback(std::string_view trace_text) {
    auto o = find(mixpay::canonical_uuid(trace_text));
    if (!o) {
        return callback_outcome::ignored;
    }
    std::lock_guard<std::mutex> lock(o->mutex);
    if (o->status != "paid") {
        verify(*o);
    }
    return o->status == "unknown" ? callback_outcome::unavailable : callback_outcome::verified;
}

} // namespace shop
