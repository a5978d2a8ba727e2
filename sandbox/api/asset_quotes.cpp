// What an amount comes to in the table's other assets: one_time_payment's business checks
// (check_quote) and GET /v1/payments_estimated, in exact rationals.
#include "api/amount.hpp"
#include "api/asset_math.hpp"
#include "api/assets.hpp"

namespace sandbox {

using namespace asset_math;

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
