#include "response.hpp"

#include <limits>
#include <optional>

#include <nlohmann/json.hpp>

#include "utf8.hpp"
#include "uuid.hpp"

namespace mixpay {

namespace {

using json = nlohmann::json;

// Longest API message passed on, in code points; longer ones are cut.
constexpr std::size_t max_message_characters = 300;

struct envelope {
    bool success = false;
    std::int64_t code = 0;
    json document;
};

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

// The API's envelope: an object with a boolean "success" and an integer "code" that
// fits in 64 bits. nullopt for anything else, including text too big or too deep to read.
std::optional<envelope> read_envelope(std::string_view body) {
    // No JSON text holds a raw NUL, and the parser would take one for the end of input
    // and ignore whatever follows it.
    if (body.size() > max_response_bytes || body.find('\0') != std::string_view::npos ||
        !nesting_within(body, max_json_depth)) {
        return std::nullopt;
    }
    json document = json::parse(body.begin(), body.end(), nullptr, /*allow_exceptions=*/false);
    if (document.is_discarded() || !document.is_object()) {
        return std::nullopt;
    }
    const auto success = document.find("success");
    const auto code = document.find("code");
    if (success == document.end() || !success->is_boolean() || code == document.end() ||
        !code->is_number_integer()) {
        return std::nullopt;
    }
    envelope result;
    if (code->is_number_unsigned()) {
        const auto value = code->get<std::uint64_t>();
        if (value > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) {
            return std::nullopt;
        }
        result.code = static_cast<std::int64_t>(value);
    } else {
        result.code = code->get<std::int64_t>();
    }
    result.success = success->get<bool>();
    result.document = std::move(document);
    return result;
}

// The API's message made safe to show as text: control characters become spaces and
// the length is capped. Empty when there is nothing usable.
std::string clean_message(const json& document) {
    const auto message = document.find("message");
    if (message == document.end() || !message->is_string()) {
        return {};
    }
    const std::string& text = message->get_ref<const std::string&>();
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
    failure.kind = "api";
    failure.status = status;
    failure.code = answer.code;
    failure.message = clean_message(answer.document);
    if (failure.message.empty()) {
        failure.message = default_api_message(answer.code);
    }
    failure.transient = is_transient_api_code(answer.code) || is_transient_status(status);
    return failure;
}

attempt_failure response_failure(int status, std::string message) {
    attempt_failure failure;
    failure.kind = "response";
    failure.status = status;
    failure.message = std::move(message);
    return failure;
}

} // namespace

create_result parse_create_response(int http_status, std::string_view body) {
    if (http_status <= 0) {
        return failed(network_failure());
    }
    const auto answer = read_envelope(body);
    const bool ok_status = http_status >= 200 && http_status <= 299;
    if (!ok_status) {
        if (answer.has_value() && !answer->success) {
            return failed(api_failure(http_status, *answer));
        }
        attempt_failure failure;
        failure.kind = "http";
        failure.status = http_status;
        failure.message = http_message(http_status);
        failure.transient = is_transient_status(http_status);
        return failed(std::move(failure));
    }
    if (!answer.has_value()) {
        return failed(response_failure(
            http_status, "The payment service sent an answer that could not be read."));
    }
    if (!answer->success) {
        return failed(api_failure(http_status, *answer));
    }
    const auto data = answer->document.find("data");
    if (data != answer->document.end() && data->is_object()) {
        const auto code = data->find("code");
        if (code != data->end() && code->is_string()) {
            std::string canonical = canonical_uuid(code->get_ref<const std::string&>());
            if (!canonical.empty()) {
                create_result result;
                result.ok = true;
                result.code = std::move(canonical);
                return result;
            }
        }
    }
    return failed(
        response_failure(http_status, "The payment service did not return a valid payment code."));
}

attempt_failure network_failure() {
    attempt_failure failure;
    failure.kind = "network";
    failure.message = "The payment service could not be reached. Check the connection and try "
                      "again.";
    failure.transient = true;
    return failure;
}

attempt_failure timeout_failure() {
    attempt_failure failure;
    failure.kind = "timeout";
    failure.message = "The payment service did not answer in time. Please try again.";
    failure.transient = true;
    return failure;
}

} // namespace mixpay
