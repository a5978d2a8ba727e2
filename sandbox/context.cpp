#include "context.hpp"

#include <chrono>
#include <iostream>
#include <string_view>

#include <sys/socket.h>

#include "api/http_util.hpp"
#include "mixpay/request.hpp"

namespace sandbox {

bool stop_gate::wait_ms(int ms) {
    std::unique_lock<std::mutex> lock(mutex_);
    return cv_.wait_for(lock, std::chrono::milliseconds(ms), [this] { return stopping_; });
}

void stop_gate::track(int sock) {
    std::lock_guard<std::mutex> lock(mutex_);
    if (sock >= 0) {
        sockets_.insert(sock);
    }
}

void stop_gate::untrack(int sock) {
    std::lock_guard<std::mutex> lock(mutex_);
    sockets_.erase(sock);
}

void stop_gate::stop() {
    {
        std::lock_guard<std::mutex> lock(mutex_);
        stopping_ = true;
        for (int sock : sockets_) {
            shutdown(sock, SHUT_RDWR);
        }
    }
    cv_.notify_all();
}

context::context(options o) : opts(std::move(o)), callbacks(opts.allow_http_callback, clock) {
    access.token = opts.control_token.empty() ? random_token() : opts.control_token;
    limit.set_enabled(opts.rate_limit);
    payments.on_event([this](const payment& p, const std::string& event) {
        callbacks.send({*p.params.callback_url, p.trace_id,
                        p.params.order_id ? *p.params.order_id : "", *p.params.payee_id, event});
    });
    for (const auto& request : opts.faults) {
        faults.push(request.f, request.count);
    }
}

void context::log(const std::string& line) {
    if (opts.verbose) {
        std::lock_guard<std::mutex> lock(log_mutex_);
        std::cerr << line << std::endl;
    }
}

std::uint64_t context::record(const servers::http::Request& req, const pairs& params) {
    request_record r;
    r.method = req.method;
    r.path = req.path;
    r.content_type = req.get_header_value("Content-Type");
    r.body = req.body;
    r.params = params;
    r.origin = req.get_header_value("Origin");
    r.time_ms = system_ms();
    return requests.record(std::move(r));
}

bool context::within_rate_limit(const servers::http::Request& req, servers::http::Response& res) {
    int remaining = 0;
    bool allowed = limit.allow(req.remote_addr, remaining);
    res.set_header("X-RateLimit-Limit", std::to_string(rate_limit::rate_limit_per_minute));
    res.set_header("X-RateLimit-Remaining", std::to_string(remaining));
    if (!allowed) {
        send_json(res, envelope_error(1429, api_message(1429), payments.now_ms()));
    }
    return allowed;
}

bool context::control_allowed(const servers::http::Request& req, servers::http::Response& res) {
    std::string why = control_refusal(req, access);
    if (why.empty()) {
        return true;
    }
    log("refused " + req.method + " " + req.path + ": " + why);
    send_json(res, {{"error", why}}, 403);
    return false;
}

std::int64_t system_ms() {
    using namespace std::chrono;
    return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

pairs query_pairs(const servers::http::Request& req) {
    std::size_t mark = req.target.find('?');
    if (mark == std::string::npos) {
        return {};
    }
    auto decoded = mixpay::decode_form(std::string_view(req.target).substr(mark + 1));
    return decoded ? *decoded : pairs{};
}

bool starts_with(const std::string& text, const char* prefix) {
    return text.rfind(prefix, 0) == 0;
}

} // namespace sandbox
