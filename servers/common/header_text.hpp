// Header values read without regard to ASCII case, by the server's own files: a media type
// ("Multipart/Form-Data; boundary=...") or a header name the server writes itself.
#pragma once

#include <cstddef>
#include <string_view>

#include "mixpay/ascii.hpp"

namespace servers::http {

inline bool starts_with_nocase(std::string_view text, std::string_view prefix) {
    if (text.size() < prefix.size()) {
        return false;
    }
    for (std::size_t i = 0; i < prefix.size(); ++i) {
        if (mixpay::to_lower_ascii(text[i]) != mixpay::to_lower_ascii(prefix[i])) {
            return false;
        }
    }
    return true;
}

} // namespace servers::http
