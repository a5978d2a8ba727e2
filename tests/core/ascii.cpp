#include <catch2/catch.hpp>

#include <cstdint>
#include <string>

#include "mixpay/ascii.hpp"

using namespace mixpay;

TEST_CASE("ASCII classes and case folding ignore every byte outside ASCII", "[ascii]") {
    for (int i = 0; i < 256; ++i) {
        const char c = static_cast<char>(i);
        INFO(i);
        CHECK(is_digit(c) == (i >= '0' && i <= '9'));
        CHECK(is_ascii_letter(c) == ((i >= 'a' && i <= 'z') || (i >= 'A' && i <= 'Z')));
        CHECK(is_ascii_alnum(c) == (is_digit(c) || is_ascii_letter(c)));
        CHECK(is_hex_digit(c) == (is_digit(c) || (i >= 'a' && i <= 'f') || (i >= 'A' && i <= 'F')));
        CHECK(to_lower_ascii(c) == (i >= 'A' && i <= 'Z' ? static_cast<char>(i + 32) : c));
    }
    CHECK(hex_value('0') == 0);
    CHECK(hex_value('9') == 9);
    CHECK(hex_value('a') == 10);
    CHECK(hex_value('F') == 15);
    CHECK(hex_value('g') == -1);
}

TEST_CASE("parse_uint: digits only, at most max, no overflow", "[ascii]") {
    CHECK(parse_uint("0", 10) == 0u);
    CHECK(parse_uint("10", 10) == 10u);
    CHECK(parse_uint("007", 10) == 7u);
    CHECK(parse_uint("18446744073709551615", UINT64_MAX) == UINT64_MAX);
    for (const char* bad : {"", "11", "-1", "+1", " 1", "1 ", "1.0", "0x1", "1e1", "a",
                            "18446744073709551616", "99999999999999999999999"}) {
        INFO(bad);
        CHECK_FALSE(parse_uint(bad, 10).has_value());
    }
    CHECK_FALSE(parse_uint("18446744073709551616", UINT64_MAX).has_value());
    const std::string with_nul("1\0", 2);
    CHECK_FALSE(parse_uint(with_nul, 10).has_value());
}
