#include <catch2/catch.hpp>

#include "mixpay/utf8.hpp"

using namespace mixpay;

TEST_CASE("utf8_length counts code points of valid UTF-8", "[utf8]") {
    CHECK(utf8_length("") == std::size_t{0});
    CHECK(utf8_length("abc") == std::size_t{3});
    CHECK(utf8_length("caf\xC3\xA9") == std::size_t{4});              // café
    CHECK(utf8_length("\xE2\x82\xAC") == std::size_t{1});             // €
    CHECK(utf8_length("\xF0\x9F\x98\x80") == std::size_t{1});         // 😀
    CHECK(utf8_length("\xF4\x8F\xBF\xBF") == std::size_t{1});         // U+10FFFF
    CHECK(utf8_length("\xEF\xBF\xBF") == std::size_t{1});             // U+FFFF
    CHECK(utf8_length("\xC2\x80") == std::size_t{1});                 // U+0080
    CHECK(utf8_length(std::string("a\0b", 3)) == std::size_t{3});     // NUL is a code point
    CHECK(utf8_length("\xED\x9F\xBF\xEE\x80\x80") == std::size_t{2}); // around surrogates
}

TEST_CASE("utf8_length refuses invalid UTF-8", "[utf8]") {
    SECTION("overlong forms") {
        CHECK_FALSE(utf8_length("\xC0\xAF").has_value()); // '/' in two bytes
        CHECK_FALSE(utf8_length("\xC1\xBF").has_value());
        CHECK_FALSE(utf8_length("\xE0\x80\xAF").has_value());     // '/' in three bytes
        CHECK_FALSE(utf8_length("\xE0\x9F\xBF").has_value());     // U+07FF in three bytes
        CHECK_FALSE(utf8_length("\xF0\x8F\xBF\xBF").has_value()); // U+FFFF in four bytes
    }
    SECTION("UTF-16 surrogates") {
        CHECK_FALSE(utf8_length("\xED\xA0\x80").has_value()); // U+D800
        CHECK_FALSE(utf8_length("\xED\xBF\xBF").has_value()); // U+DFFF
    }
    SECTION("beyond U+10FFFF") {
        CHECK_FALSE(utf8_length("\xF4\x90\x80\x80").has_value()); // U+110000
        CHECK_FALSE(utf8_length("\xF5\x80\x80\x80").has_value());
        CHECK_FALSE(utf8_length("\xFF").has_value());
    }
    SECTION("truncated and stray bytes") {
        CHECK_FALSE(utf8_length("\xE2\x82").has_value());
        CHECK_FALSE(utf8_length("ab\xF0\x9F\x98").has_value());
        CHECK_FALSE(utf8_length("\xC3").has_value());
        CHECK_FALSE(utf8_length("\x80").has_value());
        CHECK_FALSE(utf8_length("\xC3\x28").has_value()); // lead byte then ASCII
        CHECK_FALSE(utf8_length("\xE2\x82\xAC\xAC").has_value());
    }
}
