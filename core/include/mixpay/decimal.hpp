// Amounts are decimal strings end to end; no floating-point type ever holds one.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace mixpay {

// A positive decimal as the API takes it: digits, optionally one '.' followed by at
// least one digit ("10", "0.5", "10.50"); no sign, no exponent, no spaces, and not
// zero ("0", "0.00" are refused).
bool is_positive_decimal(std::string_view text);

// The canonical form of a non-negative decimal: no leading zeros in the integer part,
// no trailing zeros in the fraction, no '.' without a fraction ("010.500" -> "10.5",
// "0.0" -> "0"). nullopt when `text` is not a decimal of the form above (zero allowed).
std::optional<std::string> canonical_decimal(std::string_view text);

// Exact comparison of two decimals by value ("10" == "10.00"); false when either is
// not a decimal.
bool decimal_equal(std::string_view a, std::string_view b);

} // namespace mixpay
