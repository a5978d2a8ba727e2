// The core reads JSON text only through here: nlohmann/json's SAX parser (never a
// document) behind the same caps for every reader. The parser is compiled once, in
// json_read.cpp, for the one handler type below: each reader is a json_events, so the
// module carries one parser whatever the number of readers.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace mixpay {

// False for text no reader may parse: longer than max_response_bytes, holding a NUL byte
// (the parser would take it for the end of the input) or nested deeper than
// max_json_depth.
bool json_text_readable(std::string_view body);

// The events of a parse, as the core's readers tell them apart: nlohmann/json's handler
// interface with the events no reader tells apart folded into skip(), integer() and
// leave(). A reader derives from it and is fed by read_json().
class json_events {
public:
    // A value it does not read: a float, binary, or an integer beyond 64 bits (and null,
    // unless null() says otherwise).
    virtual void skip() = 0;
    virtual void null() { skip(); }
    virtual void boolean(bool value) = 0;
    // An integer that fits in 64 bits.
    virtual void integer(std::int64_t value) = 0;
    // The value may be moved from.
    virtual void string(std::string& value) = 0;
    virtual void start_object() = 0;
    virtual void key(std::string& name) = 0;
    virtual void start_array() = 0;
    // The end of an object or array.
    virtual void leave() = 0;

protected:
    json_events() = default;
    json_events(const json_events&) = default;
    json_events& operator=(const json_events&) = default;
    ~json_events() = default;
};

// Feeds `body` to `events`; false when the text is not readable as above or not JSON (a
// parse error stops the parse). Never throws.
bool read_json(std::string_view body, json_events& events);

} // namespace mixpay
