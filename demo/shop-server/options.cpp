#include "options.hpp"

#include <algorithm>
#include <ctime>
#include <iterator>
#include <sys/stat.h>
#include <tuple>

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

} // namespace

const char* const usage =
    R"(Usage: mixpay-demo-shop [options]
The demo shop's own server: its pages, its catalogue, and MixPay payments created and
verified on the server with the mixpay::merchant library.

  --host H                  address to listen on (default 127.0.0.1)
  --port N                  port (default 8080; 0 picks a free one)
  --shop DIR                the shop's pages, served at / (default: the repository's demo/shop)
  --dist DIR                the checkout button, served at /dist/ (default: the repository's dist/)
  --api-base URL            MixPay's API (default: the sandbox on the next port,
                            http://127.0.0.1:<port+1>/v1; required with --port 0)
  --pay-base URL            where the buyer pays (default: the API's origin)
  --public-url URL          this shop as MixPay sends the buyer back to it
                            (default: http://HOST:PORT)
  --payee-id ID             the merchant's payeeId (default a0d7791408776b47eb1dd3f94ed15d6a)
  --settlement-asset-id ID  the asset payments settle in (default USDT,
                            4d8c508b-91c5-375b-92b0-ee702ed2dac5)
  --callback-cert FILE      also take MixPay's callbacks over https, on a free port of HOST,
                            with a certificate made at start and written to FILE (MixPay
                            only calls https URLs; give FILE to the sandbox as SSL_CERT_FILE)
  --callback-port N         the port of that listener (default: a free one); the same port
                            after a restart keeps the callbackUrl of earlier orders working
  --data-dir DIR            where the orders database (orders.sqlite3) is kept; made if
                            missing (default: the build's demo/shop-server/data)
  --max-orders N            live orders that are not paid, at most (default 10000)
  --order-ttl S             an unpaid order is forgotten S seconds after it was made; its
                            payment expires at MixPay after S/2 (60 s to 14000 s)
                            (default 3600)
  --failed-ttl S            an order MixPay refused, or that got no code, is forgotten
                            after S seconds (default 300)
  --rate-limit N            MixPay requests a minute the shop allows itself (default 60,
                            MixPay's limit; 0: none)
  --status-lookups N        of them, at most N a minute for GET /orders (default 20)
  --callback-lookups N      and at most N a minute for callbacks (default 20)
  --kill-at POINT           for crash tests: the shop kills itself (SIGKILL) the first
                            time it reaches POINT: order-stored, payment-created, verified
  --verbose                 log every request and every MixPay call to stderr
  --quiet                   print nothing but the listening line
  --help                    this text
)";

std::string url_origin(const std::string& url) {
    if (!mixpay::is_absolute_url(url, mixpay::url_scheme::http_or_https)) {
        return "";
    }
    std::size_t start = url.find("://") + 3;
    std::size_t end = url.find_first_of("/?#", start);
    return url.substr(0, end);
}

namespace {

bool parse_count(const std::string& name, const std::string& text, long low, long high, long& out,
                 std::string& error) {
    bool digits = !text.empty() && text.size() <= 9 &&
                  text.find_first_not_of("0123456789") == std::string::npos;
    long value = digits ? std::stol(text) : -1;
    if (value < low || value > high) {
        error = name + " must be an integer from " + std::to_string(low) + " to " +
                std::to_string(high) + ", not \"" + text + "\"";
        return false;
    }
    out = value;
    return true;
}

// The options that take a whole number: name, bounds, where it goes.
struct numeric {
    const char* name;
    long low;
    long high;
    long* target;
};

} // namespace

std::optional<options> parse_options(const std::vector<std::string>& args,
                                     const std::string& source_dir, const std::string& data_dir,
                                     bool& help, std::string& error) {
    options result;
    help = false;
    const numeric numbers[] = {
        {"--callback-port", 0, 65535, &result.callback_port},
        {"--max-orders", 1, 10000000, &result.max_orders},
        {"--order-ttl", 1, 31536000, &result.order_ttl},
        {"--failed-ttl", 1, 31536000, &result.failed_ttl},
        {"--rate-limit", 0, 100000, &result.rate_limit},
        {"--status-lookups", 0, 100000, &result.status_lookups},
        {"--callback-lookups", 0, 100000, &result.callback_lookups},
    };
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
        std::string* field = nullptr;
        if (arg == "--help" || arg == "-h") {
            help = true;
            return result;
        } else if (arg == "--quiet") {
            result.quiet = true;
            continue;
        } else if (arg == "--verbose") {
            result.verbose = true;
            continue;
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
            continue;
        } else if (const numeric* n = std::find_if(
                       std::begin(numbers), std::end(numbers),
                       [&](const numeric& candidate) { return arg == candidate.name; });
                   n != std::end(numbers)) {
            if (!value(text) || !parse_count(arg, text, n->low, n->high, *n->target, error)) {
                return std::nullopt;
            }
            continue;
        } else if (arg == "--kill-at") {
            if (!value(text)) {
                return std::nullopt;
            }
            if (text != "order-stored" && text != "payment-created" && text != "verified") {
                error = "--kill-at must be order-stored, payment-created or verified, not \"" +
                        text + "\"";
                return std::nullopt;
            }
            result.kill_at = text;
            continue;
        } else if (arg == "--data-dir") {
            field = &result.data_dir;
        } else if (arg == "--host") {
            field = &result.host;
        } else if (arg == "--shop") {
            field = &result.shop_dir;
        } else if (arg == "--dist") {
            field = &result.dist_dir;
        } else if (arg == "--api-base") {
            field = &result.api_base;
        } else if (arg == "--pay-base") {
            field = &result.pay_base;
        } else if (arg == "--public-url") {
            field = &result.public_url;
        } else if (arg == "--payee-id") {
            field = &result.payee_id;
        } else if (arg == "--settlement-asset-id") {
            field = &result.settlement_asset_id;
        } else if (arg == "--callback-cert") {
            field = &result.callback_cert;
        } else {
            error = "unknown option " + arg;
            return std::nullopt;
        }
        if (!value(*field)) {
            return std::nullopt;
        }
        if (field->empty()) {
            error = arg + " must not be empty";
            return std::nullopt;
        }
    }

    if (result.shop_dir.empty()) {
        result.shop_dir = source_dir + "/demo/shop";
    }
    if (!is_dir(result.shop_dir)) {
        error = "--shop " + result.shop_dir + ": not a folder";
        return std::nullopt;
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
        error = "--status-lookups and --callback-lookups must not exceed --rate-limit";
        return std::nullopt;
    }

    if (result.api_base.empty()) {
        if (result.port == 0 || result.port == 65535) {
            error = "--api-base is needed when the sandbox's port is not --port + 1";
            return std::nullopt;
        }
        result.api_base = "http://127.0.0.1:" + std::to_string(result.port + 1) + "/v1";
    }
    for (auto* url : {&result.api_base, &result.pay_base, &result.public_url}) {
        strip_trailing_slashes(*url);
    }
    if (url_origin(result.api_base).empty()) {
        error = "--api-base must be an absolute http(s) URL, not \"" + result.api_base + "\"";
        return std::nullopt;
    }
    if (result.pay_base.empty()) {
        result.pay_base = url_origin(result.api_base);
    }
    if (!result.public_url.empty() && !mixpay::is_absolute_url(result.public_url + "/thanks.html",
                                                               mixpay::url_scheme::http_or_https)) {
        error = "--public-url must be an absolute http(s) URL, not \"" + result.public_url + "\"";
        return std::nullopt;
    }
    const auto now = static_cast<std::int64_t>(std::time(nullptr));
    for (auto [name, param, value] :
         {std::tuple{"--payee-id", "payeeId", &result.payee_id},
          std::tuple{"--settlement-asset-id", "settlementAssetId", &result.settlement_asset_id}}) {
        std::string message = mixpay::check_param(param, *value, now);
        if (!message.empty()) {
            error = std::string(name) + ": " + message;
            return std::nullopt;
        }
    }
    return result;
}

} // namespace shop
