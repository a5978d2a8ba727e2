// The command line of mixpay-sandbox.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "faults.hpp"

namespace sandbox {

struct options {
    std::string host = "127.0.0.1";
    int port = 8080;
    std::string demo_dir; // empty: nothing served at /
    std::string dist_dir; // empty: nothing served at /dist/
    bool rate_limit = true;
    bool allow_http_callback = false;
    bool strict_csp = false; // send the contract's strict CSP with the demo's HTML pages
    bool quiet = false;
    bool verbose = false;
    std::string control_token; // empty: a random one is made at start
    std::vector<fault_request> faults;
};

extern const char* const usage;

// Parses argv (without argv[0]). `source_dir` gives the default --demo
// (<source_dir>/demo/shop) and --dist (<source_dir>/dist) when they exist. On error
// returns nullopt and sets `error`; `help` is set for --help.
std::optional<options> parse_options(const std::vector<std::string>& args,
                                     const std::string& source_dir, bool& help, std::string& error);

} // namespace sandbox
