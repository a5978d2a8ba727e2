#include "request_io.hpp"

#include <array>
#include <cstdint>
#include <random>

#include "mixpay/json_read.hpp"
#include "mixpay/request.hpp"
#include "mixpay/uuid.hpp"

namespace shop {

namespace httplib = servers::http;

namespace {

const char* const json_type = "application/json";

} // namespace

std::string to_text(const json& value) {
    return value.dump(-1, ' ', false, json::error_handler_t::replace);
}

void send_json(httplib::Response& res, const json& value, int status) {
    res.status = status;
    res.set_header("Cache-Control", "no-store");
    res.set_content(to_text(value), json_type);
}

void send_error(httplib::Response& res, int status, const std::string& error,
                const std::string& message) {
    json answer = json::object();
    answer["error"] = error;
    answer["message"] = message;
    send_json(res, answer, status);
}

std::string lower(std::string text) {
    for (auto& c : text) {
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    return text;
}

bool starts_with(const std::string& text, const char* prefix) {
    return text.rfind(prefix, 0) == 0;
}

// The media type of a request, lowercased, without parameters ("application/json").
std::string media_type(const httplib::Request& req) {
    std::string type = lower(req.get_header_value("Content-Type"));
    type = type.substr(0, type.find(';'));
    while (!type.empty() && (type.back() == ' ' || type.back() == '\t')) {
        type.pop_back();
    }
    return type;
}

// The serialized origin a browser sends for `url`'s origin: lowercase, no default port.
std::string browser_origin(const std::string& origin) {
    std::string out = lower(url_origin(origin));
    const std::string default_port = starts_with(out, "https://") ? ":443" : ":80";
    const bool bracketed_end = !out.empty() && out.back() == ']';
    if (!bracketed_end && out.size() > default_port.size() &&
        out.compare(out.size() - default_port.size(), default_port.size(), default_port) == 0) {
        out.erase(out.size() - default_port.size());
    }
    return out;
}

// A request a page of this shop made: its Origin is the shop's own, or, when a browser sent
// no Origin, it says Sec-Fetch-Site: same-origin. Anything else (another site's form or
// fetch, a client that says nothing) is refused before it can make an order.
bool same_origin(const httplib::Request& req, const std::string& own_origin) {
    if (req.get_header_value_count("Origin") > 1 ||
        req.get_header_value_count("Sec-Fetch-Site") > 1) {
        return false;
    }
    if (req.has_header("Origin")) {
        return req.get_header_value("Origin") == own_origin;
    }
    return lower(req.get_header_value("Sec-Fetch-Site")) == "same-origin";
}

// The checkout's two fields from a JSON object: strings, each at most once, after the
// core's caps (size, NUL, nesting). False with `error` set otherwise.
bool json_fields(const httplib::Request& req, std::map<std::string, std::string>& out,
                 std::string& error) {
    if (!mixpay::json_text_readable(req.body)) {
        error = "The body is not readable JSON.";
        return false;
    }
    bool twice = false;
    std::map<std::string, int> seen;
    json::parser_callback_t count = [&](int depth, json::parse_event_t event, json& parsed) {
        if (depth == 1 && event == json::parse_event_t::key &&
            ++seen[parsed.get<std::string>()] > 1) {
            twice = true;
        }
        return true;
    };
    json body = json::parse(req.body, count, false);
    if (!body.is_object() || twice) {
        error = twice ? "A member is given more than once." : "The body must be a JSON object.";
        return false;
    }
    for (const char* name : {"traceId", "product"}) {
        if (!body.contains(name)) {
            continue;
        }
        if (!body[name].is_string()) {
            error = std::string(name) + " must be a string.";
            return false;
        }
        out[name] = body[name].get<std::string>();
    }
    return true;
}

// The named fields of a form body, each at most once: a name given twice could be read
// differently by two readers, so it is refused. False with `error` set otherwise.
bool form_fields(const httplib::Request& req, std::initializer_list<const char*> names,
                 std::map<std::string, std::string>& out, std::string& error) {
    if (!starts_with(lower(req.get_header_value("Content-Type")),
                     "application/x-www-form-urlencoded")) {
        error = "The body must be application/x-www-form-urlencoded.";
        return false;
    }
    auto pairs = mixpay::decode_form(req.body);
    if (!pairs) {
        error = "The body has a malformed percent-encoding.";
        return false;
    }
    for (const auto& [name, value] : *pairs) {
        for (const char* wanted : names) {
            if (name != wanted) {
                continue;
            }
            if (out.count(name) != 0) {
                error = name + " is given more than once.";
                return false;
            }
            out[name] = value;
        }
    }
    return true;
}

std::string random_trace_id() {
    std::random_device device;
    std::array<std::uint8_t, 16> bytes{};
    for (auto& b : bytes) {
        b = static_cast<std::uint8_t>(device() & 0xFF);
    }
    return mixpay::uuid_v4(bytes);
}

} // namespace shop
