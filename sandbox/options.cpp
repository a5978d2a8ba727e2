#include "options.hpp"

#include <sys/stat.h>

#include "common/command_line.hpp"
#include "control/control_access.hpp"

namespace sandbox {

namespace {

bool is_dir(const std::string& path) {
    struct stat info {};
    return stat(path.c_str(), &info) == 0 && S_ISDIR(info.st_mode);
}

} // namespace

std::optional<int> parse_options(int argc, const char* const* argv, const std::string& source_dir,
                                 options& out) {
    namespace cl = servers::command_line;
    auto owned = cl::make_app(
        "mixpay-sandbox",
        "A local server that speaks the MixPay API (one_time_payment, payments_result, the\n"
        "payment page) for development and tests. No real money moves.");
    CLI::App& app = *owned;
    app.add_option("--host", out.host, "address to listen on (default 127.0.0.1)")
        ->type_name("H")
        ->check(cl::non_empty());
    app.add_option("--port", out.port, "port (default 8080; 0 picks a free one)")
        ->type_name("N")
        ->check(cl::port());
    auto* demo = app.add_option("--demo", out.demo_dir,
                                "serve DIR at / (default: the repository's demo/shop)")
                     ->type_name("DIR")
                     ->check(cl::folder());
    auto* dist = app.add_option("--dist", out.dist_dir,
                                "serve DIR at /dist/ (default: the repository's dist/)")
                     ->type_name("DIR")
                     ->check(cl::folder());
    bool no_rate_limit = false;
    app.add_flag("--no-rate-limit", no_rate_limit,
                 "turn the 60-requests-a-minute limit (code 1429) off");
    app.add_flag("--allow-http-callback", out.allow_http_callback,
                 "allow http:// callbackUrl on loopback (local development)");
    std::vector<std::string> fault_specs;
    app.add_option("--fault", fault_specs,
                   "queue a fault, SPEC = mode[:count[:arg]] (repeatable; the modes below)")
        ->type_name("SPEC")
        ->allow_extra_args(false);
    app.add_option("--control-token", out.control_token,
                   "the X-Sandbox-Token that lets another origin use /__sandbox (16-128 of "
                   "A-Z a-z 0-9 - _ . ~; default: random, printed at start)")
        ->type_name("T")
        ->check(CLI::Validator(
            [](std::string& token) {
                return valid_token(token)
                           ? std::string()
                           : "must be 16 to 128 letters, digits, '-', '_', '.' or '~'";
            },
            "", "TOKEN"));
    app.add_flag("--strict-csp", out.strict_csp,
                 "send the demo's HTML pages with a strict Content-Security-Policy");
    app.add_flag("--verbose", out.verbose, "log every API request and payment action to stderr");
    app.add_flag("--quiet", out.quiet,
                 "print nothing but the listening line and the control token");
    app.footer("Fault modes (--fault mode[:count[:arg]], or POST /__sandbox/fault?mode=M&count=N "
               "with the parameter shown):\n" +
               fault_modes_help());
    if (auto code = cl::parse(app, argc, argv)) {
        return code;
    }
    out.rate_limit = !no_rate_limit;
    for (const auto& spec : fault_specs) {
        std::string error;
        auto request = parse_fault_spec(spec, error);
        if (!request) {
            return cl::refuse(app, "--fault " + spec + ": " + error);
        }
        out.faults.push_back(*request);
    }
    if (demo->count() == 0 && is_dir(source_dir + "/demo/shop")) {
        out.demo_dir = source_dir + "/demo/shop";
    }
    // dist/ may be built while the server runs, so it is served once it exists.
    if (dist->count() == 0) {
        out.dist_dir = source_dir + "/dist";
    }
    return std::nullopt;
}

} // namespace sandbox
