// What the merchant library's tests share: one shop's order and client settings.
#pragma once

#include <chrono>
#include <string>

#include "mixpay/merchant.hpp"

namespace merchant_test {

inline const std::string payee = "a0d7791408776b47eb1dd3f94ed15d6a";
inline const std::string btc = "c6d0c728-2624-429b-8e0d-d9d19b6592fa";

// The order's parameters: 10 USD to the shop's payee, settled in BTC.
inline mixpay::payment_params order_params(const std::string& order_id = "") {
    mixpay::payment_params params;
    params.payee_id = payee;
    params.quote_amount = "10";
    params.quote_asset_id = "usd";
    params.settlement_asset_id = btc;
    if (!order_id.empty()) {
        params.order_id = order_id;
    }
    return params;
}

// Short waits, so the tests of retries and timeouts take seconds, not minutes.
inline mixpay::merchant_options quick_options(const std::string& api_base,
                                              const std::string& pay_base) {
    mixpay::merchant_options options;
    options.api_base = api_base;
    options.pay_base = pay_base;
    options.connect_timeout = std::chrono::milliseconds(2000);
    options.read_timeout = std::chrono::milliseconds(2000);
    options.write_timeout = std::chrono::milliseconds(2000);
    options.attempt_timeout = std::chrono::milliseconds(4000);
    options.max_attempts = 4;
    options.backoff = std::chrono::milliseconds(20);
    options.max_backoff = std::chrono::milliseconds(100);
    return options;
}

// Milliseconds since `start`.
inline long long elapsed_ms(std::chrono::steady_clock::time_point start) {
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() -
                                                                 start)
        .count();
}

} // namespace merchant_test
