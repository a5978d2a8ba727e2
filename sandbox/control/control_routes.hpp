// The control API at /__sandbox: the fault queue, the request log, reset and config, and
// (lifecycle_routes.hpp) the clock, statuses, lifecycles and callbacks.
#pragma once

#include "common/http_server.hpp"

#include "context.hpp"

namespace sandbox {

void add_control_routes(servers::http::Server& http, context& ctx);

} // namespace sandbox
