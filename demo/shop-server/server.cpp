#include "server.hpp"

#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstdint>
#include <cstring>
#include <iostream>
#include <map>
#include <mutex>
#include <thread>

#include <openssl/pem.h>

#include "common/http_server.hpp"
#include <sys/socket.h>

#include "buy_page.hpp"
#include "common/static_files.hpp"
#include "mixpay/json_read.hpp"
#include "mixpay/uuid.hpp"
#include "request_io.hpp"

namespace shop {

// The handlers keep cpp-httplib's server types; servers/common's server provides them, with
// its limits on every request and connection.
namespace httplib = servers::http;

namespace {

constexpr std::size_t max_body_bytes = 64 * 1024;
// A MixPay call can take a while (retries of a slow API); enough workers that buyers
// waiting on one never hold up the pages of others.
constexpr std::size_t worker_threads = 16;
constexpr std::size_t callback_worker_threads = 4;

const char* const html_type = "text/html; charset=utf-8";

void configure(httplib::Server& http, std::size_t workers) {
    servers::http::limits limits;
    limits.max_body_bytes = max_body_bytes;
    limits.workers = workers;
    http.set_limits(limits);
    http.set_error_handler([](const httplib::Request&, httplib::Response& res) {
        if (!res.body.empty() || res.has_header("Content-Type")) {
            return;
        }
        res.set_content(std::to_string(res.status) + " " + httplib::reason_phrase(res.status) +
                            "\n",
                        "text/plain; charset=utf-8");
    });
    http.set_exception_handler(
        [](const httplib::Request&, httplib::Response& res, std::exception_ptr) {
            res.status = 500;
            res.set_content("Internal Server Error", "text/plain");
        });
}

// The certificate's key as PEM (PKCS #8), for the https listener; empty when OpenSSL fails.
std::string key_pem(const certificate& cert) {
    std::unique_ptr<BIO, decltype(&BIO_free)> bio(BIO_new(BIO_s_mem()), BIO_free);
    if (!bio || PEM_write_bio_PrivateKey(bio.get(), cert.key.get(), nullptr, nullptr, 0, nullptr,
                                         nullptr) != 1) {
        return "";
    }
    char* data = nullptr;
    long size = BIO_get_mem_data(bio.get(), &data);
    return size > 0 ? std::string(data, static_cast<std::size_t>(size)) : std::string();
}

int bind_server(httplib::Server& http, const std::string& host, int port, std::string& error) {
    errno = 0;
    int bound = port == 0 ? http.bind_to_any_port(host) : http.bind_to_port(host, port) ? port : -1;
    if (bound > 0) {
        return bound;
    }
    int code = errno;
    error = "cannot listen on " + host + ":" + std::to_string(port) + ": " +
            (code == EADDRINUSE ? std::string("the port is already in use")
             : code != 0        ? std::string(std::strerror(code))
                                : std::string("the address is not available"));
    return -1;
}

} // namespace

struct server::impl {
    options opts;
    const mixpay::merchant_client& client;
    httplib::Server http;
    std::unique_ptr<httplib::Server> callbacks_http;
    std::unique_ptr<order_store> store;
    std::unique_ptr<mixpay_budget> budget;
    std::unique_ptr<order_book> orders;
    std::string own_origin; // the shop's pages' origin, as a browser sends it
    std::string csp;
    std::mutex log_mutex;

    impl(options o, const mixpay::merchant_client& c) : opts(std::move(o)), client(c) {
        // The contract's strict page policy; the result element asks MixPay's API itself,
        // and the no-JavaScript checkout's form ends on MixPay's payment page.
        csp = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; "
              "connect-src 'self' " +
              url_origin(opts.api_base) + "; form-action 'self' " + url_origin(opts.pay_base) +
              "; base-uri 'none'; frame-ancestors 'none'";
        configure(http, worker_threads);
        log_requests(http);
        routes();
    }

    void log_requests(httplib::Server& server) {
        if (opts.verbose) {
            server.set_logger([this](const httplib::Request& req, const httplib::Response& res) {
                log(req.method + " " + req.path + " -> " + std::to_string(res.status));
            });
        }
    }

    void log(const std::string& line) {
        if (opts.verbose) {
            std::lock_guard<std::mutex> lock(log_mutex);
            std::cerr << line << std::endl;
        }
    }

    void page_headers(httplib::Response& res) {
        res.set_header("Content-Security-Policy", csp);
        res.set_header("X-Content-Type-Options", "nosniff");
        res.set_header("Referrer-Policy", "same-origin");
    }

    void send_page(httplib::Response& res, const std::string& html, int status = 200) {
        page_headers(res);
        res.status = status;
        res.set_header("Cache-Control", "no-store");
        res.set_content(html, html_type);
    }

    void serve_static(const std::string& root, const std::string& relative,
                      httplib::Response& res) {
        // Sent from the file, whole: never held in memory, never a range of it.
        if (!servers::set_static_file(res, root, relative)) {
            res.status = 404;
            res.set_content("404 Not Found\n", "text/plain; charset=utf-8");
            return;
        }
        res.set_header("Cache-Control", "no-cache");
        if (starts_with(res.get_header_value("Content-Type"), "text/html")) {
            page_headers(res);
        } else {
            res.set_header("X-Content-Type-Options", "nosniff");
        }
    }

    // POST /checkout/mixpay: the button's order reference in, the payment's code out. Only
    // from the shop's own pages: form-encoded as the button sends it, or JSON.
    void checkout(const httplib::Request& req, httplib::Response& res) {
        if (!same_origin(req, own_origin)) {
            send_error(res, 403, "cross_origin",
                       "Checkouts are taken from the shop's own pages only.");
            return;
        }
        std::map<std::string, std::string> fields;
        std::string error;
        const std::string type = media_type(req);
        if (type != "application/json" && type != "application/x-www-form-urlencoded") {
            send_error(res, 415, "unsupported_media_type",
                       "The body must be application/x-www-form-urlencoded or application/json.");
            return;
        }
        if (type == "application/json" ? !json_fields(req, fields, error)
                                       : !form_fields(req, {"traceId", "product"}, fields, error)) {
            send_error(res, 400, "bad_request", error);
            return;
        }
        checkout_outcome out = orders->checkout(fields["traceId"], fields["product"]);
        if (out.http_status != 200) {
            send_error(res, out.http_status, out.error, out.message);
            return;
        }
        send_json(res, {{"code", out.code}});
    }

    // GET /buy/<product> and its form's POST: the checkout without JavaScript.
    void buy(const httplib::Request& req, httplib::Response& res, bool post) {
        const product* item = find_product(req.matches[1].str());
        if (item == nullptr) {
            send_page(res, message_page("Not found", "There is no such product."), 404);
            return;
        }
        if (!post) {
            send_page(res, buy_page(*item, random_trace_id(), ""));
            return;
        }
        if (!same_origin(req, own_origin)) {
            send_page(res,
                      message_page("Not from this shop",
                                   "The order form is taken from the shop's own pages only."),
                      403);
            return;
        }
        std::map<std::string, std::string> fields;
        std::string error;
        if (!form_fields(req, {"traceId"}, fields, error)) {
            send_page(res, buy_page(*item, random_trace_id(), error), 400);
            return;
        }
        checkout_outcome out = orders->checkout(fields["traceId"], item->id);
        if (out.http_status == 200) {
            page_headers(res);
            res.status = 303;
            res.set_header("Location", out.url);
            return;
        }
        // Only a failure that may have made the payment keeps the order for the next try.
        bool keep = out.http_status >= 500 && out.error != "too_many_orders" &&
                    out.error != "shop_misconfigured";
        send_page(res,
                  buy_page(*item, keep ? fields["traceId"] : random_trace_id(),
                           out.message + (keep ? " Please try again." : "")),
                  out.http_status);
    }

    // GET /orders/<traceId>: the order as the shop knows it, verified with MixPay.
    void order(const httplib::Request& req, httplib::Response& res) {
        const std::string trace_id = req.matches[1].str();
        if (!mixpay::is_uuid(trace_id)) {
            send_error(res, 400, "invalid_trace_id", "traceId must be a UUID.");
            return;
        }
        auto found = orders->check(trace_id);
        if (!found) {
            send_error(res, 404, "unknown_order", "The shop has no order with this traceId.");
            return;
        }
        json answer = json::object();
        answer["traceId"] = found->trace_id;
        answer["orderId"] = found->order_id;
        answer["product"] = found->product;
        answer["amount"] = found->amount;
        answer["asset"] = found->asset;
        answer["status"] = found->status;
        answer["mismatches"] = found->mismatches;
        send_json(res, answer);
    }

    // POST /callbacks/mixpay: MixPay says a payment was made. It names the payment and no
    // more; the order it names (if the shop has it) is verified against the shop's records.
    // MixPay calls again later (0 s, 15 s, 15 s, 30 s, 180 s, then every 30 to 60 minutes,
    // about 10 times) unless the answer is 200 {"code":"SUCCESS"}, which the shop sends only
    // once the order's verified, final verdict is stored.
    void callback(const httplib::Request& req, httplib::Response& res) {
        // Each callback is a request of its own: its connection is closed after the answer,
        // so a flood of callbacks leaves no idle connections behind.
        res.set_header("Connection", "close");
        // JSON only: a page of another site can post text/plain or a form here without
        // asking, but application/json needs a preflight, which the shop never approves.
        if (media_type(req) != "application/json") {
            send_json(res, {{"code", "UNSUPPORTED_MEDIA_TYPE"}}, 415);
            return;
        }
        // The core's caps (size, NUL, nesting) before anything parses what anyone may post.
        json body =
            mixpay::json_text_readable(req.body) ? json::parse(req.body, nullptr, false) : json();
        const json* trace =
            body.is_object() && body.contains("traceId") ? &body["traceId"] : nullptr;
        if (trace == nullptr || !trace->is_string()) {
            send_json(res, {{"code", "BAD_REQUEST"}}, 400);
            return;
        }
        const std::string trace_id = trace->get<std::string>();
        switch (orders->on_callback(trace_id)) {
        case callback_outcome::stored:
            send_json(res, {{"code", "SUCCESS"}});
            return;
        case callback_outcome::unknown_order:
            // Not acknowledged: a real callback the shop cannot place yet is worth MixPay's
            // retries, and a forged one costs nothing (no lookup was made).
            log("callback for an unknown traceId not acknowledged");
            send_json(res, {{"code", "UNKNOWN_ORDER"}}, 404);
            return;
        case callback_outcome::retry:
            res.set_header("Retry-After", "15");
            send_json(res, {{"code", "RETRY"}}, 503);
            return;
        }
    }

    void routes() {
        http.Get("/config.json", [this](const httplib::Request&, httplib::Response& res) {
            send_json(res, {{"apiBase", opts.api_base}, {"payBase", opts.pay_base}});
        });
        http.Post("/checkout/mixpay", [this](const httplib::Request& req, httplib::Response& res) {
            checkout(req, res);
        });
        http.Get("/buy/([^/]+)", [this](const httplib::Request& req, httplib::Response& res) {
            buy(req, res, false);
        });
        http.Post("/buy/([^/]+)", [this](const httplib::Request& req, httplib::Response& res) {
            buy(req, res, true);
        });
        http.Get("/orders/([^/]+)",
                 [this](const httplib::Request& req, httplib::Response& res) { order(req, res); });
        http.Post("/callbacks/mixpay", [this](const httplib::Request& req, httplib::Response& res) {
            callback(req, res);
        });
        http.Get("/dist/(.*)", [this](const httplib::Request& req, httplib::Response& res) {
            serve_static(opts.dist_dir, req.matches[1].str(), res);
        });
        http.Get("/(.*)", [this](const httplib::Request& req, httplib::Response& res) {
            serve_static(opts.shop_dir, req.matches[1].str(), res);
        });
    }
};

server::server(options opts, const mixpay::merchant_client& client)
    : impl_(std::make_unique<impl>(std::move(opts), client)) {}

server::~server() = default;

int server::bind(std::string& error) {
    return bind_server(impl_->http, impl_->opts.host, impl_->opts.port, error);
}

int server::bind_callbacks(const certificate& cert, std::string& error) {
    auto tls = std::make_unique<httplib::Server>();
    if (!tls->set_tls(cert.pem, key_pem(cert))) {
        error = "the https listener could not be set up";
        return -1;
    }
    configure(*tls, callback_worker_threads);
    impl_->log_requests(*tls);
    tls->Post("/callbacks/mixpay", [this](const httplib::Request& req, httplib::Response& res) {
        impl_->callback(req, res);
    });
    int port =
        bind_server(*tls, impl_->opts.host, static_cast<int>(impl_->opts.callback_port), error);
    if (port > 0) {
        impl_->callbacks_http = std::move(tls);
    }
    return port;
}

void server::open(shop_settings settings, std::unique_ptr<order_store> store,
                  const std::string& own_origin) {
    const auto& o = impl_->opts;
    impl_->own_origin = browser_origin(own_origin);
    impl_->store = std::move(store);
    impl_->budget = std::make_unique<mixpay_budget>(static_cast<int>(o.rate_limit),
                                                    static_cast<int>(o.status_lookups),
                                                    static_cast<int>(o.callback_lookups));
    impl_->orders = std::make_unique<order_book>(
        impl_->client, *impl_->store, *impl_->budget, std::move(settings),
        [this](const std::string& line) { impl_->log(line); });
}

bool server::run() {
    std::thread callbacks;
    std::atomic<bool> callbacks_done{false};
    bool callbacks_ok = true;
    if (impl_->callbacks_http) {
        callbacks = std::thread([this, &callbacks_done, &callbacks_ok] {
            callbacks_ok = impl_->callbacks_http->listen_after_bind();
            callbacks_done = true;
        });
    }
    bool ok = impl_->http.listen_after_bind();
    // stop() does nothing to a listener that has not started listening yet, so the
    // callback listener is stopped until it is seen to have ended.
    while (callbacks.joinable() && !callbacks_done) {
        impl_->callbacks_http->stop();
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    if (callbacks.joinable()) {
        callbacks.join();
    }
    return ok && callbacks_ok;
}

void server::stop() {
    impl_->http.stop();
    if (impl_->callbacks_http) {
        impl_->callbacks_http->stop();
    }
}

} // namespace shop
