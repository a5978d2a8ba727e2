// The asset listings (GET /v1/setting/quote_assets, payment_assets, settlement_assets;
// docs/api/assets/*.md): one table of fields per listing, read by one function that lists
// the table's assets, with a quote's effect on the limits when the query carries one.
#include "api/amount.hpp"
#include "api/asset_math.hpp"
#include "api/assets.hpp"

namespace sandbox {

using namespace asset_math;

namespace {

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

} // namespace sandbox
