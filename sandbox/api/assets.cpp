#include "api/assets.hpp"

#include <algorithm>

#include "api/amount.hpp"
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

mpq_class amount(const char* text) {
    return *parse_amount(text);
}

// The value of `quantity` units of `a`, in USD.
mpq_class usd_value(const asset& a, const mpq_class& quantity) {
    return quantity * amount(a.usd_price);
}

// How many units of `a` are worth `usd`.
mpq_class units_of(const asset& a, const mpq_class& usd) {
    return usd / amount(a.usd_price);
}

bool within(const asset& a, const mpq_class& quantity) {
    return quantity >= amount(a.min_amount) && quantity <= amount(a.max_amount);
}

api_error error_of(int code) {
    static const std::pair<int, const char*> messages[] = {
        {1017, "Parameter error."},
        {10002, "The currency does not exist or does not supported exchanging."},
        {10003, "Does not support this quote asset."},
        {10004, "The price is too low."},
        {10005, "The price is too high."},
        {10006, "The transfer amount exceeds 1000 USDT."},
        {10069, "The current payment currency does not meet the minimum limit."},
        {10070, "The current payment currency does not meet the maximum limit."},
        {10071, "The current payment currency does not meet the minimum limit."},
        {10072, "The current payment currency does not meet the maximum limit."},
        {40005, "The minimum number of decimal places in url exceeds the limit."},
    };
    for (const auto& [known, message] : messages) {
        if (known == code) {
            return {code, message};
        }
    }
    return {code, ""};
}

api_error parameter_error(const std::string& what) {
    return {1017, "Parameter error. " + what};
}

std::optional<std::string> value_of(const pairs& query, const char* name) {
    for (const auto& [key, value] : query) {
        if (key == name && !value.empty()) {
            return value;
        }
    }
    return std::nullopt;
}

json chain_asset(const asset& a, bool name_first) {
    const asset* chain = find_asset(a.chain_id);
    if (chain == nullptr) {
        chain = &a;
    }
    json item = json::object();
    item["id"] = chain->id;
    if (name_first) {
        item["name"] = chain->name;
        item["symbol"] = chain->symbol;
    } else {
        item["symbol"] = chain->symbol;
        item["name"] = chain->name;
    }
    item["iconUrl"] = "";
    return item;
}

// quoteAssetId and quoteAmount of a listing's query, both or neither. `usd` receives the
// quote's value.
std::optional<api_error> listing_quote(const pairs& query, std::optional<mpq_class>& usd) {
    auto asset_id = value_of(query, "quoteAssetId");
    auto quote_amount = value_of(query, "quoteAmount");
    if (!asset_id && !quote_amount) {
        return std::nullopt;
    }
    if (!asset_id || !quote_amount) {
        return parameter_error("quoteAmount has to work together with quoteAssetId.");
    }
    const asset* a = find_asset(*asset_id);
    if (a == nullptr) {
        return error_of(10002);
    }
    if (!a->quote) {
        return error_of(10003);
    }
    auto value = parse_amount(*quote_amount);
    if (!value || *value <= 0) {
        return parameter_error("quoteAmount must be a positive decimal.");
    }
    usd = usd_value(*a, *value);
    return std::nullopt;
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

std::optional<api_error> check_quote(const std::string& quote_asset_id,
                                     const std::string& quote_amount,
                                     const std::string& payment_asset_id,
                                     const std::string& settlement_asset_id, bool strict_mode,
                                     quote& out) {
    const asset* q = find_asset(quote_asset_id);
    if (q == nullptr) {
        return error_of(10002);
    }
    if (!q->quote) {
        return error_of(10003);
    }
    if (decimals_of(quote_amount) > q->decimal_digit) {
        return error_of(40005);
    }
    mpq_class quantity = *parse_amount(quote_amount);
    if (quantity < amount(q->min_quote)) {
        return error_of(10004);
    }
    if (quantity > amount(q->max_quote)) {
        return error_of(10005);
    }
    mpq_class usd = usd_value(*q, quantity);
    if (usd > 1000) {
        return error_of(10006);
    }
    const asset* pay =
        payment_asset_id.empty() ? &default_payment_asset() : find_asset(payment_asset_id);
    if (pay == nullptr || !pay->payment) {
        return error_of(10002);
    }
    mpq_class payable = units_of(*pay, usd);
    if (payable < amount(pay->min_amount)) {
        return error_of(10069);
    }
    if (payable > amount(pay->max_amount)) {
        return error_of(10070);
    }
    const asset* settle = find_asset(settlement_asset_id);
    std::optional<api_error> settle_error;
    if (settle == nullptr || !settle->settlement) {
        settle_error = error_of(10002);
    } else if (units_of(*settle, usd) < amount(settle->min_amount)) {
        settle_error = error_of(10071);
    } else if (units_of(*settle, usd) > amount(settle->max_amount)) {
        settle_error = error_of(10072);
    }
    if (settle_error) {
        if (strict_mode) {
            return settle_error;
        }
        // Settled in the quote asset, or USDT for a fiat quote (strict-mode.md).
        settle = q->settlement ? q : &default_payment_asset();
    }
    out.quote_asset = q;
    out.payment_asset = pay;
    out.settle_asset = settle;
    out.payable_amount = format_amount(payable, pay->decimal_digit, rounding::up);
    out.settle_amount = format_amount(units_of(*settle, usd), settle->decimal_digit);
    return std::nullopt;
}

namespace {

// One field of a listing's item: its name, and its value for an asset (`usd`: the query's
// quote in USD, when it has one); a null value leaves the field out.
using usd_quote = std::optional<mpq_class>;
struct listing_field {
    const char* name;
    json (*value)(const asset& a, const usd_quote& usd);
};

// A listing (GET /v1/setting/<name>): the assets it lists, whether its query may carry a
// quote (quoteAssetId with quoteAmount), and its items' fields in the order of MixPay's
// examples (docs/api/assets/*.md).
struct listing_kind {
    bool asset::*listed;
    bool takes_quote;
    std::vector<listing_field> fields;
};

json name_of(const asset& a, const usd_quote&) {
    return a.name;
}
json symbol_of(const asset& a, const usd_quote&) {
    return a.symbol;
}
json no_icon(const asset&, const usd_quote&) {
    return "";
}
json id_of(const asset& a, const usd_quote&) {
    return a.id;
}
json network_of(const asset& a, const usd_quote&) {
    return a.network;
}
json chain_symbol_first(const asset& a, const usd_quote&) {
    return chain_asset(a, false);
}

const listing_kind quote_listing{
    &asset::quote,
    false,
    {{"symbol", symbol_of},
     {"iconUrl", no_icon},
     {"minQuoteAmount", [](const asset& a, const usd_quote&) -> json { return a.min_quote; }},
     {"maxQuoteAmount", [](const asset& a, const usd_quote&) -> json { return a.max_quote; }},
     {"decimalDigit", [](const asset& a, const usd_quote&) -> json { return a.decimal_digit; }},
     {"isAsset", [](const asset& a, const usd_quote&) -> json { return a.fiat ? 0 : 1; }},
     {"assetId", id_of},
     {"chainAsset", chain_symbol_first}},
};

const listing_kind payment_listing{
    &asset::payment,
    true,
    {{"name", name_of},
     {"symbol", symbol_of},
     {"iconUrl", no_icon},
     {"assetId", id_of},
     {"network", network_of},
     {"onChainSupported", [](const asset&, const usd_quote&) -> json { return true; }},
     {"minPaymentAmount", [](const asset& a, const usd_quote&) -> json { return a.min_amount; }},
     // "if maxPaymentAmount is 0, means you cannot use this asset for this payment"
     {"maxPaymentAmount",
      [](const asset& a, const usd_quote& usd) -> json {
          return !usd || within(a, units_of(a, *usd)) ? a.max_amount : "0";
      }},
     {"chainAsset", [](const asset& a, const usd_quote&) -> json { return chain_asset(a, true); }}},
};

const listing_kind settlement_listing{
    &asset::settlement,
    true,
    {{"name", name_of},
     {"symbol", symbol_of},
     {"iconUrl", no_icon},
     {"assetId", id_of},
     {"network", network_of},
     {"isAsset", [](const asset& a, const usd_quote&) -> json { return !a.fiat; }},
     // Only for a quote: "It will respond with isAvailable field".
     {"isAvailable",
      [](const asset& a, const usd_quote& usd) -> json {
          return usd ? json(within(a, units_of(a, *usd))) : json();
      }},
     {"chainAsset", chain_symbol_first}},
};

listing list(const listing_kind& kind, const pairs& query) {
    listing out;
    usd_quote usd;
    if (kind.takes_quote) {
        out.error = listing_quote(query, usd);
        if (out.error) {
            return out;
        }
    }
    out.data = json::array();
    for (const auto& a : asset_table()) {
        if (!(a.*kind.listed)) {
            continue;
        }
        json item = json::object();
        for (const auto& field : kind.fields) {
            json value = field.value(a, usd);
            if (!value.is_null()) {
                item[field.name] = std::move(value);
            }
        }
        out.data.push_back(std::move(item));
    }
    return out;
}

} // namespace

listing quote_assets(const pairs& query) {
    return list(quote_listing, query);
}

listing payment_assets(const pairs& query) {
    return list(payment_listing, query);
}

listing settlement_assets(const pairs& query) {
    return list(settlement_listing, query);
}

listing payments_estimated(const pairs& query) {
    listing out;
    auto payment_id = value_of(query, "paymentAssetId");
    auto settlement_id = value_of(query, "settlementAssetId");
    auto quote_id = value_of(query, "quoteAssetId");
    auto quote_text = value_of(query, "quoteAmount");
    auto payment_text = value_of(query, "paymentAmount");
    std::string missing;
    for (const auto& [name, value] :
         {std::pair<const char*, bool>{"paymentAssetId", bool(payment_id)},
          {"settlementAssetId", bool(settlement_id)},
          {"quoteAssetId", bool(quote_id)},
          {"quoteAmount", bool(quote_text) || bool(payment_text)}}) {
        if (!value) {
            missing += missing.empty() ? name : std::string(", ") + name;
        }
    }
    if (!missing.empty()) {
        out.error = parameter_error(missing + " required.");
        return out;
    }
    const asset* q = find_asset(*quote_id);
    const asset* pay = find_asset(*payment_id);
    const asset* settle = find_asset(*settlement_id);
    if (q == nullptr || pay == nullptr || settle == nullptr || !pay->payment ||
        !settle->settlement) {
        out.error = error_of(10002);
        return out;
    }
    if (!q->quote) {
        out.error = error_of(10003);
        return out;
    }
    // "The quoteAmount parameter is invalid when paymentAmount is not null."
    auto given = parse_amount(payment_text ? *payment_text : *quote_text);
    if (!given || *given <= 0) {
        out.error = parameter_error(std::string(payment_text ? "paymentAmount" : "quoteAmount") +
                                    " must be a positive decimal.");
        return out;
    }
    mpq_class usd = payment_text ? usd_value(*pay, *given) : usd_value(*q, *given);
    mpq_class quote_quantity = units_of(*q, usd);
    mpq_class pay_quantity = units_of(*pay, usd);
    if (quote_quantity < amount(q->min_quote)) {
        out.error = error_of(10004);
    } else if (quote_quantity > amount(q->max_quote)) {
        out.error = error_of(10005);
    } else if (pay_quantity < amount(pay->min_amount)) {
        out.error = error_of(10069);
    } else if (pay_quantity > amount(pay->max_amount)) {
        out.error = error_of(10070);
    }
    if (out.error) {
        return out;
    }
    std::string paid = payment_text ? format_amount(*given, pay->decimal_digit)
                                    : format_amount(pay_quantity, pay->decimal_digit, rounding::up);
    std::string quoted =
        payment_text ? format_amount(quote_quantity, q->decimal_digit) : format_amount(*given, 18);
    json data = json::object();
    // paymentAmount / quoteAmount
    data["price"] = format_amount(*parse_amount(paid) / *parse_amount(quoted), 8);
    data["estimatedSettlementAmount"] =
        format_amount(units_of(*settle, usd), settle->decimal_digit);
    data["settlementAssetId"] = settle->id;
    data["settlementAssetSymbol"] = settle->symbol;
    data["paymentAssetId"] = pay->id;
    data["paymentAssetSymbol"] = pay->symbol;
    data["paymentAmount"] = paid;
    data["quoteAssetSymbol"] = q->symbol;
    data["quoteAssetId"] = q->id;
    data["quoteAmount"] = quoted;
    out.data = std::move(data);
    return out;
}

} // namespace sandbox
