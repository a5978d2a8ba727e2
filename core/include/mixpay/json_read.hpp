// The core reads JSON text only through here: nlohmann/json's SAX parser (never a
// document) behind the same caps for every reader.
#pragma once

#include <cstddef>
#include <cstdint>
#include <limits>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace mixpay {

// False for text no reader may parse: longer than max_response_bytes, holding a NUL byte
// (the parser would take it for the end of the input) or nested deeper than
// max_json_depth.
bool json_text_readable(std::string_view body);

// The skeleton every SAX reader of the core shares: nlohmann/json's handler interface
// with the events no reader tells apart folded into three steps of its own. `Reader`
// derives from json_reader<Reader> and defines, besides boolean(), string(),
// start_object(), key() and start_array() with nlohmann/json's signatures:
//   void skip()                  a value it does not read: null, a float, binary, or an
//                                integer beyond 64 bits
//   void integer(std::int64_t)   an integer that fits in 64 bits
//   void leave()                 the end of an object or array
// A parse error stops the parse, which then fails.
template <typename Reader> class json_reader {
public:
    using number_integer_t = nlohmann::json::number_integer_t;
    using number_unsigned_t = nlohmann::json::number_unsigned_t;
    using number_float_t = nlohmann::json::number_float_t;
    using string_t = nlohmann::json::string_t;
    using binary_t = nlohmann::json::binary_t;

    bool null() {
        self().skip();
        return true;
    }
    bool number_integer(number_integer_t value) {
        self().integer(value);
        return true;
    }
    bool number_unsigned(number_unsigned_t value) {
        if (value <= static_cast<number_unsigned_t>(std::numeric_limits<std::int64_t>::max())) {
            self().integer(static_cast<std::int64_t>(value));
        } else {
            self().skip();
        }
        return true;
    }
    bool number_float(number_float_t /*value*/, const string_t& /*text*/) {
        self().skip();
        return true;
    }
    bool binary(binary_t& /*value*/) {
        self().skip();
        return true;
    }
    bool end_object() {
        self().leave();
        return true;
    }
    bool end_array() {
        self().leave();
        return true;
    }
    template <typename Exception>
    bool parse_error(std::size_t /*position*/, const std::string& /*last_token*/,
                     const Exception& /*error*/) {
        return false;
    }

private:
    Reader& self() { return static_cast<Reader&>(*this); }
};

// Feeds `body` to `reader` (a nlohmann/json SAX handler); false when the text is not
// readable as above or not JSON. Never throws.
template <typename Reader> bool read_json(std::string_view body, Reader& reader) {
    return json_text_readable(body) && nlohmann::json::sax_parse(body.begin(), body.end(), &reader);
}

} // namespace mixpay
