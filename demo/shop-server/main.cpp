// mixpay-demo-shop: the demo merchant's own server. See README.md next to this file.
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <string>

#include <mixpay/merchant.hpp>

#include "common/shutdown.hpp"

#include "certificate.hpp"
#include "options.hpp"
#include "server.hpp"

namespace {

// Written whole under a temporary name first, so a reader never sees half a certificate.
bool write_file(const std::string& path, const std::string& content) {
    const std::string partial = path + ".partial";
    {
        std::ofstream out(partial, std::ios::binary | std::ios::trunc);
        if (!(out << content) || !out.flush()) {
            return false;
        }
    }
    return std::rename(partial.c_str(), path.c_str()) == 0;
}

// mkdir -p, for the data folder.
bool make_dirs(const std::string& path) {
    std::error_code code;
    std::filesystem::create_directories(path, code);
    return std::filesystem::is_directory(path, code);
}

std::string url_host(const std::string& host) {
    // A wildcard address is not where anyone can be sent back to.
    const std::string reachable = host == "0.0.0.0" ? "127.0.0.1" : host == "::" ? "::1" : host;
    return reachable.find(':') != std::string::npos ? "[" + reachable + "]" : reachable;
}

} // namespace

int main(int argc, char** argv) {
    shop::options parsed;
    if (auto code = shop::parse_options(argc, argv, MIXPAY_SOURCE_DIR, MIXPAY_DATA_DIR, parsed)) {
        return *code;
    }
    const shop::options* opts = &parsed;
    std::string error;
    mixpay::merchant_options client_options;
    client_options.api_base = opts->api_base;
    client_options.pay_base = opts->pay_base;
    const mixpay::merchant_client client(client_options);
    if (!client.option_errors().empty()) {
        const auto& first = client.option_errors().front();
        std::cerr << "mixpay-demo-shop: "
                  << (first.field == "payBase" ? "--pay-base" : "--api-base") << ": "
                  << first.message << std::endl;
        return 1;
    }

    // Before any thread starts, so that every thread inherits the signal mask.
    servers::stop_on_signal signals;

    shop::server server(*opts, client);
    const int port = server.bind(error);
    if (port < 0) {
        std::cerr << "mixpay-demo-shop: " << error << std::endl;
        return 2;
    }
    const std::string host = url_host(opts->host);
    const std::string public_url =
        opts->public_url.empty() ? "http://" + host + ":" + std::to_string(port) : opts->public_url;

    shop::shop_settings settings;
    settings.payee_id = opts->payee_id;
    settings.settlement_asset_id = opts->settlement_asset_id;
    settings.return_to = public_url + "/thanks.html?traceId={traceId}";
    settings.failed_return_to = public_url + "/failed.html?traceId={traceId}";
    if (public_url.rfind("https://", 0) == 0) {
        settings.callback_url = public_url + "/callbacks/mixpay";
    }
    if (!opts->callback_cert.empty()) {
        auto cert = shop::make_certificate(opts->host, error);
        const int callback_port = cert ? server.bind_callbacks(*cert, error) : -1;
        if (callback_port < 0) {
            std::cerr << "mixpay-demo-shop: callbacks: " << error << std::endl;
            return 2;
        }
        if (!write_file(opts->callback_cert, cert->pem)) {
            std::cerr << "mixpay-demo-shop: --callback-cert " << opts->callback_cert
                      << ": cannot be written" << std::endl;
            return 1;
        }
        settings.callback_url =
            "https://" + host + ":" + std::to_string(callback_port) + "/callbacks/mixpay";
    }
    settings.max_orders = static_cast<std::size_t>(opts->max_orders);
    settings.order_ttl = std::chrono::seconds(opts->order_ttl);
    settings.failed_ttl = std::chrono::seconds(opts->failed_ttl);
    settings.kill_at = opts->kill_at;

    // Opened once the port is ours, so a second shop started by mistake never touches it.
    const std::string db_path = opts->data_dir + "/orders.sqlite3";
    if (!make_dirs(opts->data_dir)) {
        std::cerr << "mixpay-demo-shop: --data-dir " << opts->data_dir << ": cannot be made"
                  << std::endl;
        return 1;
    }
    auto store = shop::order_store::open(db_path, error);
    if (!store) {
        std::cerr << "mixpay-demo-shop: " << db_path << ": " << error << std::endl;
        return 1;
    }
    server.open(settings, std::move(store), public_url);

    std::cout << "mixpay-demo-shop listening on http://" << host << ":" << port << std::endl;
    if (!opts->quiet) {
        std::cerr << "  shop: " << opts->shop_dir << "\n"
                  << "  dist: " << opts->dist_dir << "\n"
                  << "  MixPay API: " << opts->api_base << ", payment page: " << opts->pay_base
                  << "\n"
                  << "  returns to: " << public_url << "\n"
                  << "  orders: " << db_path << "\n"
                  << "  callbacks: "
                  << (settings.callback_url.empty() ? "off (MixPay only calls https URLs)"
                                                    : settings.callback_url)
                  << std::endl;
    }

    // A signal that comes before run() listens is not lost: stop() is called until the end.
    signals.start([&server] { server.stop(); });
    const bool ok = server.run();
    // run() also returns on its own when a socket fails; end the signal thread then.
    signals.finished();
    return ok ? 0 : 1;
}
