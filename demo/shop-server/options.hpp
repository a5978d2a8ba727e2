// The command line of mixpay-demo-shop (CLI11, through servers/common/command_line.hpp).
#pragma once

#include <optional>
#include <string>

namespace shop {

struct options {
    std::string host = "127.0.0.1";
    int port = 8080;
    std::string shop_dir;   // the pages, at /
    std::string dist_dir;   // the checkout button, at /dist/
    std::string api_base;   // MixPay's API as the server calls it (and the result element)
    std::string pay_base;   // where the buyer pays a code
    std::string public_url; // base of returnTo / failedReturnTo / callbackUrl; empty: from
                            // the address the server listens on
    std::string payee_id = "a0d7791408776b47eb1dd3f94ed15d6a";
    std::string settlement_asset_id = "4d8c508b-91c5-375b-92b0-ee702ed2dac5"; // USDT
    std::string callback_cert;  // non-empty: an https callback listener, certificate written here
    long callback_port = 0;     // its port; 0: a free one
    std::string data_dir;       // the orders database (orders.sqlite3) lives here
    long max_orders = 10000;    // live orders that are not paid
    long order_ttl = 3600;      // seconds an unpaid order is kept
    long failed_ttl = 300;      // seconds an order without a code is kept
    long rate_limit = 60;       // MixPay requests a minute the shop allows itself; 0: no limit
    long status_lookups = 20;   // of them, at most this many for GET /orders
    long callback_lookups = 20; // and this many for callbacks
    std::string kill_at;        // tests: SIGKILL at this point
    bool quiet = false;
    bool verbose = false;
};

// Parses argv. `source_dir` gives the default --shop (<source_dir>/demo/shop) and --dist
// (<source_dir>/dist), `data_dir` the default --data-dir. Without --api-base the sandbox is
// expected on the next port (http://127.0.0.1:<port+1>/v1), so --port 0 needs --api-base;
// without --pay-base the payment page is on the API's origin. Returns the exit code when
// the program should end now (0 after --help; 1 after a bad option, with the message and
// the usage on stderr).
std::optional<int> parse_options(int argc, const char* const* argv, const std::string& source_dir,
                                 const std::string& data_dir, options& out);

// The scheme, host and port of an absolute http(s) URL ("http://127.0.0.1:8081"); empty when
// it is not one.
std::string url_origin(const std::string& url);

} // namespace shop
