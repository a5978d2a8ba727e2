// The module's snprintf (lean_libc.hpp says why this much is enough): the integer,
// character and string conversions with their flags, width, precision and length; anything
// else is a formatting error. musl's snprintf is its full printf engine, floating point
// included (about 4.4 KB of gzip).
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
    void put(const char* text, std::size_t length) {
        for (std::size_t i = 0; i < length; ++i) {
            put(text[i]);
        }
    }
    void repeat(char c, long count) {
        for (; count > 0; --count) {
            put(c);
        }
    }
};

// The flag characters, in the order of their bits.
constexpr char flag_characters[] = "-0+ #";
enum flag : unsigned { left = 1, zero = 2, plus = 4, space = 8, alternate = 16 };

long read_number(const char*& p) {
    long n = 0;
    for (; is_digit(*p); ++p) {
        if (n < INT_MAX / 10) {
            n = n * 10 + (*p - '0');
        }
    }
    return n;
}

} // namespace

int format(char* buffer, std::size_t size, const char* pattern, std::va_list args) {
    sink out{buffer, size};
    for (const char* p = pattern; *p != '\0'; ++p) {
        if (*p != '%') {
            out.put(*p);
            continue;
        }
        ++p;
        if (*p == '%') {
            out.put('%');
            continue;
        }
        unsigned flags = 0;
        for (;; ++p) {
            const char* at = std::strchr(flag_characters, *p);
            if (*p == '\0' || at == nullptr) {
                break;
            }
            flags |= 1u << (at - flag_characters);
        }
        long width = 0;
        if (*p == '*') {
            width = va_arg(args, int);
            if (width < 0) {
                flags |= left;
                width = -width;
            }
            ++p;
        } else {
            width = read_number(p);
        }
        long precision = -1;
        if (*p == '.') {
            ++p;
            if (*p == '*') {
                precision = va_arg(args, int);
                precision = precision < 0 ? -1 : precision;
                ++p;
            } else {
                precision = read_number(p);
            }
        }
        if (flags & left) {
            flags &= ~zero;
        }
        // Length: h and hh narrow what was promoted to int; l, ll, j, z and t are 64 or
        // 32 bits wide.
        int length = 0; // -2 hh, -1 h, 0 int, 1 long, 2 long long / intmax_t, 3 size_t
        for (; *p == 'h'; ++p) {
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
        if (length < -2) {
            return -1;
        }

        const char conversion = *p;
        char digits[24];
        char* const digits_end = digits + sizeof digits;
        const char* body = digits_end;
        const char* prefix = "";
        std::uint64_t value = 0;
        bool is_integer = true;
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
            value = signed_value < 0 ? 0 - static_cast<std::uint64_t>(signed_value)
                                     : static_cast<std::uint64_t>(signed_value);
            prefix = signed_value < 0 ? "-" : (flags & plus) ? "+" : (flags & space) ? " " : "";
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
            digits[0] = static_cast<char>(va_arg(args, int));
            body = digits;
            is_integer = false;
            flags &= ~zero;
            precision = -1;
            break;
        case 's':
            body = va_arg(args, const char*);
            if (body == nullptr) {
                body = "(null)";
            }
            is_integer = false;
            flags &= ~zero;
            break;
        default:
            return -1; // floating point, %n, %p or not a conversion at all
        }

        long length_of_body = 0;
        if (is_integer) {
            const unsigned base = conversion == 'o'                          ? 8
                                  : (conversion == 'x' || conversion == 'X') ? 16
                                                                             : 10;
            const char* alphabet = conversion == 'X' ? "0123456789ABCDEF" : "0123456789abcdef";
            char* d = digits_end;
            for (std::uint64_t v = value; v != 0; v /= base) {
                *--d = alphabet[v % base];
            }
            body = d;
            length_of_body = digits_end - d;
            if ((flags & alternate) && conversion == 'o' && precision < length_of_body + 1) {
                precision = length_of_body + 1;
            }
            if ((flags & alternate) && base == 16 && value != 0) {
                prefix = conversion == 'X' ? "0X" : "0x";
            }
            if (precision >= 0) {
                flags &= ~zero;
            }
            if (value == 0 && precision == 0) {
                // No digits at all.
            } else if (precision < length_of_body + (value == 0 ? 1 : 0)) {
                precision = length_of_body + (value == 0 ? 1 : 0);
            }
            if (precision < 0) {
                precision = 0;
            }
        } else if (conversion == 'c') {
            length_of_body = 1;
            precision = 1;
        } else {
            length_of_body = static_cast<long>(
                precision < 0 ? std::strlen(body)
                              : strnlen(body, static_cast<std::size_t>(precision)));
            precision = length_of_body;
        }
        const long prefix_length = static_cast<long>(std::strlen(prefix));
        const long padding = width - (prefix_length + precision);
        if (!(flags & (left | zero))) {
            out.repeat(' ', padding);
        }
        out.put(prefix, static_cast<std::size_t>(prefix_length));
        if (flags & zero) {
            out.repeat('0', padding);
        }
        out.repeat('0', precision - length_of_body);
        out.put(body, static_cast<std::size_t>(length_of_body));
        if (flags & left) {
            out.repeat(' ', padding);
        }
    }
    if (size > 0) {
        buffer[out.written < size ? out.written : size - 1] = '\0';
    }
    return out.written > INT_MAX ? -1 : static_cast<int>(out.written);
}

} // namespace mixpay::lean
