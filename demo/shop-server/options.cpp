#include "options.hpp"

#include <ctime>
#include <sys/stat.h>
#include <tuple>

#include "params.hpp"
#include "url.hpp"

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

std::optional<options> parse_options(const std::vector<std::string>& args,
                                     const std::string& source_dir, bool& help,
                                     std::string& error) {
    options result;
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
