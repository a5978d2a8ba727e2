// The sandbox's asset table and what MixPay answers from it: the quote, payment and
// settlement asset lists (docs/api/assets/*.md), payments_estimated, and the business
// errors of one_time_payment (unsupported assets, amounts out of range, too many decimals).
// Prices are fixed, in USD, so every answer is reproducible. The rows are asset_table.cpp's;
// the listings asset_listings.cpp's; check_quote and payments_estimated asset_quotes.cpp's.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

namespace sandbox {

using json = nlohmann::ordered_json;
using pairs = std::vector<std::pair<std::string, std::string>>;

struct asset {
    const char* id;        // a UUID, or a lowercase fiat code ("usd")
    const char* symbol;    // "USD", "BTC"
    const char* name;      // "US Dollar", "Bitcoin"
    const char* network;   // "Bitcoin", "Ethereum"; "" for fiat
    const char* version;   // "ERC20" for an Ethereum token, else ""
    const char* chain_id;  // the chain's own asset (ETH for USDT ERC20); the id itself when native
    const char* usd_price; // the price of one unit, in USD
    int decimal_digit;     // decimals a quote in it may have
    bool fiat;
    bool quote;            // listed by setting/quote_assets
    bool payment;          // listed by setting/payment_assets
    bool settlement;       // listed by setting/settlement_assets
    const char* min_quote; // quote limits, in this asset (quote assets)
    const char* max_quote;
    const char* min_amount; // payment and settlement limits, in this asset
    const char* max_amount;
};

const std::vector<asset>& asset_table();

// The asset for an id: fiat codes without case ("USD"), UUIDs in any case. nullptr when
// the table does not know it.
const asset* find_asset(const std::string& id);

// USDT (ERC20): the payment asset when none was given, and where a fiat quote settles when
// the settlement asset is not available (docs/api/connect/strict-mode.md).
const asset& default_payment_asset();

// A business error of the API: code and message (error-codes.md).
struct api_error {
    int code;
    std::string message;
};

// What one_time_payment's parameters come to in the table.
struct quote {
    const asset* quote_asset = nullptr;
    const asset* payment_asset = nullptr;
    const asset* settle_asset = nullptr; // the requested one, or the fallback
    std::string payable_amount;          // in the payment asset, rounded up
    std::string settle_amount;           // in the settle asset, rounded down
};

// Checks the parameters the core has already validated against the table, as MixPay does
// after its parameter check: 10002 unknown currency, 10003 not a quote asset, 40005 more
// decimals than the quote asset's decimalDigit, 10004 / 10005 below / above its quote
// limits, 10006 over 1000 USDT, 10069 / 10070 outside the payment asset's limits,
// 10071 / 10072 outside the settlement asset's limits (with strictMode; without it the
// payment settles in the fallback asset instead, as MixPay does).
std::optional<api_error> check_quote(const std::string& quote_asset_id,
                                     const std::string& quote_amount,
                                     const std::string& payment_asset_id,
                                     const std::string& settlement_asset_id, bool strict_mode,
                                     quote& out);

// GET /v1/setting/quote_assets, payment_assets, settlement_assets and
// /v1/payments_estimated with the query's pairs: the data, or the error.
struct listing {
    std::optional<api_error> error;
    json data;
};
listing quote_assets(const pairs& query);
listing payment_assets(const pairs& query);
listing settlement_assets(const pairs& query);
listing payments_estimated(const pairs& query);

} // namespace sandbox
