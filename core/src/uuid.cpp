#include "mixpay/uuid.hpp"

#include "mixpay/ascii.hpp"

namespace mixpay {

bool is_uuid(std::string_view text) {
    if (text.size() != 36) {
        return false;
    }
    for (std::size_t i = 0; i < text.size(); ++i) {
        const bool dash_position = i == 8 || i == 13 || i == 18 || i == 23;
        if (dash_position ? text[i] != '-' : !is_hex_digit(text[i])) {
            return false;
        }
    }
    return true;
}

std::string canonical_uuid(std::string_view text) {
    if (!is_uuid(text)) {
        return {};
    }
    std::string out(text);
    for (char& c : out) {
        c = to_lower_ascii(c);
    }
    return out;
}

std::string uuid_v4(const std::array<std::uint8_t, 16>& random_bytes) {
    static constexpr char digits[] = "0123456789abcdef";
    std::array<std::uint8_t, 16> bytes = random_bytes;
    bytes[6] = static_cast<std::uint8_t>((bytes[6] & 0x0F) | 0x40); // version 4
    bytes[8] = static_cast<std::uint8_t>((bytes[8] & 0x3F) | 0x80); // RFC 4122 variant
    std::string out;
    out.reserve(36);
    for (std::size_t i = 0; i < bytes.size(); ++i) {
        if (i == 4 || i == 6 || i == 8 || i == 10) {
            out.push_back('-');
        }
        out.push_back(digits[bytes[i] >> 4]);
        out.push_back(digits[bytes[i] & 0x0F]);
    }
    return out;
}

} // namespace mixpay
