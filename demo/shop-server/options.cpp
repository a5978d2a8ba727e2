#include "options.hpp"

#include <ctime>
#include <sys/stat.h>
#include <tuple>

#include "common/command_line.hpp"
#include "mixpay/params.hpp"
#include "mixpay/url.hpp"

namespace shop {

namespace {

bool is_dir(const std::string& path) {
    struct stat info {};
    return stat(path.c_str(), &info) == 0 && S_ISDIR(info.st_mode);
}

void strip_trailing_slashes(std::string& url) {
    while (!url.empty() && url.back() == '/') {
        url.pop_back();
    }
}

// What is checked once every option is known; empty when all is well.
std::string finish(options& result, const std::string& source_dir, const std::string& data_dir) {
    if (result.shop_dir.empty()) {
        result.shop_dir = source_dir + "/demo/shop";
    }
    if (!is_dir(result.shop_dir)) {
        return "--shop " + result.shop_dir + ": not a folder";
    }
    // dist/ may be built while the server runs, so it is served once it exists.
    if (result.dist_dir.empty()) {
        result.dist_dir = source_dir + "/dist";
    }
    if (result.data_dir.empty()) {
        result.data_dir = data_dir;
    }
    if (result.rate_limit > 0 && (result.status_lookups > result.rate_limit ||
                                  result.callback_lookups > result.rate_limit)) {
        return "--status-lookups and --callback-lookups must not exceed --rate-limit";
    }
    if (result.api_base.empty()) {
        if (result.port == 0 || result.port == 65535) {
            return "--api-base is needed when the sandbox's port is not --port + 1";
        }
        result.api_base = "http://127.0.0.1:" + std::to_string(result.port + 1) + "/v1";
    }
    for (auto* url : {&result.api_base, &result.pay_base, &result.public_url}) {
        strip_trailing_slashes(*url);
    }
    if (url_origin(result.api_base).empty()) {
        return "--api-base must be an absolute http(s) URL, not \"" + result.api_base + "\"";
    }
    if (result.pay_base.empty()) {
        result.pay_base = url_origin(result.api_base);
    }
    if (!result.public_url.empty() && !mixpay::is_absolute_url(result.public_url + "/thanks.html",
                                                               mixpay::url_scheme::http_or_https)) {
        return "--public-url must be an absolute http(s) URL, not \"" + result.public_url + "\"";
    }
    const auto now = static_cast<std::int64_t>(std::time(nullptr));
    for (auto [name, param, value] :
         {std::tuple{"--payee-id", "payeeId", &result.payee_id},
          std::tuple{"--settlement-asset-id", "settlementAssetId", &result.settlement_asset_id}}) {
        std::string message = mixpay::check_param(param, *value, now);
        if (!message.empty()) {
            return std::string(name) + ": " + message;
        }
    }
    return "";
}

} // namespace

std::string url_origin(const std::string& url) {
    if (!mixpay::is_absolute_url(url, mixpay::url_scheme::http_or_https)) {
        return "";
    }
    std::size_t start = url.find("://") + 3;
    std::size_t end = url.find_first_of("/?#", start);
    return url.substr(0, end);
}

std::optional<int> parse_options(int argc, const char* const* argv, const std::string& source_dir,
                                 const std::string& data_dir, options& out) {
    namespace cl = servers::command_line;
    auto owned = cl::make_app(
        "mixpay-demo-shop",
        "The demo shop's own server: its pages, its catalogue, and MixPay payments created and\n"
        "verified on the server with the mixpay::merchant library.");
    CLI::App& app = *owned;
    auto text = [&](const char* name, std::string& target, const char* type, const char* what) {
        app.add_option(name, target, what)->type_name(type)->check(cl::non_empty());
    };
    auto number = [&](const char* name, long& target, long low, long high, const char* type,
                      const char* what) {
        app.add_option(name, target, what)->type_name(type)->check(CLI::Range(low, high));
    };
    text("--host", out.host, "H", "address to listen on (default 127.0.0.1)");
    app.add_option("--port", out.port, "port (default 8080; 0 picks a free one)")
        ->type_name("N")
        ->check(cl::port());
    text("--shop", out.shop_dir, "DIR",
         "the shop's pages, served at / (default: the repository's "
         "demo/shop)");
    text("--dist", out.dist_dir, "DIR",
         "the checkout button, served at /dist/ (default: the repository's dist/)");
    text("--api-base", out.api_base, "URL",
         "MixPay's API (default: the sandbox on the next port, http://127.0.0.1:<port+1>/v1; "
         "required with --port 0)");
    text("--pay-base", out.pay_base, "URL", "where the buyer pays (default: the API's origin)");
    text("--public-url", out.public_url, "URL",
         "this shop as MixPay sends the buyer back to it (default: http://HOST:PORT)");
    text("--payee-id", out.payee_id, "ID",
         "the merchant's payeeId (default a0d7791408776b47eb1dd3f94ed15d6a)");
    text("--settlement-asset-id", out.settlement_asset_id, "ID",
         "the asset payments settle in (default USDT, 4d8c508b-91c5-375b-92b0-ee702ed2dac5)");
    text("--callback-cert", out.callback_cert, "FILE",
         "also take MixPay's callbacks over https, on a free port of HOST, with a certificate "
         "made at start and written to FILE (MixPay only calls https URLs; give FILE to the "
         "sandbox as SSL_CERT_FILE)");
    number("--callback-port", out.callback_port, 0, 65535, "N",
           "the port of that listener (default: a free one); the same port after a restart "
           "keeps the callbackUrl of earlier orders working");
    text("--data-dir", out.data_dir, "DIR",
         "where the orders database (orders.sqlite3) is kept; made if missing (default: the "
         "build's demo/shop-server/data)");
    number("--max-orders", out.max_orders, 1, 10000000, "N",
           "live orders that are not paid, at most (default 10000)");
    number("--order-ttl", out.order_ttl, 1, 31536000, "S",
           "an unpaid order is forgotten S seconds after it was made; its payment expires at "
           "MixPay after S/2 (60 s to 14000 s) (default 3600)");
    number("--failed-ttl", out.failed_ttl, 1, 31536000, "S",
           "an order MixPay refused, or that got no code, is forgotten after S seconds "
           "(default 300)");
    number("--rate-limit", out.rate_limit, 0, 100000, "N",
           "MixPay requests a minute the shop allows itself (default 60, MixPay's limit; 0: none)");
    number("--status-lookups", out.status_lookups, 0, 100000, "N",
           "of them, at most N a minute for GET /orders (default 20)");
    number("--callback-lookups", out.callback_lookups, 0, 100000, "N",
           "and at most N a minute for callbacks (default 20)");
    app.add_option("--kill-at", out.kill_at,
                   "for crash tests: the shop kills itself (SIGKILL) the first time it reaches "
                   "POINT")
        ->type_name("POINT")
        ->check(CLI::IsMember({"order-stored", "payment-created", "verified"}));
    app.add_flag("--verbose", out.verbose, "log every request and every MixPay call to stderr");
    app.add_flag("--quiet", out.quiet, "print nothing but the listening line");
    if (auto code = cl::parse(app, argc, argv)) {
        return code;
    }
    std::string error = finish(out, source_dir, data_dir);
    if (!error.empty()) {
        return cl::refuse(app, error);
    }
    return std::nullopt;
}

} // namespace shop
