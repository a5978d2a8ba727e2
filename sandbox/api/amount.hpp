// Exact decimal arithmetic for the sandbox's quotes (GMP rationals): amounts arrive and
// leave as decimal strings and are never held in a floating-point type.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include <gmpxx.h>

namespace sandbox {

// A non-negative decimal string ("10", "0.5", "012.50") as an exact rational; nullopt
// for anything else.
std::optional<mpq_class> parse_amount(std::string_view text);

enum class rounding { down, up };

// `value` with at most `digits` decimals, rounded as asked, without trailing zeros
// ("0.0001", "12.5", "0").
std::string format_amount(const mpq_class& value, int digits, rounding mode = rounding::down);

// The number of decimals written in a decimal string ("10.50" -> 2, "10" -> 0).
int decimals_of(std::string_view text);

} // namespace sandbox
