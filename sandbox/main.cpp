// mixpay-sandbox: a local MixPay-compatible server. See README.md next to this file.
#include <csignal>
#include <iostream>
#include <pthread.h>
#include <string>
#include <thread>
#include <vector>

#include "options.hpp"
#include "server.hpp"

int main(int argc, char** argv) {
    std::vector<std::string> args(argv + 1, argv + argc);
    bool help = false;
    std::string error;
    auto opts = sandbox::parse_options(args, MIXPAY_SOURCE_DIR, help, error);
    if (help) {
        std::cout << sandbox::usage;
        return 0;
    }
    if (!opts) {
        std::cerr << "mixpay-sandbox: " << error << "\n\n" << sandbox::usage;
        return 1;
    }

    // SIGINT and SIGTERM are taken by one thread with sigwait, so the shutdown runs as
    // ordinary code rather than in a signal handler. The mask is set before any thread
    // starts, so every thread inherits it.
    sigset_t stop_signals;
    sigemptyset(&stop_signals);
    sigaddset(&stop_signals, SIGINT);
    sigaddset(&stop_signals, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);
    std::signal(SIGPIPE, SIG_IGN);

    sandbox::server server(*opts);
    int port = server.bind(error);
    if (port < 0) {
        std::cerr << "mixpay-sandbox: " << error << std::endl;
        return 2;
    }
    std::string host =
        opts->host.find(':') != std::string::npos ? "[" + opts->host + "]" : opts->host;
    std::cout << "mixpay-sandbox listening on http://" << host << ":" << port << std::endl;
    std::cout << "control token (X-Sandbox-Token): " << server.control_token() << std::endl;
    if (!opts->quiet) {
        std::cerr << "  demo: " << (opts->demo_dir.empty() ? "(none)" : opts->demo_dir) << "\n"
                  << "  dist: " << opts->dist_dir << "\n"
                  << "  rate limit: " << (opts->rate_limit ? "60/minute" : "off")
                  << ", faults queued: " << opts->faults.size() << std::endl;
    }

    std::thread signals([&server, stop_signals] {
        int received = 0;
        sigwait(&stop_signals, &received);
        server.stop();
    });
    bool ok = server.run();
    // run() also returns on its own when the socket fails; wake the signal thread then.
    pthread_kill(signals.native_handle(), SIGTERM);
    signals.join();
    return ok ? 0 : 1;
}
