// The command line of mixpay-sandbox (CLI11, through servers/common/command_line.hpp).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "faults/faults.hpp"

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

// Parses argv. `source_dir` gives the default --demo (<source_dir>/demo/shop) when it
// exists and --dist (<source_dir>/dist). Returns the exit code when the program should end
// now (0 after --help; 1 after a bad option, with the message and the usage on stderr).
std::optional<int> parse_options(int argc, const char* const* argv, const std::string& source_dir,
                                 options& out);

} // namespace sandbox
