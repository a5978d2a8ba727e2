#include <catch2/catch.hpp>

#include "mixpay/decimal.hpp"

using namespace mixpay;

TEST_CASE("is_positive_decimal follows the quoteAmount rule", "[decimal]") {
    SECTION("accepted") {
        for (const char* text : {"10", "0.5", "10.50", "1", "0.00000001", "007",
                                 "123456789012345678901234567890.123456789"}) {
            INFO(text);
            CHECK(is_positive_decimal(text));
        }
    }
    SECTION("zero in any spelling is refused") {
        for (const char* text : {"0", "00", "0.0", "0.000"}) {
            INFO(text);
            CHECK_FALSE(is_positive_decimal(text));
        }
    }
    SECTION("sign, exponent, separators, spaces and half numbers are refused") {
        for (const char* text : {"-1", "+1", "1e3", "1E3", "1.", ".5", "1,5", " 1", "1 ", "",
                                 "1.2.3", "0x10", "1_000", "Infinity", "NaN", "\xD9\xA1"}) {
            INFO(text);
            CHECK_FALSE(is_positive_decimal(text));
        }
    }
}

TEST_CASE("canonical_decimal strips insignificant zeros", "[decimal]") {
    CHECK(canonical_decimal("010.500") == std::string("10.5"));
    CHECK(canonical_decimal("0.0") == std::string("0"));
    CHECK(canonical_decimal("000") == std::string("0"));
    CHECK(canonical_decimal("10") == std::string("10"));
    CHECK(canonical_decimal("10.50") == std::string("10.5"));
    CHECK(canonical_decimal("0.05") == std::string("0.05"));
    CHECK_FALSE(canonical_decimal("1.").has_value());
    CHECK_FALSE(canonical_decimal(".5").has_value());
    CHECK_FALSE(canonical_decimal("-0").has_value());
    CHECK_FALSE(canonical_decimal("").has_value());
}

TEST_CASE("decimal_equal compares exactly by value", "[decimal]") {
    CHECK(decimal_equal("10", "10.00"));
    CHECK(decimal_equal("0010.5", "10.50"));
    CHECK(decimal_equal("0", "0.000"));
    CHECK_FALSE(decimal_equal("10", "10.000000000000000000001"));
    // Two amounts a binary float cannot tell apart must still differ.
    CHECK_FALSE(decimal_equal("9007199254740993", "9007199254740992"));
    CHECK_FALSE(decimal_equal("0.1", "0.10000000000000001"));
    CHECK_FALSE(decimal_equal("10", "abc"));
    CHECK_FALSE(decimal_equal("x", "x"));
}
