// Small replacements for the two C library functions the module's JSON parser calls,
// strtod and snprintf. Emscripten's libc (musl) implements strtod through a long double
// scanner that pulls 128-bit soft float into the module, and snprintf through the full
// printf engine; together about 11 KB of the module's gzip size. scan_double.cpp and
// format.cpp hold the two; the module links lean_libc_overrides.cpp, which defines the C
// functions on top of them.
//
// Why these are enough for the module (see BENCHMARKS.md, "Size"):
// - strtod is only called by nlohmann/json's lexer, on a number it has already checked
//   against JSON's grammar, and the checkout never reads a JSON number as a double: the
//   envelope's "code" must be an integer (strtoll/strtoull, not replaced). What a double
//   decides is only whether the number is finite, and that decision is exact here.
// - snprintf is only called by nlohmann/json to name a control character in a parse
//   error message ("<U+%.4X>"), a message the checkout never reads, and by Embind's
//   __getTypeName ("type 0x%lx", wasm/embind_types.cpp).
#pragma once

#include <cstdarg>
#include <cstddef>

namespace mixpay::lean {

// strtod for decimal text: optional leading white space and sign, digits with an optional
// fraction and exponent. Overflow is exact: the result is infinite exactly when the
// correctly rounded value would be (at least 2^1024 - 2^970). Finite results are within a
// few units in the last place of the correctly rounded value. Hexadecimal, "inf" and "nan"
// are not read: like text without digits, they give 0 with *end == text.
double scan_double(const char* text, char** end);

// vsnprintf for integer, character and string conversions (d i u o x X c s %) with a
// precision (".N") and length modifiers (hh h l ll j z t). A flag, a field width, '*', or a
// floating-point, %n or %p conversion is not supported: the result is then -1 (a
// formatting error).
int format(char* buffer, std::size_t size, const char* pattern, std::va_list args);

} // namespace mixpay::lean
