// The control routes of payments' lives at /__sandbox: the clock, statuses, lifecycles,
// a payment's own view and the callbacks made.
#pragma once

#include "common/http_server.hpp"

#include "callbacks.hpp"
#include "clock.hpp"
#include "store.hpp"

namespace sandbox {

void add_lifecycle_routes(servers::http::Server& http, sandbox_clock& clock, store& payments,
                          callback_sender& callbacks);

} // namespace sandbox
