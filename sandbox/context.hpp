// The sandbox's parts, each with one job, and the checks every route group shares. The
// server makes one context; the route groups (api/, pages/, control/) take it.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <set>
#include <string>

#include "common/http_server.hpp"

#include "api/api.hpp"
#include "callbacks/callbacks.hpp"
#include "control/control_access.hpp"
#include "faults/faults.hpp"
#include "options.hpp"
#include "store/clock.hpp"
#include "store/rate_limit.hpp"
#include "store/request_log.hpp"
#include "store/store.hpp"

namespace sandbox {

// Waits that end early when the server stops, and the sockets of "endless" answers, shut
// down on stop so that a client that stopped reading cannot hold the server up.
class stop_gate {
public:
    // Waits `ms` unless the server stops first; true when it is stopping.
    bool wait_ms(int ms);
    void track(int sock);
    void untrack(int sock);
    void stop();

private:
    std::mutex mutex_;
    std::condition_variable cv_;
    bool stopping_ = false;
    std::set<int> sockets_;
};

struct context {
    explicit context(options o);

    options opts;
    sandbox_clock clock;
    store payments{clock};
    request_log requests;
    rate_limit limit;
    fault_queue faults;
    callback_sender callbacks;
    // Set before the server runs (the hosts once the port is known).
    control_access access;
    stop_gate stopping;

    // A line on stderr with --verbose.
    void log(const std::string& line);
    // Logs an API request; every /v1 request is kept, whatever happens next.
    std::uint64_t record(const servers::http::Request& req, const pairs& params);
    // False (with the 1429 answer written) when the client is over the limit.
    bool within_rate_limit(const servers::http::Request& req, servers::http::Response& res);
    // False (with a 403 answer written) when the request may not use the control API or
    // press Pay or Fail; see control/control_access.hpp.
    bool control_allowed(const servers::http::Request& req, servers::http::Response& res);

private:
    std::mutex log_mutex_;
};

// The milliseconds of the system clock (the log's times, error envelopes).
std::int64_t system_ms();

// The raw query of a request target ("a=1&b=2"), decoded the way the core decodes forms.
pairs query_pairs(const servers::http::Request& req);

bool starts_with(const std::string& text, const char* prefix);

} // namespace sandbox
