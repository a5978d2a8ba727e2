// Small pieces every route shares: CORS headers and JSON answers.
#pragma once

#include "common/http_server.hpp"

#include "api/api.hpp"

namespace sandbox {

inline void allow_cors(servers::http::Response& res) {
    if (res.has_header("Access-Control-Allow-Origin")) {
        return;
    }
    res.set_header("Access-Control-Allow-Origin", "*");
    res.set_header("Access-Control-Expose-Headers", "X-RateLimit-Limit, X-RateLimit-Remaining");
}

inline void send_json(servers::http::Response& res, const json& value, int status = 200) {
    res.status = status;
    res.set_content(to_text(value), "application/json");
}

} // namespace sandbox
