#include "mixpay/json_read.hpp"

#include "mixpay/response.hpp"

namespace mixpay {

namespace {

// Nesting depth of JSON text, counting only brackets outside strings; stops counting
// as soon as `limit` is exceeded. Malformed text is left for the parser to refuse.
bool nesting_within(std::string_view text, int limit) {
    int depth = 0;
    bool in_string = false;
    bool escaped = false;
    for (char c : text) {
        if (in_string) {
            if (escaped) {
                escaped = false;
            } else if (c == '\\') {
                escaped = true;
            } else if (c == '"') {
                in_string = false;
            }
        } else if (c == '"') {
            in_string = true;
        } else if (c == '[' || c == '{') {
            if (++depth > limit) {
                return false;
            }
        } else if ((c == ']' || c == '}') && depth > 0) {
            --depth;
        }
    }
    return true;
}

} // namespace

bool json_text_readable(std::string_view body) {
    return body.size() <= max_response_bytes && body.find('\0') == std::string_view::npos &&
           nesting_within(body, max_json_depth);
}

} // namespace mixpay
