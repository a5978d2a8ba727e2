// ASCII character classes, case folding and unsigned decimal integers: the same in every
// locale (unlike <cctype>), for the grammar of MixPay's parameters, URLs and answers.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace mixpay {

constexpr bool is_digit(char c) {
    return c >= '0' && c <= '9';
}

constexpr bool is_ascii_letter(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

constexpr bool is_ascii_alnum(char c) {
    return is_ascii_letter(c) || is_digit(c);
}

// The value of a hexadecimal digit, either case; -1 for any other character.
constexpr int hex_value(char c) {
    if (is_digit(c)) {
        return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
        return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
        return c - 'A' + 10;
    }
    return -1;
}

constexpr bool is_hex_digit(char c) {
    return hex_value(c) >= 0;
}

constexpr char to_lower_ascii(char c) {
    return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}

// A non-negative decimal integer written with digits only (no sign, no spaces, no "0x"),
// at most `max`. nullopt for anything else, an empty text and a value above `max`
// included; checked digit by digit, so no input overflows. `Unsigned` is the type computed
// in: a 32-bit one where the values are small keeps the browser module smaller.
// (std::from_chars does the same but costs the module about 330 bytes of gzip, more than
// its size budget leaves.)
template <typename Unsigned = std::uint64_t>
constexpr std::optional<Unsigned> parse_uint(std::string_view text, Unsigned max) {
    if (text.empty()) {
        return std::nullopt;
    }
    Unsigned value = 0;
    for (char c : text) {
        if (!is_digit(c)) {
            return std::nullopt;
        }
        const auto digit = static_cast<Unsigned>(c - '0');
        if (digit > max || value > (max - digit) / 10) {
            return std::nullopt;
        }
        value = value * 10 + digit;
    }
    return value;
}

} // namespace mixpay
