// mixpay-sandbox: a local MixPay-compatible server. See README.md next to this file.
#include <iostream>
#include <string>

#include "common/shutdown.hpp"

#include "options.hpp"
#include "server.hpp"

int main(int argc, char** argv) {
    sandbox::options opts;
    if (auto code = sandbox::parse_options(argc, argv, MIXPAY_SOURCE_DIR, opts)) {
        return *code;
    }
    // Before any thread starts, so that every thread inherits the signal mask.
    servers::stop_on_signal signals;

    sandbox::server server(opts);
    std::string error;
    int port = server.bind(error);
    if (port < 0) {
        std::cerr << "mixpay-sandbox: " << error << std::endl;
        return 2;
    }
    std::string host = opts.host.find(':') != std::string::npos ? "[" + opts.host + "]" : opts.host;
    std::cout << "mixpay-sandbox listening on http://" << host << ":" << port << std::endl;
    std::cout << "control token (X-Sandbox-Token): " << server.control_token() << std::endl;
    if (!opts.quiet) {
        std::cerr << "  demo: " << (opts.demo_dir.empty() ? "(none)" : opts.demo_dir) << "\n"
                  << "  dist: " << opts.dist_dir << "\n"
                  << "  rate limit: " << (opts.rate_limit ? "60/minute" : "off")
                  << ", faults queued: " << opts.faults.size() << std::endl;
    }

    signals.start([&server] { server.stop(); });
    bool ok = server.run();
    // run() also returns on its own when the socket fails; end the signal thread then.
    signals.finished();
    return ok ? 0 : 1;
}
