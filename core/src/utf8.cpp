#include "mixpay/utf8.hpp"

#include <cstdint>

namespace mixpay {

std::optional<std::size_t> utf8_length(std::string_view text) {
    std::size_t count = 0;
    std::size_t i = 0;
    while (i < text.size()) {
        const auto lead = static_cast<unsigned char>(text[i]);
        std::size_t extra = 0;
        std::uint32_t code_point = 0;
        std::uint32_t minimum = 0;
        if (lead < 0x80) {
            extra = 0;
            code_point = lead;
        } else if (lead >= 0xC2 && lead <= 0xDF) {
            extra = 1;
            code_point = lead & 0x1Fu;
            minimum = 0x80;
        } else if (lead >= 0xE0 && lead <= 0xEF) {
            extra = 2;
            code_point = lead & 0x0Fu;
            minimum = 0x800;
        } else if (lead >= 0xF0 && lead <= 0xF4) {
            extra = 3;
            code_point = lead & 0x07u;
            minimum = 0x10000;
        } else {
            // 0x80-0xBF: a continuation byte without a lead; 0xC0/0xC1: always overlong;
            // 0xF5-0xFF: would encode beyond U+10FFFF.
            return std::nullopt;
        }
        if (extra > text.size() - i - 1) {
            return std::nullopt; // truncated sequence
        }
        for (std::size_t k = 1; k <= extra; ++k) {
            const auto next = static_cast<unsigned char>(text[i + k]);
            if ((next & 0xC0) != 0x80) {
                return std::nullopt;
            }
            code_point = (code_point << 6) | (next & 0x3Fu);
        }
        if (code_point < minimum || code_point > 0x10FFFF ||
            (code_point >= 0xD800 && code_point <= 0xDFFF)) {
            return std::nullopt; // overlong, beyond Unicode, or a UTF-16 surrogate
        }
        i += extra + 1;
        ++count;
    }
    return count;
}

} // namespace mixpay
