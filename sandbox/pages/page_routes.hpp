// The buyer's side: the payment page (/code/<code>), its Pay and Fail, the long payment
// link (GET /pay), the pages' stylesheet and icon, and the demo and dist folders.
#pragma once

#include "common/http_server.hpp"

#include "context.hpp"

namespace sandbox {

// The payment page's own routes and GET /pay.
void add_page_routes(servers::http::Server& http, context& ctx);

// The demo folder at / and dist at /dist/: added last, as they match every path.
void add_static_routes(servers::http::Server& http, context& ctx);

} // namespace sandbox
