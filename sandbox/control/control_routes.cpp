#include "control/control_routes.hpp"

#include "api/http_util.hpp"
#include "control/lifecycle_routes.hpp"

namespace sandbox {

namespace httplib = servers::http;

namespace {

json requests_json(const std::vector<request_record>& records) {
    json list = json::array();
    for (const auto& r : records) {
        json params = json::object();
        for (const auto& [name, value] : r.params) {
            params[name] = value;
        }
        json item = json::object();
        item["method"] = r.method;
        item["path"] = r.path;
        item["contentType"] = r.content_type;
        item["body"] = r.body;
        item["params"] = std::move(params);
        item["origin"] = r.origin;
        item["timeMs"] = r.time_ms;
        json errors = json::array();
        for (const auto& e : r.errors) {
            errors.push_back({{"field", e.field}, {"message", e.message}});
        }
        item["errors"] = std::move(errors);
        list.push_back(std::move(item));
    }
    return list;
}

// The body of POST /__sandbox/fault as it was sent: the answer of a "body" fault. The
// route reads it itself so that too long a body is refused like any other bad part; it
// is read to its end either way, so the connection stays usable.
bool read_fault_body(const httplib::Request& req, httplib::Response& res,
                     const httplib::ContentReader& read, std::string& body, std::string& error) {
    if (req.is_multipart_form_data()) {
        read([](const httplib::MultipartFormData&) { return true; },
             [](const char*, std::size_t) { return true; });
        error = "body: must be the answer as it is, not multipart/form-data";
        return false;
    }
    bool too_long = false;
    bool read_all = read([&](const char* data, std::size_t size) {
        too_long = too_long || body.size() + size > max_fault_body;
        if (!too_long) {
            body.append(data, size);
        }
        return true;
    });
    // The server refuses a Content-Length over the payload limit with 413 unread.
    if (too_long || res.status == 413) {
        error = "body: at most " + std::to_string(max_fault_body) + " bytes";
        return false;
    }
    if (!read_all) {
        error = "body: could not be read";
    }
    return read_all;
}

void queue_fault(context& ctx, const httplib::Request& req, httplib::Response& res,
                 const httplib::ContentReader& read) {
    std::string body;
    std::string error;
    if (!read_fault_body(req, res, read, body, error)) {
        send_json(res, {{"error", error}}, 400);
        return;
    }
    std::string mode = req.get_param_value("mode");
    // The argument comes in the parameter the mode's row names, or is the body.
    std::string arg;
    for (const auto& info : fault_modes()) {
        if (mode == info.name) {
            arg = info.argument == fault_argument::body ? body
                  : *info.parameter != '\0'             ? req.get_param_value(info.parameter)
                                                        : "";
        }
    }
    auto request = parse_fault(mode, req.get_param_value("count"), arg, error);
    if (request && request->f.mode == fault_mode::body &&
        !set_body_answer(request->f, req.get_param_value("status"), req.get_param_value("type"),
                         error)) {
        request.reset();
    }
    if (!request) {
        send_json(res, {{"error", error}}, 400);
        return;
    }
    std::size_t queued = ctx.faults.push(request->f, request->count);
    send_json(res, {{"queued", queued}});
}

// A control route: the handler runs only for a request control_allowed() lets through.
httplib::Handler guarded(context& ctx,
                         std::function<void(const httplib::Request&, httplib::Response&)> handler) {
    return
        [&ctx, handler = std::move(handler)](const httplib::Request& req, httplib::Response& res) {
            if (ctx.control_allowed(req, res)) {
                handler(req, res);
            }
        };
}

json config_json(context& ctx) {
    return {{"rateLimit", ctx.limit.enabled()}};
}

} // namespace

void add_control_routes(httplib::Server& http, context& ctx) {
    http.Post("/__sandbox/fault", [&ctx](const httplib::Request& req, httplib::Response& res,
                                         const httplib::ContentReader& read) {
        if (ctx.control_allowed(req, res)) {
            queue_fault(ctx, req, res, read);
        }
    });
    http.Delete("/__sandbox/fault", guarded(ctx, [&ctx](const auto&, auto& res) {
                    ctx.faults.clear();
                    send_json(res, {{"queued", 0}});
                }));
    http.Get("/__sandbox/fault", guarded(ctx, [&ctx](const auto&, auto& res) {
                 send_json(res, {{"queued", ctx.faults.size()}});
             }));
    http.Get("/__sandbox/requests", guarded(ctx, [&ctx](const auto&, auto& res) {
                 send_json(res, requests_json(ctx.requests.requests()));
             }));
    http.Post("/__sandbox/reset", guarded(ctx, [&ctx](const auto&, auto& res) {
                  ctx.payments.reset();
                  ctx.requests.clear();
                  ctx.limit.clear();
                  ctx.faults.clear();
                  ctx.callbacks.clear();
                  send_json(res, {{"reset", true}});
              }));
    http.Post("/__sandbox/config", guarded(ctx, [&ctx](const auto& req, auto& res) {
                  if (req.has_param("rateLimit")) {
                      std::string value = req.get_param_value("rateLimit");
                      if (value != "0" && value != "1") {
                          send_json(res, {{"error", "rateLimit: must be 0 or 1"}}, 400);
                          return;
                      }
                      ctx.limit.set_enabled(value == "1");
                  }
                  send_json(res, config_json(ctx));
              }));
    http.Get("/__sandbox/config",
             guarded(ctx, [&ctx](const auto&, auto& res) { send_json(res, config_json(ctx)); }));
    add_lifecycle_routes(http, ctx.clock, ctx.payments, ctx.callbacks,
                         [&ctx](const httplib::Request& req, httplib::Response& res) {
                             return ctx.control_allowed(req, res);
                         });
}

} // namespace sandbox
