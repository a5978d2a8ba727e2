#include "mixpay/decimal.hpp"

#include "mixpay/ascii.hpp"

namespace mixpay {

namespace {

bool all_digits(std::string_view text) {
    for (char c : text) {
        if (!is_digit(c)) {
            return false;
        }
    }
    return true;
}

} // namespace

std::optional<std::string> canonical_decimal(std::string_view text) {
    const std::size_t dot = text.find('.');
    std::string_view integer = text.substr(0, dot);
    std::string_view fraction =
        dot == std::string_view::npos ? std::string_view{} : text.substr(dot + 1);
    if (integer.empty() || !all_digits(integer)) {
        return std::nullopt;
    }
    if (dot != std::string_view::npos && (fraction.empty() || !all_digits(fraction))) {
        return std::nullopt; // "1." and "1.2.3" are not decimals
    }
    while (integer.size() > 1 && integer.front() == '0') {
        integer.remove_prefix(1);
    }
    while (!fraction.empty() && fraction.back() == '0') {
        fraction.remove_suffix(1);
    }
    std::string out(integer);
    if (!fraction.empty()) {
        out.push_back('.');
        out.append(fraction);
    }
    return out;
}

bool is_positive_decimal(std::string_view text) {
    const auto canonical = canonical_decimal(text);
    return canonical.has_value() && *canonical != "0";
}

bool decimal_equal(std::string_view a, std::string_view b) {
    const auto left = canonical_decimal(a);
    const auto right = canonical_decimal(b);
    return left.has_value() && right.has_value() && *left == *right;
}

} // namespace mixpay
