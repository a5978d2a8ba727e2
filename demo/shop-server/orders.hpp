// The shop's orders, kept in memory and keyed by the traceId the button sends. The server
// decides what is charged (the catalogue's amount and asset, the merchant's payee), creates
// the payment with the merchant library, and only its own verification marks an order paid.
#pragma once

#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <mixpay/merchant.hpp>

#include "catalogue.hpp"

namespace shop {

struct shop_settings {
    std::string payee_id;
    std::string settlement_asset_id;
    std::string return_to;        // with {traceId}
    std::string failed_return_to; // with {traceId}
    std::string callback_url;     // empty: MixPay is not asked to call back
};

// The answer to a checkout: the payment's code, or why there is none. `error` is a stable
// code: invalid_trace_id, missing_product, unknown_product, trace_id_in_use, too_many_orders,
// mixpay_refused, mixpay_unavailable, shop_misconfigured.
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
    ignored,    // no order has this traceId: anyone can post to a callback endpoint
    verified,   // the order was verified (paid or not)
    unavailable // MixPay could not be asked; worth calling again
};

class order_book {
public:
    using logger = std::function<void(const std::string&)>;

    order_book(const mixpay::merchant_client& client, shop_settings settings, logger log);

    // Finds or makes the order of `trace_id` for `product_id` and makes sure its payment
    // exists. The same traceId always gives the same order and the same code: a retry or a
    // second click never creates a second payment.
    checkout_outcome checkout(std::string_view trace_id, std::string_view product_id);

    // The order, verified with MixPay now unless it is already verified paid (a verdict
    // younger than a second is reused). nullopt when there is no such order.
    std::optional<order_view> check(std::string_view trace_id);

    // MixPay's callback names a traceId; only the order's own verification counts.
    callback_outcome on_callback(std::string_view trace_id);

    static constexpr std::size_t max_orders = 10000;

private:
    struct order;

    std::shared_ptr<order> find(const std::string& trace_id);
    void verify(order& o);
    order_view view(const order& o) const;

    const mixpay::merchant_client& client_;
    const shop_settings settings_;
    const logger log_;
    std::mutex mutex_;
    std::map<std::string, std::shared_ptr<order>> orders_;
    unsigned next_number_ = 1001;
};

} // namespace shop
