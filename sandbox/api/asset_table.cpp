// The sandbox's assets, one row each (the fields are assets.hpp's `asset`): five fiat
// currencies to quote in and six crypto assets, with fixed USD prices so every answer is
// reproducible, and the lookup by id. What MixPay answers from the table is in
// asset_listings.cpp and asset_quotes.cpp.
#include <algorithm>

#include "api/assets.hpp"
#include "mixpay/uuid.hpp"

namespace sandbox {

namespace {

const char* const eth_id = "43d61dcd-e413-450d-80b8-101d5e903357";

std::string lower(std::string text) {
    std::transform(text.begin(), text.end(), text.begin(), [](unsigned char c) {
        return static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
    });
    return text;
}

} // namespace

const std::vector<asset>& asset_table() {
    // id, symbol, name, network, version, chain, USD price, decimalDigit, fiat, quote,
    // payment, settlement, quote limits, payment and settlement limits.
    static const std::vector<asset> table = {
        {"usd", "USD", "US Dollar", "", "", "usd", "1", 2, true, true, false, false, "0.01",
         "50000", "0", "0"},
        {"eur", "EUR", "Euro", "", "", "eur", "1.08", 2, true, true, false, false, "0.01", "45000",
         "0", "0"},
        {"gbp", "GBP", "British Pound", "", "", "gbp", "1.27", 2, true, true, false, false, "0.01",
         "40000", "0", "0"},
        {"jpy", "JPY", "Japanese Yen", "", "", "jpy", "0.0067", 0, true, true, false, false, "1",
         "7000000", "0", "0"},
        {"cny", "CNY", "Chinese Yuan", "", "", "cny", "0.14", 2, true, true, false, false, "0.1",
         "350000", "0", "0"},
        {"4d8c508b-91c5-375b-92b0-ee702ed2dac5", "USDT", "Tether USD", "Ethereum", "ERC20", eth_id,
         "1", 6, false, true, true, true, "0.01", "50000", "0.01", "50000"},
        {"9b180ab6-6abe-3dc0-a13f-04169eb34bfa", "USDC", "USD Coin", "Ethereum", "ERC20", eth_id,
         "1", 6, false, true, true, true, "0.01", "50000", "0.01", "50000"},
        {"c6d0c728-2624-429b-8e0d-d9d19b6592fa", "BTC", "Bitcoin", "Bitcoin", "",
         "c6d0c728-2624-429b-8e0d-d9d19b6592fa", "60000", 8, false, true, true, true, "0.00000263",
         "0.02632853", "0.0000005", "0.50075062"},
        {eth_id, "ETH", "Ether", "Ethereum", "", eth_id, "3000", 8, false, true, true, true,
         "0.00001", "0.5", "0.00001", "50"},
        {"c94ac88f-4671-3976-b60a-09064f1811e8", "XIN", "Mixin", "Ethereum", "ERC20", eth_id, "150",
         8, false, true, true, true, "0.0001", "10", "0.0001", "5"},
        {"6770a1e5-6086-44d5-b60f-545f9d9e8ffd", "DOGE", "Dogecoin", "Dogecoin", "",
         "6770a1e5-6086-44d5-b60f-545f9d9e8ffd", "0.1", 8, false, false, true, true, "0", "0", "10",
         "100000"},
    };
    return table;
}

const asset* find_asset(const std::string& id) {
    std::string key = mixpay::canonical_uuid(id);
    if (key.empty()) {
        key = lower(id);
    }
    for (const auto& a : asset_table()) {
        if (key == a.id) {
            return &a;
        }
    }
    return nullptr;
}

const asset& default_payment_asset() {
    return *find_asset("4d8c508b-91c5-375b-92b0-ee702ed2dac5");
}

} // namespace sandbox
