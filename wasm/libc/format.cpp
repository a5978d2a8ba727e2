// The module's snprintf (lean_libc.hpp says why this much is enough): the integer,
// character and string conversions with a precision and a length; flags, a field width and
// anything else are a formatting error. The module's two callers ask for "<U+%.4X>"
// (nlohmann/json) and "type 0x%lx" (Embind's __getTypeName, wasm/embind_types.cpp). musl's
// snprintf is its full printf engine, floating point included (about 4.4 KB of gzip); the
// flags and widths this one once read as well were about 1 KB of gzip more than it is now.
#include "lean_libc.hpp"

#include <climits>
#include <cstdint>
#include <cstring>
#include <type_traits>

#include "mixpay/ascii.hpp"

namespace mixpay::lean {

namespace {

// Output into a bounded buffer that counts what did not fit.
struct sink {
    char* buffer;
    std::size_t size;
    std::size_t written = 0;

    void put(char c) {
        if (written + 1 < size) {
            buffer[written] = c;
        }
        ++written;
    }
};

} // namespace

int format(char* buffer, std::size_t size, const char* pattern, std::va_list args) {
    sink out{buffer, size};
    for (const char* p = pattern; *p != '\0'; ++p) {
        if (*p != '%' || *++p == '%') {
            out.put(*p);
            continue;
        }
        // A precision: digits after '.' (none is 0); no flags, width or '*'.
        long precision = -1;
        if (*p == '.') {
            precision = 0;
            for (++p; is_digit(*p); ++p) {
                if (precision < INT_MAX / 10) {
                    precision = precision * 10 + (*p - '0');
                }
            }
        }
        // Length: h and hh narrow what was promoted to int; l, ll, j, z and t are 64 or
        // 32 bits wide.
        int length = 0; // -2 hh, -1 h, 0 int, 1 long, 2 long long / intmax_t, 3 size_t
        for (; *p == 'h' && length > -2; ++p) {
            --length;
        }
        if (*p == 'l') {
            length = p[1] == 'l' ? 2 : 1;
            p += length;
        } else if (*p == 'j') {
            length = 2;
            ++p;
        } else if (*p == 'z' || *p == 't') {
            length = 3;
            ++p;
        }

        const char conversion = *p;
        std::uint64_t value = 0;
        bool negative = false;
        switch (conversion) {
        case 'd':
        case 'i': {
            std::int64_t signed_value = 0;
            if (length == 1) {
                signed_value = va_arg(args, long);
            } else if (length == 2) {
                signed_value = va_arg(args, long long);
            } else if (length == 3) {
                signed_value =
                    static_cast<std::make_signed_t<std::size_t>>(va_arg(args, std::size_t));
            } else {
                const int promoted = va_arg(args, int);
                signed_value = length == -2   ? static_cast<signed char>(promoted)
                               : length == -1 ? static_cast<short>(promoted)
                                              : promoted;
            }
            negative = signed_value < 0;
            value = negative ? 0 - static_cast<std::uint64_t>(signed_value)
                             : static_cast<std::uint64_t>(signed_value);
            break;
        }
        case 'u':
        case 'o':
        case 'x':
        case 'X':
            if (length == 1) {
                value = va_arg(args, unsigned long);
            } else if (length == 2) {
                value = va_arg(args, unsigned long long);
            } else if (length == 3) {
                value = va_arg(args, std::size_t);
            } else {
                const unsigned promoted = va_arg(args, unsigned);
                value = length == -2   ? static_cast<unsigned char>(promoted)
                        : length == -1 ? static_cast<unsigned short>(promoted)
                                       : promoted;
            }
            break;
        case 'c':
            out.put(static_cast<char>(va_arg(args, int)));
            continue;
        case 's': {
            const char* text = va_arg(args, const char*);
            if (text == nullptr) {
                text = "(null)";
            }
            for (; *text != '\0' && precision != 0; ++text, --precision) {
                out.put(*text);
            }
            continue;
        }
        default:
            return -1; // a flag, a width, floating point, %n, %p or not a conversion at all
        }

        const unsigned base = conversion == 'o'                          ? 8
                              : (conversion == 'x' || conversion == 'X') ? 16
                                                                         : 10;
        const char* alphabet = conversion == 'X' ? "0123456789ABCDEF" : "0123456789abcdef";
        char digits[24];
        long count = 0;
        for (std::uint64_t v = value; v != 0; v /= base) {
            digits[count++] = alphabet[v % base];
        }
        if (negative) {
            out.put('-');
        }
        // At least one digit, unless the value and the precision are both 0.
        for (long zeros = (precision < 0 ? 1 : precision) - count; zeros > 0; --zeros) {
            out.put('0');
        }
        while (count > 0) {
            out.put(digits[--count]);
        }
    }
    if (size > 0) {
        buffer[out.written < size ? out.written : size - 1] = '\0';
    }
    return out.written > INT_MAX ? -1 : static_cast<int>(out.written);
}

} // namespace mixpay::lean
