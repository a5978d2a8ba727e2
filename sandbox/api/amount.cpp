#include "api/amount.hpp"

#include <algorithm>

#include "mixpay/decimal.hpp"

namespace sandbox {

std::optional<mpq_class> parse_amount(std::string_view text) {
    auto canonical = mixpay::canonical_decimal(text);
    if (!canonical) {
        return std::nullopt;
    }
    const std::string& digits = *canonical;
    std::size_t dot = digits.find('.');
    std::string whole = digits.substr(0, dot);
    std::string fraction = dot == std::string::npos ? "" : digits.substr(dot + 1);
    mpz_class numerator(whole + fraction, 10);
    mpz_class denominator;
    mpz_ui_pow_ui(denominator.get_mpz_t(), 10, fraction.size());
    mpq_class value(numerator, denominator);
    value.canonicalize();
    return value;
}

std::string format_amount(const mpq_class& value, int digits, rounding mode) {
    mpz_class scale;
    mpz_ui_pow_ui(scale.get_mpz_t(), 10, static_cast<unsigned long>(std::max(digits, 0)));
    mpq_class scaled = value * scale;
    mpz_class units;
    if (mode == rounding::up) {
        mpz_cdiv_q(units.get_mpz_t(), scaled.get_num_mpz_t(), scaled.get_den_mpz_t());
    } else {
        mpz_fdiv_q(units.get_mpz_t(), scaled.get_num_mpz_t(), scaled.get_den_mpz_t());
    }
    std::string text = units.get_str(10);
    if (digits <= 0) {
        return text;
    }
    auto width = static_cast<std::size_t>(digits);
    if (text.size() <= width) {
        text.insert(0, width + 1 - text.size(), '0');
    }
    text.insert(text.size() - width, ".");
    while (text.back() == '0') {
        text.pop_back();
    }
    if (text.back() == '.') {
        text.pop_back();
    }
    return text;
}

int decimals_of(std::string_view text) {
    std::size_t dot = text.find('.');
    return dot == std::string_view::npos ? 0 : static_cast<int>(text.size() - dot - 1);
}

} // namespace sandbox
