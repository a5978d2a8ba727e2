// The shop's orders, keyed by the traceId the button sends and kept in the order store
// (SQLite). The server decides what is charged (the catalogue's amount and asset, the
// merchant's payee), writes the order before it creates the payment with the merchant
// library, and only its own verification marks an order paid. Unpaid orders expire; paid
// ones are kept.
#pragma once

#include <chrono>
#include <condition_variable>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include <mixpay/merchant.hpp>

#include "budget.hpp"
#include "catalogue.hpp"
#include "store.hpp"

namespace shop {

struct shop_settings {
    std::string payee_id;
    std::string settlement_asset_id;
    std::string return_to;                // with {traceId}
    std::string failed_return_to;         // with {traceId}
    std::string callback_url;             // empty: MixPay is not asked to call back
    std::size_t max_orders = 10000;       // live orders that are not paid
    std::chrono::seconds order_ttl{3600}; // an unpaid order is forgotten after it
    std::chrono::seconds failed_ttl{300}; // an order without a code (refused, …)
    std::string kill_at;                  // tests: SIGKILL at this point (see README)
};

// The answer to a checkout: the payment's code, or why there is none. `error` is a stable
// code: invalid_trace_id, missing_product, unknown_product, trace_id_in_use, too_many_orders,
// order_expired, mixpay_refused, mixpay_busy, mixpay_unavailable, shop_misconfigured.
struct checkout_outcome {
    int http_status = 200; // 200 or the HTTP error the button understands
    std::string code;      // when 200
    std::string url;       // when 200: where the buyer pays
    std::string error;
    std::string message;
};

// An order as the shop knows it. `status`: paid (MixPay says success and the payment matches
// the order), MixPay's word while it is not paid yet (unpaid, confirming, paid_less, pending,
// auditing), failed, mismatch (a payment under this traceId does not match the order: never
// paid, whatever MixPay's status) or unknown (MixPay could not be asked, or named a status
// no document lists).
struct order_view {
    std::string trace_id;
    std::string order_id;
    std::string product;
    std::string amount;
    std::string asset;
    std::string status;
    std::vector<std::string> mismatches; // the merchant library's codes, each once
};

enum class callback_outcome {
    unknown_order, // no order has this traceId: anyone can post to a callback endpoint
    stored,        // the order's verified, final verdict is stored: acknowledge
    retry          // not verified now (MixPay unreachable, over budget) or not final yet
};

class order_book {
public:
    using logger = std::function<void(const std::string&)>;

    order_book(const mixpay::merchant_client& client, order_store& store, mixpay_budget& budget,
               shop_settings settings, logger log);
    ~order_book();
    order_book(const order_book&) = delete;
    order_book& operator=(const order_book&) = delete;

    // Finds or makes the order of `trace_id` for `product_id` and makes sure its payment
    // exists. The same traceId always gives the same order and the same code, also after a
    // restart: a retry or a second click never creates a second payment.
    checkout_outcome checkout(std::string_view trace_id, std::string_view product_id);

    // The order, verified with MixPay now unless it is verified paid or a verdict is fresh.
    // nullopt when there is no such order.
    std::optional<order_view> check(std::string_view trace_id);

    // MixPay's callback names a traceId; only the order's own verification counts.
    callback_outcome on_callback(std::string_view trace_id);

private:
    // One MixPay call at a time per order: callers for the same order wait for it.
    class order_lock;

    void verify(const order_record& o, std::int64_t started_ms);
    void reached(const char* point) const;
    void sweep_loop();

    const mixpay::merchant_client& client_;
    order_store& store_;
    mixpay_budget& budget_;
    const shop_settings settings_;
    const logger log_;

    std::mutex locks_mutex_;
    std::map<std::string, std::shared_ptr<std::mutex>> locks_;

    std::mutex sweep_mutex_;
    std::condition_variable sweep_wake_;
    bool stopping_ = false;
    std::thread sweeper_;
};

} // namespace shop
