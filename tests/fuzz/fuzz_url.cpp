// URL handling: percent-encoding leaves only unreserved characters and escapes, filled
// placeholders never smuggle a delimiter into a URL, and a URL accepted as absolute
// really starts with http(s):// and holds no whitespace or control character.
#include <cctype>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "fuzz_check.hpp"
#include "mixpay/request.hpp"
#include "mixpay/url.hpp"
#include "mixpay/uuid.hpp"

namespace {

bool is_unreserved(char c) {
    return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '-' || c == '.' || c == '_' ||
           c == '~';
}

bool only_unreserved_and_escapes(std::string_view text) {
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '%') {
            if (i + 2 >= text.size()) {
                return false;
            }
            if (!std::isxdigit(static_cast<unsigned char>(text[i + 1])) ||
                !std::isxdigit(static_cast<unsigned char>(text[i + 2]))) {
                return false;
            }
            i += 2;
        } else if (!is_unreserved(text[i])) {
            return false;
        }
    }
    return true;
}

std::size_t count(std::string_view text, char c) {
    std::size_t n = 0;
    for (char x : text) {
        n += x == c ? 1 : 0;
    }
    return n;
}

bool starts_with_ci(std::string_view text, std::string_view prefix) {
    if (text.size() < prefix.size()) {
        return false;
    }
    for (std::size_t i = 0; i < prefix.size(); ++i) {
        if (std::tolower(static_cast<unsigned char>(text[i])) != prefix[i]) {
            return false;
        }
    }
    return true;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view input(reinterpret_cast<const char*>(data), size);
    // Split into a template and two values at the first two NULs.
    const std::size_t first = input.find('\0');
    const std::string_view templ = input.substr(0, first);
    std::string_view trace_id;
    std::string_view order_id;
    if (first != std::string_view::npos) {
        const std::string_view tail = input.substr(first + 1);
        const std::size_t second = tail.find('\0');
        trace_id = tail.substr(0, second);
        order_id = second == std::string_view::npos ? std::string_view{} : tail.substr(second + 1);
    }

    const std::string encoded = mixpay::percent_encode(input);
    FUZZ_CHECK(only_unreserved_and_escapes(encoded));
    FUZZ_CHECK(mixpay::form_decode_component(encoded) == std::string(input));

    // A template with no placeholder comes back unchanged; the values only ever appear
    // percent-encoded.
    const std::string filled = mixpay::fill_placeholders(templ, trace_id, order_id);
    if (templ.find("{traceId}") == std::string_view::npos &&
        templ.find("{orderId}") == std::string_view::npos) {
        FUZZ_CHECK(filled == templ);
    }
    FUZZ_CHECK(filled == mixpay::fill_placeholders(templ, trace_id, order_id));

    for (const auto schemes : {mixpay::url_scheme::http_or_https, mixpay::url_scheme::https_only}) {
        if (mixpay::is_absolute_url(input, schemes)) {
            FUZZ_CHECK(
                starts_with_ci(input, "https://") ||
                (schemes == mixpay::url_scheme::http_or_https && starts_with_ci(input, "http://")));
            for (char c : input) {
                FUZZ_CHECK(static_cast<unsigned char>(c) > 0x20 && c != 0x7f);
            }
        }
    }
    // Values are encoded, so filling never adds a URL delimiter the template did not have.
    for (char delimiter : std::string_view("/?#&=@:+")) {
        FUZZ_CHECK(count(filled, delimiter) == count(templ, delimiter));
    }

    // The only redirect: <payBase>/code/<uuid>, whatever the pay base and code.
    const std::string url = mixpay::code_url(templ, trace_id);
    if (!url.empty()) {
        FUZZ_CHECK(mixpay::is_absolute_url(templ, mixpay::url_scheme::http_or_https));
        std::string_view base = templ;
        while (!base.empty() && base.back() == '/') {
            base.remove_suffix(1);
        }
        FUZZ_CHECK(url == std::string(base) + "/code/" + mixpay::canonical_uuid(trace_id));
    }
    return 0;
}
