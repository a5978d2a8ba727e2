#include "pages/page_routes.hpp"

#include "common/static_files.hpp"
#include "mixpay/request.hpp"
#include "mixpay/url.hpp"
#include "mixpay/uuid.hpp"
#include "pages/pages.hpp"

namespace sandbox {

namespace httplib = servers::http;

namespace {

// The contract's strict page policy, for the demo's pages with --strict-csp.
const char* const demo_csp = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; "
                             "style-src 'self'; connect-src 'self'; base-uri 'none'; "
                             "frame-ancestors 'none'";

void page_headers(httplib::Response& res) {
    res.set_header("Content-Security-Policy", page_csp);
    res.set_header("Cache-Control", "no-store");
    res.set_header("X-Content-Type-Options", "nosniff");
    res.set_header("Referrer-Policy", "no-referrer");
}

void send_page(httplib::Response& res, const std::string& html, int status = 200) {
    page_headers(res);
    res.status = status;
    res.set_content(html, "text/html; charset=utf-8");
}

void not_found_page(httplib::Response& res) {
    send_page(res,
              message_page("Payment not found", "The payment link you visited does not exist."),
              404);
}

std::string code_of(const httplib::Request& req) {
    return mixpay::canonical_uuid(req.matches[1].str());
}

void payment_page_route(context& ctx, const httplib::Request& req, httplib::Response& res) {
    std::string code = code_of(req);
    auto p = code.empty() ? std::nullopt : ctx.payments.by_trace(code);
    if (!p) {
        not_found_page(res);
        return;
    }
    code_state state = ctx.payments.state_of(code);
    send_page(res, payment_page(*p, state), state == code_state::expired ? 410 : 200);
}

void payment_action(context& ctx, const httplib::Request& req, httplib::Response& res, bool pay) {
    if (!ctx.control_allowed(req, res)) {
        return;
    }
    std::string code = code_of(req);
    payment after;
    code_state state = code_state::missing;
    if (!code.empty()) {
        if (pay) {
            state = ctx.payments.pay(code, after);
        } else {
            std::string failure_code = req.get_param_value("failureCode");
            if (!failure_reason_of(failure_code)) {
                failure_code = failure_reasons().front().code;
            }
            state = ctx.payments.fail(code, failure_code, after);
        }
    }
    if (state == code_state::missing) {
        not_found_page(res);
        return;
    }
    if (state != code_state::payable) {
        auto p = ctx.payments.by_trace(code);
        send_page(res, payment_page(*p, state), state == code_state::expired ? 410 : 409);
        return;
    }
    ctx.log(std::string(pay ? "paid " : "failed ") + code);
    const auto& params = after.params;
    // Only the URLs stored at creation, which the core validated, are redirect targets.
    const auto& target = pay ? params.return_to : params.failed_return_to;
    page_headers(res);
    res.status = 303;
    res.set_header("Location", target ? *target : "/code/" + after.trace_id);
}

// GET /pay: the long payment link. It makes the same payment as one_time_payment
// and sends the buyer to its page.
void pay_link(context& ctx, const httplib::Request& req, httplib::Response& res) {
    if (!ctx.within_rate_limit(req, res)) {
        return;
    }
    pairs query = query_pairs(req);
    std::string trace_id;
    std::string order_id;
    std::string payee_id;
    for (const auto& [name, value] : query) {
        if (name == "traceId" && !value.empty()) {
            trace_id = value;
        } else if (name == "orderId" && !value.empty()) {
            order_id = value;
        } else if (name == "payeeId" && !value.empty()) {
            payee_id = value;
        }
    }
    // Every payment made here gets a traceId, so {traceId} can be filled; opening the
    // same link again (same payeeId + orderId) finds the payment made the first time.
    if (trace_id.empty()) {
        auto existing = order_id.empty() ? std::nullopt : ctx.payments.by_order(payee_id, order_id);
        trace_id = existing ? existing->trace_id : random_uuid();
        query.emplace_back("traceId", trace_id);
    }
    for (auto& [name, value] : query) {
        if (name == "returnTo" || name == "failedReturnTo") {
            value = mixpay::fill_placeholders(value, trace_id, order_id);
        }
    }
    create_settings settings;
    settings.allow_http_callback = ctx.opts.allow_http_callback;
    auto created = create_payment(ctx.payments, query, {}, settings);
    if (!created.stored) {
        if (created.errors.empty()) {
            send_page(
                res,
                message_page("Payment not created", created.answer["message"].get<std::string>()),
                503);
        } else {
            send_page(res, errors_page(created.errors), 400);
        }
        return;
    }
    page_headers(res);
    res.status = 303;
    res.set_header("Location", "/code/" + created.stored->trace_id);
}

void serve_static(context& ctx, const std::string& root, const std::string& relative,
                  httplib::Response& res) {
    // Sent from the file, whole: never held in memory, never a range of it.
    if (!servers::set_static_file(res, root, relative)) {
        res.status = 404;
        res.set_content("404 Not Found\n", "text/plain; charset=utf-8");
        return;
    }
    res.set_header("Cache-Control", "no-cache");
    res.set_header("X-Content-Type-Options", "nosniff");
    if (ctx.opts.strict_csp && starts_with(res.get_header_value("Content-Type"), "text/html")) {
        res.set_header("Content-Security-Policy", demo_csp);
    }
}

} // namespace

void add_page_routes(httplib::Server& http, context& ctx) {
    http.Get(page_icon_path, [](const httplib::Request&, httplib::Response& res) {
        res.set_header("Cache-Control", "no-cache");
        res.set_content(page_icon, "image/svg+xml");
    });
    http.Get(page_css_path, [](const httplib::Request&, httplib::Response& res) {
        res.set_header("Cache-Control", "no-cache");
        res.set_content(page_css, "text/css; charset=utf-8");
    });
    http.Get("/code/([^/]+)", [&ctx](const httplib::Request& req, httplib::Response& res) {
        payment_page_route(ctx, req, res);
    });
    http.Post("/code/([^/]+)/pay", [&ctx](const httplib::Request& req, httplib::Response& res) {
        payment_action(ctx, req, res, true);
    });
    http.Post("/code/([^/]+)/fail", [&ctx](const httplib::Request& req, httplib::Response& res) {
        payment_action(ctx, req, res, false);
    });
    http.Get("/pay", [&ctx](const httplib::Request& req, httplib::Response& res) {
        pay_link(ctx, req, res);
    });
}

void add_static_routes(httplib::Server& http, context& ctx) {
    http.Get("/dist/(.*)", [&ctx](const httplib::Request& req, httplib::Response& res) {
        serve_static(ctx, ctx.opts.dist_dir, req.matches[1].str(), res);
    });
    http.Get("/(.*)", [&ctx](const httplib::Request& req, httplib::Response& res) {
        if (ctx.opts.demo_dir.empty() && req.path == "/") {
            send_page(res, message_page("MixPay sandbox",
                                        "The API is at /v1; no demo folder is served."));
            return;
        }
        serve_static(ctx, ctx.opts.demo_dir, req.matches[1].str(), res);
    });
}

} // namespace sandbox
