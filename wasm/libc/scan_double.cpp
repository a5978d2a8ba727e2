// The module's strtod (lean_libc.hpp says why this much is enough): decimal text only, to
// a double within a few units in the last place, with the overflow to infinity decided
// exactly. musl's strtod reads through a long double scanner that brings 128-bit soft
// float into the module (about 6.9 KB of gzip).
#include "lean_libc.hpp"

#include <cfloat>
#include <cmath>
#include <cstdint>

#include "mixpay/ascii.hpp"

namespace mixpay::lean {

namespace {

bool is_space(char c) {
    return c == ' ' || (c >= '\t' && c <= '\r');
}

// 2^1024 - 2^970, the least value whose correctly rounded double is infinite (it lies
// halfway between DBL_MAX and 2^1024 and rounds to the even one, which overflows).
constexpr char overflow_threshold[] =
    "17976931348623158079372897140530341507993413271003782693617377898044496829276475094664"
    "90179775872070963302864166928879109465555478519404026306574886715058206819089020007083"
    "83676273854845817711531764475730270069855571366959622842914819860834936475292719074168"
    "444365510704342711559699508093042880177904174497792";
static_assert(sizeof(overflow_threshold) - 1 == 309, "2^1024 has 309 decimal digits");

// Whether the significant digits between `first` and `last` (leading zeros and the
// decimal point skipped), read as 0.d1d2... * 10^309, reach the overflow threshold.
bool reaches_threshold(const char* first, const char* last) {
    std::size_t i = 0;
    for (const char* p = first; p != last; ++p) {
        if (!is_digit(*p) || (i == 0 && *p == '0')) {
            continue;
        }
        if (i == sizeof(overflow_threshold) - 1) {
            return true; // equal so far, and more digits: a tie or above
        }
        if (*p != overflow_threshold[i]) {
            return *p > overflow_threshold[i];
        }
        ++i;
    }
    return i == sizeof(overflow_threshold) - 1; // exactly the threshold: a tie, rounds up
}

// value * 10^exponent with a few roundings; powers of ten are applied largest first for
// positive exponents and smallest first for negative ones, so no intermediate result
// overflows or underflows before the final one.
double scale(double value, long exponent) {
    static constexpr double powers[] = {1e1, 1e2, 1e4, 1e8, 1e16, 1e32, 1e64, 1e128, 1e256};
    if (exponent >= 0) {
        for (int bit = 8; bit >= 0; --bit) {
            if (exponent & (1L << bit)) {
                value *= powers[bit];
            }
        }
        return value;
    }
    long n = -exponent;
    for (int bit = 0; bit <= 8; ++bit) {
        if (n & (1L << bit)) {
            value /= powers[bit];
        }
    }
    for (n >>= 9; n > 0; --n) { // 10^512 per step
        value /= 1e256;
        value /= 1e256;
    }
    return value;
}

} // namespace

double scan_double(const char* text, char** end) {
    const char* p = text;
    while (is_space(*p)) {
        ++p;
    }
    bool negative = false;
    if (*p == '+' || *p == '-') {
        negative = *p == '-';
        ++p;
    }
    const char* digits_begin = p;
    std::uint64_t mantissa = 0; // the first 19 significant digits
    int kept = 0;
    long exponent = 0;       // of the last kept digit
    long leading_digits = 0; // significant digits before the point, or minus the zeros
                             // after the point before the first significant digit
    bool any_digit = false;
    bool significant = false;
    bool in_fraction = false;
    for (;; ++p) {
        if (*p == '.' && !in_fraction) {
            in_fraction = true;
            continue;
        }
        if (!is_digit(*p)) {
            break;
        }
        any_digit = true;
        const int digit = *p - '0';
        if (!significant && digit == 0) {
            if (in_fraction) {
                --leading_digits;
                --exponent;
            }
            continue;
        }
        significant = true;
        if (!in_fraction) {
            ++leading_digits;
        }
        if (kept < 19) {
            mantissa = mantissa * 10 + static_cast<unsigned>(digit);
            ++kept;
            if (in_fraction) {
                --exponent;
            }
        } else if (!in_fraction) {
            ++exponent;
        }
    }
    if (!any_digit) {
        if (end != nullptr) {
            *end = const_cast<char*>(text);
        }
        return 0;
    }
    const char* digits_end = p;
    if (*p == 'e' || *p == 'E') {
        const char* q = p + 1;
        bool exponent_negative = false;
        if (*q == '+' || *q == '-') {
            exponent_negative = *q == '-';
            ++q;
        }
        if (is_digit(*q)) {
            long written = 0;
            for (; is_digit(*q); ++q) {
                if (written < 100000000) {
                    written = written * 10 + (*q - '0');
                }
            }
            exponent += exponent_negative ? -written : written;
            leading_digits += exponent_negative ? -written : written;
            p = q;
        }
    }
    if (end != nullptr) {
        *end = const_cast<char*>(p);
    }
    double value = 0;
    if (significant) {
        // The value is 0.d1d2... * 10^leading_digits.
        if (leading_digits > 309 ||
            (leading_digits == 309 && reaches_threshold(digits_begin, digits_end))) {
            value = HUGE_VAL;
        } else if (leading_digits >= -330) {
            value = scale(static_cast<double>(mantissa), exponent);
            if (std::isinf(value)) {
                value = DBL_MAX; // below the threshold: the rounding can only reach DBL_MAX
            }
        }
    }
    return negative ? -value : value;
}

} // namespace mixpay::lean
