// The MixPay API at /v1 over HTTP: one_time_payment (with the queued faults), the GET
// endpoints, unknown paths and the CORS preflights.
#pragma once

#include <string>

#include "common/http_server.hpp"

#include "context.hpp"

namespace sandbox {

void add_api_routes(servers::http::Server& http, context& ctx);

// Whether answers to `path` carry CORS headers: the API's. The control API answers no
// other origin, so it sends none.
bool cors_path(const std::string& path);

// Writes the server's own errors (404 of no route, 413, ...) under /v1/ as the documented
// envelope. False when the path is not the API's.
bool api_error_answer(const servers::http::Request& req, servers::http::Response& res);

} // namespace sandbox
