// The module's strtod and snprintf (wasm/libc/lean_libc.cpp) against the C library's. Built with
// Emscripten and run under Node: this executable does not link lean_libc_overrides.cpp,
// so std::strtod and std::vsnprintf are musl's, the ones the module no longer carries.
#define CATCH_CONFIG_MAIN
#include <catch2/catch.hpp>

#include <cfloat>
#include <cmath>
#include <cstdarg>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <string>
#include <vector>

#include "lean_libc.hpp"

namespace {

// 2^1024 - 2^970: values from here on overflow to infinity.
const std::string threshold =
    "17976931348623158079372897140530341507993413271003782693617377898044496829276475094664"
    "90179775872070963302864166928879109465555478519404026306574886715058206819089020007083"
    "83676273854845817711531764475730270069855571366959622842914819860834936475292719074168"
    "444365510704342711559699508093042880177904174497792";

// Same end of the number, same sign, same finiteness, and a value within a few units in
// the last place (or a few of the smallest subnormal when it is that small).
void check_like_strtod(const std::string& text) {
    INFO("text: " << text);
    char* lean_end = nullptr;
    char* libc_end = nullptr;
    const double lean = mixpay::lean::scan_double(text.c_str(), &lean_end);
    const double libc = std::strtod(text.c_str(), &libc_end);
    REQUIRE(lean_end - text.c_str() == libc_end - text.c_str());
    CHECK(std::isinf(lean) == std::isinf(libc));
    CHECK(std::signbit(lean) == std::signbit(libc));
    if (std::isfinite(libc)) {
        const double tolerance = std::fmax(std::fabs(libc) * 8 * DBL_EPSILON, 4 * DBL_TRUE_MIN);
        INFO("lean " << lean << " libc " << libc);
        CHECK(std::fabs(lean - libc) <= tolerance);
    }
}

std::string format_with(int (*function)(char*, std::size_t, const char*, std::va_list),
                        std::size_t size, const char* pattern, ...) {
    std::vector<char> buffer(size + 1, '#');
    std::va_list args;
    va_start(args, pattern);
    const int result = function(size == 0 ? nullptr : buffer.data(), size, pattern, args);
    va_end(args);
    std::string out = std::to_string(result) + ":";
    if (size > 0) {
        out += buffer.data(); // the terminating NUL must be there
    }
    return out;
}

int libc_format(char* buffer, std::size_t size, const char* pattern, std::va_list args) {
    return std::vsnprintf(buffer, size, pattern, args);
}

} // namespace

TEST_CASE("scan_double reads JSON numbers like strtod", "[lean]") {
    SECTION("edge cases") {
        for (const char* text : {"0",
                                 "-0",
                                 "1",
                                 "-1",
                                 "1.5",
                                 "0.1",
                                 "1e3",
                                 "1E+3",
                                 "1e-3",
                                 "12e-2",
                                 "0.000123",
                                 "1e400",
                                 "-1e400",
                                 "1e-400",
                                 "-1e-400",
                                 "1e308",
                                 "1e309",
                                 "1e-308",
                                 "1e-323",
                                 "4.9e-324",
                                 "2.4e-324",
                                 "2.5e-324",
                                 "2.2250738585072014e-308",
                                 "1.7976931348623157e308",
                                 "1.7976931348623158e308",
                                 "1.7976931348623159e308",
                                 "-1.7976931348623159e308",
                                 "9223372036854775807",
                                 "9223372036854775808",
                                 "18446744073709551616",
                                 "99999999999999999999",
                                 "-99999999999999999999",
                                 "123456789012345678901234567890",
                                 "0.30000000000000004",
                                 "1e99999999999",
                                 "1e-99999999999",
                                 "0e400",
                                 "000.000e5",
                                 "  12",
                                 "\t-7",
                                 "+5",
                                 "1.",
                                 ".5",
                                 "-",
                                 "",
                                 ".",
                                 "1e",
                                 "1e+",
                                 "1e-x",
                                 "abc",
                                 "-.e5"}) {
            check_like_strtod(text);
        }
    }
    SECTION("around the overflow threshold the decision is exact") {
        check_like_strtod(threshold);
        check_like_strtod(threshold + "0");
        check_like_strtod(threshold + "0000000000000000000000000001");
        check_like_strtod(threshold + ".0000000000000000000000000001");
        check_like_strtod("0000" + threshold + ".000");
        check_like_strtod(threshold.substr(0, 1) + "." + threshold.substr(1) + "e308");
        check_like_strtod("0." + threshold + "e309");
        std::string below = threshold;
        below.back() = '1';
        check_like_strtod(below);
        check_like_strtod(below + "9999999999999999999999999999999999");
        check_like_strtod(below.substr(0, 1) + "." + below.substr(1) + "e308");
        for (std::size_t digits = 1; digits <= threshold.size(); ++digits) {
            // Every prefix, rounded down and up in its last digit, as d.ddd...e308.
            std::string prefix = threshold.substr(0, digits);
            for (int delta : {-1, 0, 1}) {
                std::string text = prefix;
                const int last = text.back() - '0' + delta;
                if (last < 0 || last > 9) {
                    continue;
                }
                text.back() = static_cast<char>('0' + last);
                check_like_strtod(text.substr(0, 1) + "." + text.substr(1) + "e308");
                check_like_strtod(text + "e" + std::to_string(309 - digits));
            }
        }
    }
    SECTION("random numbers in JSON's grammar") {
        std::mt19937_64 random(20240601);
        auto pick = [&](int n) { return static_cast<int>(random() % static_cast<unsigned>(n)); };
        for (int i = 0; i < 50000; ++i) {
            std::string text = pick(2) ? "-" : "";
            const int integer_digits = 1 + pick(25);
            text += pick(5) == 0 ? '0' : static_cast<char>('1' + pick(9));
            if (text.back() != '0') {
                for (int d = 1; d < integer_digits; ++d) {
                    text += static_cast<char>('0' + pick(10));
                }
            }
            if (pick(2)) {
                text += '.';
                for (int d = 0, n = 1 + pick(25); d < n; ++d) {
                    text += static_cast<char>('0' + pick(10));
                }
            }
            if (pick(3)) {
                text += "eE"[pick(2)];
                text += std::string(pick(3), "+-"[pick(2)]).substr(0, 1);
                text += std::to_string(pick(2) ? pick(40) : pick(700));
            }
            check_like_strtod(text);
        }
    }
}

TEST_CASE("scan_double does not read hexadecimal, inf or nan", "[lean]") {
    char* end = nullptr;
    const char* hex = "0x10";
    CHECK(mixpay::lean::scan_double(hex, &end) == 0);
    CHECK(end == hex + 1);
    for (const char* text : {"inf", "-infinity", "nan", "NAN(1)"}) {
        CHECK(mixpay::lean::scan_double(text, &end) == 0);
        CHECK(end == text);
    }
}

TEST_CASE("format writes integers, characters and strings like vsnprintf", "[lean]") {
    SECTION("the control character names of nlohmann/json's parse errors") {
        for (int c = 0; c < 256; ++c) {
            INFO(c);
            CHECK(format_with(mixpay::lean::format, 9, "<U+%.4X>", c) ==
                  format_with(libc_format, 9, "<U+%.4X>", c));
        }
    }
    SECTION("conversions, precisions and lengths") {
        const std::vector<const char*> integer_patterns = {
            "%d",   "%i",     "%.3d", "%.0d", "%.12d", "%u",       "%x",  "%X",
            "%o",   "%.0o",   "%.0x", "%.4X", "%hhd",  "%hhu",     "%hd", "%hu",
            "%hhx", "%.3hhd", "%.d",  "%.0u", "[%d]",  "%%d=%d%%", "a%cb"};
        for (const char* pattern : integer_patterns) {
            for (int value :
                 {0, 1, -1, 7, 42, -42, 255, 256, 65535, 65536, 2147483647, -2147483647 - 1}) {
                INFO(pattern << " " << value);
                CHECK(format_with(mixpay::lean::format, 64, pattern, value) ==
                      format_with(libc_format, 64, pattern, value));
            }
        }
        for (long long value : {0LL, -1LL, 9223372036854775807LL, -9223372036854775807LL - 1}) {
            for (const char* pattern : {"%lld", "%llu", "%llx", "%jd", "%.20lld", "%llo"}) {
                INFO(pattern << " " << value);
                CHECK(format_with(mixpay::lean::format, 64, pattern, value) ==
                      format_with(libc_format, 64, pattern, value));
            }
        }
        for (long value : {0L, -5L, 2147483647L}) {
            CHECK(format_with(mixpay::lean::format, 64, "%ld|%lx", value, value) ==
                  format_with(libc_format, 64, "%ld|%lx", value, value));
        }
        // What Embind's __getTypeName asks for (wasm/embind_types.cpp).
        for (unsigned long address : {0UL, 1UL, 0x10UL, 0xABCDUL, 0xFFFFFFFFUL}) {
            CHECK(format_with(mixpay::lean::format, 24, "type 0x%lx", address) ==
                  format_with(libc_format, 24, "type 0x%lx", address));
        }
        CHECK(format_with(mixpay::lean::format, 64, "%zu %zd", std::size_t{12}, std::size_t{34}) ==
              format_with(libc_format, 64, "%zu %zd", std::size_t{12}, std::size_t{34}));
        for (const char* pattern : {"%s", "[%s]", "%.2s", "%.0s|", "%.9s", "%.s|"}) {
            INFO(pattern);
            CHECK(format_with(mixpay::lean::format, 64, pattern, "hello") ==
                  format_with(libc_format, 64, pattern, "hello"));
        }
        CHECK(format_with(mixpay::lean::format, 64, "[%c]", 'x') ==
              format_with(libc_format, 64, "[%c]", 'x'));
    }
    SECTION("flags, field widths and '*' are refused") {
        for (const char* pattern : {"%5d", "%-5d", "%05d", "%+d", "% d", "%#x", "%#o", "%8.3d",
                                    "%10s", "%3c", "%*d", "%.*d", "%hhhd"}) {
            INFO(pattern);
            CHECK(format_with(mixpay::lean::format, 64, pattern, 42).substr(0, 3) == "-1:");
        }
    }
    SECTION("output that does not fit is cut and counted") {
        for (std::size_t size : {0, 1, 2, 5, 8, 9}) {
            INFO(size);
            CHECK(format_with(mixpay::lean::format, size, "<U+%.4X>-%s", 31, "tail") ==
                  format_with(libc_format, size, "<U+%.4X>-%s", 31, "tail"));
        }
    }
    SECTION("floating point, %n and %p are refused") {
        CHECK(format_with(mixpay::lean::format, 64, "%f", 1.5).substr(0, 3) == "-1:");
        CHECK(format_with(mixpay::lean::format, 64, "%g", 1.5).substr(0, 3) == "-1:");
        int count = 0;
        CHECK(format_with(mixpay::lean::format, 64, "ab%n", &count).substr(0, 3) == "-1:");
        CHECK(format_with(mixpay::lean::format, 64, "%p", &count).substr(0, 3) == "-1:");
    }
}
