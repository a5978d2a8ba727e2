// The helpers of asset_math.hpp: amounts by GMP's rationals, the business errors' messages.
#include "api/asset_math.hpp"

#include <utility>

#include "api/amount.hpp"

namespace sandbox::asset_math {

mpq_class amount(const char* text) {
    return *parse_amount(text);
}

mpq_class usd_value(const asset& a, const mpq_class& quantity) {
    return quantity * amount(a.usd_price);
}

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

} // namespace sandbox::asset_math
