#include "api/api_routes.hpp"

#include <cctype>
#include <functional>

#include "api/assets.hpp"
#include "api/http_util.hpp"
#include "faults/fault_answers.hpp"
#include "mixpay/request.hpp"

namespace sandbox {

namespace httplib = servers::http;

namespace {

std::string lower(std::string text) {
    for (auto& c : text) {
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    return text;
}

// Access-Control-Request-Headers echoed back when it is a plain list of header names.
std::string allowed_headers(const httplib::Request& req) {
    std::string asked = req.get_header_value("Access-Control-Request-Headers");
    if (asked.empty() || asked.size() > 500) {
        return "Content-Type";
    }
    for (char c : asked) {
        bool ok = std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == ',' ||
                  c == ' ';
        if (!ok) {
            return "Content-Type";
        }
    }
    return asked;
}

// The body of POST /v1/one_time_payment as (name, value) pairs: JSON, multipart or
// form-encoded (also when no Content-Type was given).
std::optional<pairs> body_pairs(const httplib::Request& req, std::vector<std::string>& bad_fields,
                                std::string& error) {
    std::string type = lower(req.get_header_value("Content-Type"));
    if (starts_with(type, "application/json") || type.find("+json") != std::string::npos) {
        auto fields = json_body_pairs(req.body, bad_fields);
        if (!fields) {
            error = "body: must be a JSON object";
        }
        return fields;
    }
    if (req.is_multipart_form_data()) {
        pairs fields;
        for (const auto& [name, part] : req.files) {
            fields.emplace_back(name, part.content);
        }
        return fields;
    }
    auto fields = mixpay::decode_form(req.body);
    if (!fields) {
        error = "body: malformed percent-encoding";
    }
    return fields;
}

// The answer one_time_payment gives without a fault.
json create_answer(context& ctx, const std::optional<pairs>& fields,
                   const std::vector<std::string>& bad_fields, const std::string& body_error,
                   std::uint64_t request) {
    if (!fields) {
        ctx.requests.annotate(request, {{"body", body_error}});
        return envelope_error(1017, "Parameter error. " + body_error + ".", ctx.payments.now_ms());
    }
    create_settings settings;
    settings.allow_http_callback = ctx.opts.allow_http_callback;
    auto created = create_payment(ctx.payments, *fields, bad_fields, settings);
    ctx.requests.annotate(request, created.errors);
    return created.answer;
}

void one_time_payment(context& ctx, const httplib::Request& req, httplib::Response& res) {
    allow_cors(res);
    std::vector<std::string> bad_fields;
    std::string body_error;
    auto fields = body_pairs(req, bad_fields, body_error);
    std::uint64_t request = ctx.record(req, fields ? *fields : pairs{});
    if (!ctx.within_rate_limit(req, res)) {
        return;
    }
    auto f = ctx.faults.pop();
    if (f) {
        ctx.log(std::string("fault ") + fault_mode_name(f->mode));
        if (fault_answer_before(*f, req, res, ctx)) {
            return;
        }
    }
    json answer = create_answer(ctx, fields, bad_fields, body_error, request);
    fault_answer_after(f, answer, req, res, ctx);
}

// An asset listing or estimate: its data, or the documented error envelope.
json listing_answer(context& ctx, const listing& l) {
    return l.error ? envelope_error(l.error->code, l.error->message, ctx.payments.now_ms())
                   : envelope_ok(l.data, ctx.payments.now_ms());
}

// A GET of the API answered from its query: logged, rate-limited, with CORS.
void api_get(httplib::Server& http, context& ctx, const char* path,
             std::function<json(const pairs&)> answer) {
    http.Get(path, [&ctx, answer = std::move(answer)](const httplib::Request& req,
                                                      httplib::Response& res) {
        allow_cors(res);
        pairs query = query_pairs(req);
        ctx.record(req, query);
        if (!ctx.within_rate_limit(req, res)) {
            return;
        }
        send_json(res, answer(query));
    });
}

void unknown_api(context& ctx, const httplib::Request& req, httplib::Response& res) {
    allow_cors(res);
    ctx.record(req, query_pairs(req));
    if (!ctx.within_rate_limit(req, res)) {
        return;
    }
    send_json(res, envelope_error(404, "Not found.", ctx.payments.now_ms()), 404);
}

void preflight(context& ctx, const httplib::Request& req, httplib::Response& res) {
    res.status = 204;
    if (starts_with(req.path, "/v1/")) {
        ctx.record(req, query_pairs(req));
        res.set_header("Access-Control-Allow-Methods", "GET, POST, OPTIONS");
    } else if (starts_with(req.path, "/__sandbox/")) {
        // No allow headers: another origin's page may not call the control API.
        if (ctx.control_allowed(req, res)) {
            res.set_header("Allow", "GET, POST, DELETE, OPTIONS");
        }
        return;
    } else {
        res.set_header("Allow", "GET, HEAD, POST, OPTIONS");
        return;
    }
    allow_cors(res);
    res.set_header("Access-Control-Allow-Headers", allowed_headers(req));
    res.set_header("Access-Control-Max-Age", "600");
}

} // namespace

bool cors_path(const std::string& path) {
    return starts_with(path, "/v1/") || path == "/v1";
}

bool api_error_answer(const httplib::Request& req, httplib::Response& res) {
    if (!starts_with(req.path, "/v1/")) {
        return false;
    }
    std::string message = res.status == 413   ? "Request body too large."
                          : res.status == 404 ? "Not found."
                                              : httplib::reason_phrase(res.status);
    json answer = json::object();
    answer["code"] = res.status;
    answer["success"] = false;
    answer["message"] = message;
    answer["data"] = json::array();
    answer["timestampMs"] = system_ms();
    res.set_content(to_text(answer), "application/json");
    return true;
}

void add_api_routes(httplib::Server& http, context& ctx) {
    http.Post("/v1/one_time_payment", [&ctx](const httplib::Request& req, httplib::Response& res) {
        one_time_payment(ctx, req, res);
    });
    api_get(http, ctx, "/v1/payments_result",
            [&ctx](const pairs& query) { return payments_result(ctx.payments, query); });
    api_get(http, ctx, "/v1/payments_info",
            [&ctx](const pairs& query) { return payments_info(ctx.payments, query); });
    api_get(http, ctx, "/v1/payments_estimated",
            [&ctx](const pairs& query) { return listing_answer(ctx, payments_estimated(query)); });
    api_get(http, ctx, "/v1/setting/quote_assets",
            [&ctx](const pairs& query) { return listing_answer(ctx, quote_assets(query)); });
    api_get(http, ctx, "/v1/setting/payment_assets",
            [&ctx](const pairs& query) { return listing_answer(ctx, payment_assets(query)); });
    api_get(http, ctx, "/v1/setting/settlement_assets",
            [&ctx](const pairs& query) { return listing_answer(ctx, settlement_assets(query)); });
    http.Get("/v1/.*", [&ctx](const httplib::Request& req, httplib::Response& res) {
        unknown_api(ctx, req, res);
    });
    http.Post("/v1/.*", [&ctx](const httplib::Request& req, httplib::Response& res) {
        unknown_api(ctx, req, res);
    });
    http.Options(".*", [&ctx](const httplib::Request& req, httplib::Response& res) {
        preflight(ctx, req, res);
    });
}

} // namespace sandbox
