#include "options.hpp"

#include "control_access.hpp"

#include <sys/stat.h>
#include <tuple>

namespace sandbox {

namespace {

bool is_dir(const std::string& path) {
    struct stat info {};
    return stat(path.c_str(), &info) == 0 && S_ISDIR(info.st_mode);
}

} // namespace

const char* const usage =
    R"(Usage: mixpay-sandbox [options]
A local server that speaks the MixPay API (one_time_payment, payments_result, the
payment page) for development and tests. No real money moves.

  --host H                 address to listen on (default 127.0.0.1)
  --port N                 port (default 8080; 0 picks a free one)
  --demo DIR               serve DIR at / (default: the repository's demo/shop)
  --dist DIR               serve DIR at /dist/ (default: the repository's dist/)
  --no-rate-limit          turn the 60-requests-a-minute limit (code 1429) off
  --allow-http-callback    allow http:// callbackUrl on loopback (local development)
  --fault SPEC             queue a fault, SPEC = mode[:count[:arg]] (repeatable);
                           modes: http500, malformed, hang[:n:seconds],
                           api[:n:code] (code -1, 1429, 1017, 10008), badcode[:n:text],
                           drop, oversized[:n:kib], endless[:n:seconds], body[:n:text]
  --control-token T        the X-Sandbox-Token that lets another origin use /__sandbox
                           (16-128 of A-Z a-z 0-9 - _ . ~; default: random, printed at start)
  --strict-csp             send the demo's HTML pages with a strict Content-Security-Policy
  --verbose                log every API request and payment action to stderr
  --quiet                  print nothing but the listening line and the control token
  --help                   this text
)";

std::optional<options> parse_options(const std::vector<std::string>& args,
                                     const std::string& source_dir, bool& help,
                                     std::string& error) {
    options result;
    bool demo_given = false;
    bool dist_given = false;
    help = false;
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string& arg = args[i];
        auto value = [&](std::string& out) {
            if (i + 1 >= args.size()) {
                error = arg + " needs a value";
                return false;
            }
            out = args[++i];
            return true;
        };
        std::string text;
        if (arg == "--help" || arg == "-h") {
            help = true;
            return result;
        } else if (arg == "--host") {
            if (!value(result.host)) {
                return std::nullopt;
            }
            if (result.host.empty()) {
                error = "--host must not be empty";
                return std::nullopt;
            }
        } else if (arg == "--port") {
            if (!value(text)) {
                return std::nullopt;
            }
            bool digits = !text.empty() && text.size() <= 5 &&
                          text.find_first_not_of("0123456789") == std::string::npos;
            int port = digits ? std::stoi(text) : -1;
            if (port < 0 || port > 65535) {
                error = "--port must be an integer from 0 to 65535, not \"" + text + "\"";
                return std::nullopt;
            }
            result.port = port;
        } else if (arg == "--demo") {
            if (!value(result.demo_dir)) {
                return std::nullopt;
            }
            demo_given = true;
        } else if (arg == "--dist") {
            if (!value(result.dist_dir)) {
                return std::nullopt;
            }
            dist_given = true;
        } else if (arg == "--no-rate-limit") {
            result.rate_limit = false;
        } else if (arg == "--allow-http-callback") {
            result.allow_http_callback = true;
        } else if (arg == "--strict-csp") {
            result.strict_csp = true;
        } else if (arg == "--quiet") {
            result.quiet = true;
        } else if (arg == "--verbose") {
            result.verbose = true;
        } else if (arg == "--control-token") {
            if (!value(result.control_token)) {
                return std::nullopt;
            }
            if (!valid_token(result.control_token)) {
                error = "--control-token must be 16 to 128 letters, digits, '-', '_', '.' or '~'";
                return std::nullopt;
            }
        } else if (arg == "--fault") {
            if (!value(text)) {
                return std::nullopt;
            }
            std::string fault_error;
            auto request = parse_fault_spec(text, fault_error);
            if (!request) {
                error = "--fault " + text + ": " + fault_error;
                return std::nullopt;
            }
            result.faults.push_back(*request);
        } else {
            error = "unknown option " + arg;
            return std::nullopt;
        }
    }
    for (auto [given, dir, name] : {std::tuple{demo_given, &result.demo_dir, "--demo"},
                                    std::tuple{dist_given, &result.dist_dir, "--dist"}}) {
        if (given && !is_dir(*dir)) {
            error = std::string(name) + " " + *dir + ": not a folder";
            return std::nullopt;
        }
    }
    if (!demo_given && is_dir(source_dir + "/demo/shop")) {
        result.demo_dir = source_dir + "/demo/shop";
    }
    // dist/ may be built while the server runs, so it is served once it exists.
    if (!dist_given) {
        result.dist_dir = source_dir + "/dist";
    }
    return result;
}

} // namespace sandbox
