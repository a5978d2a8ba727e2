#include "mixpay/url.hpp"

#include "mixpay/ascii.hpp"
#include "mixpay/utf8.hpp"

namespace mixpay {

namespace {

constexpr char hex_digits[] = "0123456789ABCDEF";

void append_escaped(std::string& out, char c) {
    const auto byte = static_cast<unsigned char>(c);
    out.push_back('%');
    out.push_back(hex_digits[byte >> 4]);
    out.push_back(hex_digits[byte & 0x0F]);
}

bool equals_ignoring_case(std::string_view text, std::string_view lower) {
    if (text.size() != lower.size()) {
        return false;
    }
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (to_lower_ascii(text[i]) != lower[i]) {
            return false;
        }
    }
    return true;
}

// Bytes no URL may carry unescaped: C0 controls, space, DEL, and the characters that
// browsers and servers read differently ('\\' is a '/' to a browser for http(s)).
bool is_forbidden_url_byte(char c) {
    const auto byte = static_cast<unsigned char>(c);
    return byte <= 0x20 || byte == 0x7F || c == '\\' || c == '"' || c == '<' || c == '>' ||
           c == '`';
}

// C1 controls (U+0080-U+009F) are two bytes in UTF-8: 0xC2 0x80-0x9F.
bool has_c1_control(std::string_view text) {
    for (std::size_t i = 0; i + 1 < text.size(); ++i) {
        const auto lead = static_cast<unsigned char>(text[i]);
        const auto next = static_cast<unsigned char>(text[i + 1]);
        if (lead == 0xC2 && next >= 0x80 && next <= 0x9F) {
            return true;
        }
    }
    return false;
}

// One to five digits ("000080" is none), from 1 to 65535.
bool is_valid_port(std::string_view port) {
    const auto value = port.size() <= 5 ? parse_uint<std::uint64_t>(port, 65535) : std::nullopt;
    return value.has_value() && *value >= 1;
}

bool is_valid_reg_name(std::string_view host) {
    bool has_alnum = false;
    for (char c : host) {
        if (is_ascii_alnum(c)) {
            has_alnum = true;
        } else if (c != '-' && c != '.' && c != '_' && c != '~') {
            return false;
        }
    }
    return has_alnum;
}

bool is_valid_ipv6_literal(std::string_view inside) {
    bool has_colon = false;
    for (char c : inside) {
        if (c == ':') {
            has_colon = true;
        } else if (hex_value(c) < 0 && c != '.') {
            return false;
        }
    }
    return has_colon;
}

bool is_valid_authority(std::string_view authority) {
    if (authority.find('@') != std::string_view::npos) {
        return false; // userinfo: "https://shop.example@evil.example/" goes to evil.example
    }
    std::string_view port;
    bool has_port = false;
    if (!authority.empty() && authority.front() == '[') {
        const std::size_t close = authority.find(']');
        if (close == std::string_view::npos ||
            !is_valid_ipv6_literal(authority.substr(1, close - 1))) {
            return false;
        }
        const std::string_view after = authority.substr(close + 1);
        if (!after.empty()) {
            if (after.front() != ':') {
                return false;
            }
            has_port = true;
            port = after.substr(1);
        }
    } else {
        const std::size_t colon = authority.rfind(':');
        std::string_view host = authority;
        if (colon != std::string_view::npos) {
            has_port = true;
            port = authority.substr(colon + 1);
            host = authority.substr(0, colon);
        }
        if (!is_valid_reg_name(host)) {
            return false;
        }
    }
    return !has_port || is_valid_port(port);
}

} // namespace

std::string form_encode_component(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (char c : text) {
        if (is_ascii_alnum(c) || c == '*' || c == '-' || c == '.' || c == '_') {
            out.push_back(c);
        } else if (c == ' ') {
            out.push_back('+');
        } else {
            append_escaped(out, c);
        }
    }
    return out;
}

std::string percent_encode(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (char c : text) {
        if (is_ascii_alnum(c) || c == '-' || c == '.' || c == '_' || c == '~') {
            out.push_back(c);
        } else {
            append_escaped(out, c);
        }
    }
    return out;
}

std::optional<std::string> form_decode_component(std::string_view text) {
    for (std::size_t i = text.find('%'); i != std::string_view::npos; i = text.find('%', i + 3)) {
        if (text.size() - i < 3 || !is_hex_digit(text[i + 1]) || !is_hex_digit(text[i + 2])) {
            return std::nullopt;
        }
    }
    return percent_decode(text, true);
}

std::string percent_decode(std::string_view text, bool plus_is_space) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (c == '%' && text.size() - i >= 3 && is_hex_digit(text[i + 1]) &&
            is_hex_digit(text[i + 2])) {
            out.push_back(static_cast<char>(hex_value(text[i + 1]) * 16 + hex_value(text[i + 2])));
            i += 2;
        } else {
            out.push_back(plus_is_space && c == '+' ? ' ' : c);
        }
    }
    return out;
}

bool is_absolute_url(std::string_view text, url_scheme schemes) {
    if (!utf8_length(text).has_value() || has_c1_control(text)) {
        return false;
    }
    for (char c : text) {
        if (is_forbidden_url_byte(c)) {
            return false;
        }
    }
    const std::size_t colon = text.find(':');
    if (colon == std::string_view::npos) {
        return false;
    }
    const std::string_view scheme = text.substr(0, colon);
    const bool https = equals_ignoring_case(scheme, "https");
    const bool http = equals_ignoring_case(scheme, "http");
    if (!https && !(http && schemes == url_scheme::http_or_https)) {
        return false;
    }
    const std::string_view rest = text.substr(colon + 1);
    if (rest.substr(0, 2) != "//") {
        return false;
    }
    const std::string_view after_slashes = rest.substr(2);
    const std::string_view authority = after_slashes.substr(0, after_slashes.find_first_of("/?#"));
    return is_valid_authority(authority);
}

std::string fill_placeholders(std::string_view templ, std::string_view trace_id,
                              std::string_view order_id) {
    static constexpr std::string_view trace_placeholder = "{traceId}";
    static constexpr std::string_view order_placeholder = "{orderId}";
    std::string out;
    out.reserve(templ.size());
    std::size_t i = 0;
    while (i < templ.size()) {
        const std::string_view rest = templ.substr(i);
        if (rest.substr(0, trace_placeholder.size()) == trace_placeholder) {
            out.append(percent_encode(trace_id));
            i += trace_placeholder.size();
        } else if (rest.substr(0, order_placeholder.size()) == order_placeholder) {
            out.append(percent_encode(order_id));
            i += order_placeholder.size();
        } else {
            out.push_back(templ[i]);
            ++i;
        }
    }
    return out;
}

} // namespace mixpay
