#include "control/lifecycle_routes.hpp"

#include "api/api.hpp"
#include "api/http_util.hpp"
#include "mixpay/ascii.hpp"
#include "mixpay/uuid.hpp"

namespace sandbox {

namespace {

json callback_json(const callback_record& r) {
    json tries = json::array();
    for (auto t : r.tries_ms) {
        tries.push_back(t);
    }
    json item = json::object();
    item["url"] = r.url;
    item["traceId"] = r.trace_id;
    item["event"] = r.event;
    item["body"] = r.body;
    item["attempts"] = r.attempts;
    item["status"] = r.status;
    item["delivered"] = r.delivered;
    item["error"] = r.error;
    item["timeMs"] = r.time_ms;
    item["triesMs"] = std::move(tries);
    item["nextTryMs"] = r.next_try_ms != 0 ? json(r.next_try_ms) : json(nullptr);
    item["duplicate"] = r.duplicate;
    return item;
}

json steps_json(const std::vector<step>& steps) {
    json list = json::array();
    for (const auto& s : steps) {
        json item = json::object();
        item["delay"] = s.delay;
        item["status"] = s.settle ? "settled" : status_name(s.to);
        if (!s.settle && s.to == status::failed) {
            item["failureCode"] = s.failure_code.empty() ? "40000" : s.failure_code;
        }
        list.push_back(std::move(item));
    }
    return list;
}

} // namespace

void add_lifecycle_routes(servers::http::Server& http, sandbox_clock& clock, store& payments,
                          callback_sender& callbacks, control_check allowed) {
    http.Post("/__sandbox/clock",
              [&, allowed](const servers::http::Request& req, servers::http::Response& res) {
                  if (!allowed(req, res)) {
                      return;
                  }
                  const auto seconds =
                      mixpay::parse_uint<std::uint64_t>(req.get_param_value("advance"), 999999999);
                  if (!seconds) {
                      send_json(res, {{"error", "advance: must be a number of seconds"}}, 400);
                      return;
                  }
                  clock.advance(static_cast<std::int64_t>(*seconds));
                  // What fell due happens now: lifecycle steps and deadlines, then callback tries.
                  payments.tick();
                  callbacks.tick();
                  send_json(res, {{"now", payments.now()}});
              });
    http.Post("/__sandbox/status", [&, allowed](const servers::http::Request& req,
                                                servers::http::Response& res) {
        if (!allowed(req, res)) {
            return;
        }
        std::string code = mixpay::canonical_uuid(req.get_param_value("traceId"));
        auto s = settable_status(req.get_param_value("status"));
        std::string failure_code = req.get_param_value("failureCode");
        std::string error;
        if (code.empty()) {
            error = "traceId: must be a UUID";
        } else if (!s) {
            error = "status: must be unpaid, confirming, paid_less, pending, auditing, success "
                    "or failed";
        } else if (!failure_code.empty() &&
                   (*s != status::failed || !failure_reason_of(failure_code))) {
            error = "failureCode: only with status=failed, one of the documented codes";
        }
        if (!error.empty()) {
            send_json(res, {{"error", error}}, 400);
            return;
        }
        payment after;
        if (!payments.set_status(code, *s, failure_code, after)) {
            send_json(res, {{"error", "traceId: no such payment"}}, 404);
            return;
        }
        send_json(res, payment_result_data(after, true, true));
    });
    http.Post("/__sandbox/lifecycle", [&, allowed](const servers::http::Request& req,
                                                   servers::http::Response& res) {
        if (!allowed(req, res)) {
            return;
        }
        std::string error;
        auto steps = parse_steps(req.get_param_value("steps"), error);
        if (!steps) {
            send_json(res, {{"error", error}}, 400);
            return;
        }
        if (!req.has_param("traceId")) {
            // The lifecycle the payment page's Pay runs from now on.
            payments.set_pay_lifecycle(*steps);
            send_json(res, {{"pay", steps_json(*steps)}});
            return;
        }
        std::string code = mixpay::canonical_uuid(req.get_param_value("traceId"));
        payment after;
        if (code.empty() || !payments.start_lifecycle(code, *steps, after)) {
            send_json(res, {{"error", "traceId: no such payment"}}, code.empty() ? 400 : 404);
            return;
        }
        send_json(res, sandbox_payment_json(after));
    });
    http.Get("/__sandbox/lifecycle", [&, allowed](const servers::http::Request& req,
                                                  servers::http::Response& res) {
        if (!allowed(req, res)) {
            return;
        }
        json scripts = json::object();
        for (const auto& [name, text] : named_scripts()) {
            scripts[name] = text;
        }
        send_json(res, {{"pay", steps_json(payments.pay_lifecycle())}, {"scripts", scripts}});
    });
    http.Get("/__sandbox/payments/([^/]+)",
             [&, allowed](const servers::http::Request& req, servers::http::Response& res) {
                 if (!allowed(req, res)) {
                     return;
                 }
                 std::string code = mixpay::canonical_uuid(req.matches[1].str());
                 auto p = code.empty() ? std::nullopt : payments.by_trace(code);
                 if (!p) {
                     send_json(res, {{"error", "traceId: no such payment"}}, 404);
                     return;
                 }
                 json out = sandbox_payment_json(*p);
                 json made = json::array();
                 for (const auto& r : callbacks.records()) {
                     if (r.trace_id == p->trace_id) {
                         made.push_back(callback_json(r));
                     }
                 }
                 out["callbacks"] = std::move(made);
                 send_json(res, out);
             });
    http.Get("/__sandbox/callbacks",
             [&, allowed](const servers::http::Request& req, servers::http::Response& res) {
                 if (!allowed(req, res)) {
                     return;
                 }
                 json list = json::array();
                 for (const auto& r : callbacks.records()) {
                     list.push_back(callback_json(r));
                 }
                 send_json(res, list);
             });
    http.Post("/__sandbox/callbacks", [&, allowed](const servers::http::Request& req,
                                                   servers::http::Response& res) {
        if (!allowed(req, res)) {
            return;
        }
        const auto count = mixpay::parse_uint<unsigned>(req.get_param_value("duplicate"), 9999);
        if (!count) {
            send_json(res, {{"error", "duplicate: must be a number of callbacks"}}, 400);
            return;
        }
        callbacks.duplicate_next(static_cast<int>(*count));
        send_json(res, {{"duplicates", callbacks.duplicates_queued()}});
    });
}

} // namespace sandbox
