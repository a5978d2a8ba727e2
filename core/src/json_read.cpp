#include "mixpay/json_read.hpp"

#include <cstddef>
#include <limits>

#include <nlohmann/json.hpp>

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

// nlohmann/json's SAX handler interface over a json_events: the only handler type the
// parser is compiled for. Every event goes on; only a parse error stops the parse.
class sax_events {
public:
    using number_integer_t = nlohmann::json::number_integer_t;
    using number_unsigned_t = nlohmann::json::number_unsigned_t;
    using number_float_t = nlohmann::json::number_float_t;
    using string_t = nlohmann::json::string_t;
    using binary_t = nlohmann::json::binary_t;

    explicit sax_events(json_events& events) : events_(events) {}

    bool null() {
        events_.null();
        return true;
    }
    bool boolean(bool value) {
        events_.boolean(value);
        return true;
    }
    bool number_integer(number_integer_t value) {
        events_.integer(value);
        return true;
    }
    bool number_unsigned(number_unsigned_t value) {
        if (value <= static_cast<number_unsigned_t>(std::numeric_limits<std::int64_t>::max())) {
            events_.integer(static_cast<std::int64_t>(value));
        } else {
            events_.skip();
        }
        return true;
    }
    bool number_float(number_float_t /*value*/, const string_t& /*text*/) {
        events_.skip();
        return true;
    }
    bool string(string_t& value) {
        events_.string(value);
        return true;
    }
    bool binary(binary_t& /*value*/) {
        events_.skip();
        return true;
    }
    bool start_object(std::size_t /*elements*/) {
        events_.start_object();
        return true;
    }
    bool key(string_t& name) {
        events_.key(name);
        return true;
    }
    bool end_object() {
        events_.leave();
        return true;
    }
    bool start_array(std::size_t /*elements*/) {
        events_.start_array();
        return true;
    }
    bool end_array() {
        events_.leave();
        return true;
    }
    template <typename Exception>
    bool parse_error(std::size_t /*position*/, const std::string& /*last_token*/,
                     const Exception& /*error*/) {
        return false;
    }

private:
    json_events& events_;
};

} // namespace

bool json_text_readable(std::string_view body) {
    return body.size() <= max_response_bytes && body.find('\0') == std::string_view::npos &&
           nesting_within(body, max_json_depth);
}

bool read_json(std::string_view body, json_events& events) {
    if (!json_text_readable(body)) {
        return false;
    }
    sax_events handler(events);
    return nlohmann::json::sax_parse(body.begin(), body.end(), &handler);
}

} // namespace mixpay
