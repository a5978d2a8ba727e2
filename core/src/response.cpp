#include "mixpay/response.hpp"

#include <limits>
#include <optional>

#include "mixpay/json_read.hpp"
#include "mixpay/utf8.hpp"
#include "mixpay/uuid.hpp"

namespace mixpay {

namespace {

// Longest API message passed on, in code points; longer ones are cut.
constexpr std::size_t max_message_characters = 300;

// The parts of the API's envelope the checkout reads: "success", "code", "message" and
// "data"."code". The rest of the answer is only checked for being well-formed JSON.
struct envelope {
    bool success = false;
    std::int64_t code = 0;
    std::optional<std::string> message;   // when "message" is a string
    std::optional<std::string> data_code; // when "data" is an object and its "code" a string
    std::optional<std::string> code_text; // when "code" is a string (a merchant's {code})
};

// Reads nlohmann/json's SAX events into an envelope without building the document. A key
// given twice counts with its last value, as in the parsed object.
class envelope_reader final : public json_events {
public:
    // The envelope when the root is an object with a boolean "success" and an integer
    // "code" that fits in 64 bits.
    std::optional<envelope> result() const {
        if (!root_is_object_ || !has_success_ || !has_code_) {
            return std::nullopt;
        }
        return read_;
    }

    // The root object's "code" when it is a string; nullopt for anything else.
    std::optional<std::string> code_text() const {
        return root_is_object_ ? read_.code_text : std::nullopt;
    }

    void boolean(bool value) override {
        if (take_field() == field::success) {
            has_success_ = true;
            read_.success = value;
        }
    }
    void string(std::string& value) override {
        const field at = take_field();
        if (at == field::message) {
            read_.message = std::move(value);
        } else if (at == field::code) {
            read_.code_text = std::move(value);
        } else if (at == field::data_code) {
            read_.data_code = std::move(value);
        }
    }

    void start_object() override {
        const field at = take_field();
        if (depth_ == 0) {
            root_is_object_ = true;
        } else if (depth_ == 1) {
            in_data_ = at == field::data;
        }
        ++depth_;
    }
    void key(std::string& name) override {
        current_ = field::none;
        if (depth_ == 1) {
            if (name == "success") {
                current_ = field::success;
            } else if (name == "code") {
                current_ = field::code;
            } else if (name == "message") {
                current_ = field::message;
            } else if (name == "data") {
                current_ = field::data;
            }
        } else if (depth_ == 2 && in_data_ && name == "code") {
            current_ = field::data_code;
        }
    }
    void start_array() override {
        take_field();
        ++depth_;
    }
    void skip() override { take_field(); }
    void integer(std::int64_t value) override {
        if (take_field() == field::code) {
            has_code_ = true;
            read_.code = value;
        }
    }
    void leave() override {
        --depth_;
        if (depth_ <= 1) {
            in_data_ = false; // only the object that is the value of "data" has its "code"
        }
        current_ = field::none;
    }

private:
    // The envelope's field the next value belongs to (set by key()).
    enum class field { none, success, code, message, data, data_code };

    // Starts a value: returns the field it belongs to and forgets what an earlier value of
    // that field gave; the caller records the new one when its type fits.
    field take_field() {
        const field at = current_;
        current_ = field::none;
        switch (at) {
        case field::success:
            has_success_ = false;
            break;
        case field::code:
            has_code_ = false;
            read_.code_text.reset();
            break;
        case field::message:
            read_.message.reset();
            break;
        case field::data:
        case field::data_code:
            read_.data_code.reset();
            break;
        case field::none:
            break;
        }
        return at;
    }

    int depth_ = 0;
    field current_ = field::none;
    bool root_is_object_ = false;
    bool in_data_ = false; // the open object at depth 2 is the value of "data"
    bool has_success_ = false;
    bool has_code_ = false;
    envelope read_;
};

// The API's envelope: an object with a boolean "success" and an integer "code" that
// fits in 64 bits. nullopt for anything else, including text too big or too deep to read.
std::optional<envelope> read_envelope(std::string_view body) {
    envelope_reader reader;
    if (!read_json(body, reader)) {
        return std::nullopt;
    }
    return reader.result();
}

// The API's message made safe to show as text: control characters become spaces and
// the length is capped. Empty when there is nothing usable.
std::string clean_message(const envelope& answer) {
    if (!answer.message) {
        return {};
    }
    const std::string& text = *answer.message;
    std::string out;
    std::size_t characters = 0;
    bool has_visible = false;
    for (std::size_t i = 0; i < text.size() && characters < max_message_characters; ++i) {
        const auto byte = static_cast<unsigned char>(text[i]);
        if (byte < 0x20 || byte == 0x7F) {
            out.push_back(' ');
        } else {
            out.push_back(text[i]);
            has_visible = has_visible || byte != ' ';
        }
        if (i + 1 == text.size() || (static_cast<unsigned char>(text[i + 1]) & 0xC0) != 0x80) {
            ++characters; // a code point ends here
        }
    }
    // The parser accepted only valid UTF-8 and the cut falls on a code point boundary.
    if (!has_visible || !utf8_length(out).has_value()) {
        return {};
    }
    return out;
}

bool is_transient_status(int status) {
    return status == 429 || (status >= 500 && status <= 599);
}

bool is_transient_api_code(std::int64_t code) {
    return code == -1 || code == 1429;
}

std::string default_api_message(std::int64_t code) {
    if (code == -1) {
        return "The payment service had a problem. Please try again.";
    }
    if (code == 1429) {
        return "The payment service is busy. Please try again.";
    }
    return "The payment service refused the payment (code " + std::to_string(code) + ").";
}

std::string http_message(int status) {
    if (status == 429) {
        return "The payment service is busy. Please try again.";
    }
    if (status >= 500 && status <= 599) {
        return "The payment service is not available right now. Please try again.";
    }
    return "The payment service could not handle the request (HTTP " + std::to_string(status) +
           ").";
}

create_result failed(attempt_failure failure) {
    create_result result;
    result.failure = std::move(failure);
    return result;
}

attempt_failure api_failure(int status, const envelope& answer) {
    attempt_failure failure;
    failure.kind = failure_kind::api;
    failure.status = status;
    failure.code = answer.code;
    failure.message = clean_message(answer);
    if (failure.message.empty()) {
        failure.message = default_api_message(answer.code);
    }
    failure.transient = is_transient_api_code(answer.code) || is_transient_status(status);
    failure.created_nothing = !is_transient_api_code(answer.code);
    return failure;
}

// The outcome of an answer with a real HTTP status, from its envelope (nullopt: none
// could be read; `too_large`: because the body was cut off).
create_result classify(int http_status, const std::optional<envelope>& answer, bool too_large) {
    const bool ok_status = http_status >= 200 && http_status <= 299;
    if (!ok_status) {
        if (answer.has_value() && !answer->success) {
            return failed(api_failure(http_status, *answer));
        }
        attempt_failure failure;
        failure.kind = failure_kind::http;
        failure.status = http_status;
        failure.message = http_message(http_status);
        failure.transient = is_transient_status(http_status);
        failure.created_nothing = http_status >= 400 && http_status <= 499 && http_status != 429;
        return failed(std::move(failure));
    }
    if (!answer.has_value()) {
        return failed(response_failure(
            http_status, too_large ? "The payment service sent an answer too large to read."
                                   : "The payment service sent an answer that could not be read."));
    }
    if (!answer->success) {
        return failed(api_failure(http_status, *answer));
    }
    if (answer->data_code) {
        std::string canonical = canonical_uuid(*answer->data_code);
        if (!canonical.empty()) {
            create_result result;
            result.ok = true;
            result.code = std::move(canonical);
            return result;
        }
    }
    return failed(
        response_failure(http_status, "The payment service did not return a valid payment code."));
}

} // namespace

create_result parse_create_response(int http_status, std::string_view body) {
    if (http_status <= 0) {
        return failed(network_failure());
    }
    return classify(http_status, read_envelope(body), false);
}

create_result parse_code_response(int http_status, std::string_view body) {
    if (http_status <= 0) {
        return failed(network_failure());
    }
    if (http_status < 200 || http_status > 299) {
        return classify(http_status, std::nullopt, false);
    }
    envelope_reader reader;
    if (!read_json(body, reader)) {
        return failed(response_failure(http_status,
                                       "The shop's server sent an answer that could not be read."));
    }
    const auto text = reader.code_text();
    std::string canonical = text ? canonical_uuid(*text) : std::string();
    if (canonical.empty()) {
        return failed(response_failure(http_status,
                                       "The shop's server did not return a valid payment code."));
    }
    create_result result;
    result.ok = true;
    result.code = std::move(canonical);
    return result;
}

create_result cut_off_response(int http_status) {
    if (http_status <= 0) {
        return failed(network_failure());
    }
    return classify(http_status, std::nullopt, true);
}

attempt_failure unusable_code_failure() {
    return response_failure(200, "The payment service answered without a usable payment code.");
}

} // namespace mixpay
