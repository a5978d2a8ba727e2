// The core reads JSON text only through here: nlohmann/json's SAX parser (never a
// document) behind the same caps for every reader.
#pragma once

#include <string_view>

#include <nlohmann/json.hpp>

namespace mixpay {

// False for text no reader may parse: longer than max_response_bytes, holding a NUL byte
// (the parser would take it for the end of the input) or nested deeper than
// max_json_depth.
bool json_text_readable(std::string_view body);

// Feeds `body` to `reader` (a nlohmann/json SAX handler); false when the text is not
// readable as above or not JSON. Never throws.
template <typename Reader> bool read_json(std::string_view body, Reader& reader) {
    return json_text_readable(body) && nlohmann::json::sax_parse(body.begin(), body.end(), &reader);
}

} // namespace mixpay
