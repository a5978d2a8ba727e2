// How the shop's routes read requests and write JSON answers: bounded, strict readings of
// JSON and form bodies, the same-origin check of a checkout, and the answers' shapes.
#pragma once

#include <initializer_list>
#include <map>
#include <string>

#include <nlohmann/json.hpp>

#include "common/http_server.hpp"
#include "options.hpp"

namespace shop {

using json = nlohmann::ordered_json;

// Serialises without ever failing: invalid UTF-8 becomes U+FFFD.
std::string to_text(const json& value);
// A JSON answer, never cached.
void send_json(servers::http::Response& res, const json& value, int status = 200);
// {"error": error, "message": message} with `status`.
void send_error(servers::http::Response& res, int status, const std::string& error,
                const std::string& message);

std::string lower(std::string text);
bool starts_with(const std::string& text, const char* prefix);

// The media type of a request, lowercased, without parameters ("application/json").
std::string media_type(const servers::http::Request& req);

// The serialized origin a browser sends for `url`'s origin: lowercase, no default port.
std::string browser_origin(const std::string& origin);

// A request a page of this shop made: its Origin is the shop's own, or, when a browser sent
// no Origin, it says Sec-Fetch-Site: same-origin. Anything else (another site's form or
// fetch, a client that says nothing) is refused before it can make an order.
bool same_origin(const servers::http::Request& req, const std::string& own_origin);

// The checkout's two fields from a JSON object: strings, each at most once, after the
// core's caps (size, NUL, nesting). False with `error` set otherwise.
bool json_fields(const servers::http::Request& req, std::map<std::string, std::string>& out,
                 std::string& error);

// The named fields of a form body, each at most once: a name given twice could be read
// differently by two readers, so it is refused. False with `error` set otherwise.
bool form_fields(const servers::http::Request& req, std::initializer_list<const char*> names,
                 std::map<std::string, std::string>& out, std::string& error);

// A random version 4 UUID for a new order's traceId.
std::string random_trace_id();

} // namespace shop
