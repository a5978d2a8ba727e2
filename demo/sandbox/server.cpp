#include "server.hpp"

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <condition_variable>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <iostream>
#include <mutex>
#include <set>
#include <string_view>
#include <thread>

#include <dirent.h>
#include <netdb.h>
#include <sys/socket.h>

#include "common/http_server.hpp"

#include "api.hpp"
#include "assets.hpp"
#include "callbacks.hpp"
#include "common/static_files.hpp"
#include "control_access.hpp"
#include "control_routes.hpp"
#include "faults.hpp"
#include "http_util.hpp"
#include "mixpay/request.hpp"
#include "mixpay/url.hpp"
#include "mixpay/uuid.hpp"
#include "pages.hpp"
#include "store.hpp"

namespace sandbox {

// The handlers keep cpp-httplib's server types; servers/common's server provides them, with
// its limits on every request and connection.
namespace httplib = servers::http;

namespace {

constexpr std::size_t max_body_bytes = 64 * 1024;
// The longest "endless" answer, whatever its time limit.
constexpr std::size_t max_endless_bytes = 512 * 1024 * 1024;
// Enough workers that a few hanging answers (fault "hang") never starve the other clients;
// idle and slow connections take none.
constexpr std::size_t worker_threads = 16;

servers::http::limits http_limits() {
    servers::http::limits l;
    l.max_body_bytes = max_body_bytes;
    l.workers = worker_threads;
    return l;
}

const char* const json_type = "application/json";
const char* const html_type = "text/html; charset=utf-8";

// The contract's strict page policy, for the demo's pages with --strict-csp.
const char* const demo_csp = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; "
                             "style-src 'self'; connect-src 'self'; base-uri 'none'; "
                             "frame-ancestors 'none'";

bool starts_with(const std::string& text, const char* prefix) {
    return text.rfind(prefix, 0) == 0;
}

std::string lower(std::string text) {
    for (auto& c : text) {
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    return text;
}

// The control API answers no other origin, so it sends no CORS headers.
bool cors_path(const std::string& path) {
    return starts_with(path, "/v1/") || path == "/v1";
}

void page_headers(httplib::Response& res) {
    res.set_header("Content-Security-Policy", page_csp);
    res.set_header("Cache-Control", "no-store");
    res.set_header("X-Content-Type-Options", "nosniff");
    res.set_header("Referrer-Policy", "no-referrer");
}

void send_page(httplib::Response& res, const std::string& html, int status = 200) {
    page_headers(res);
    res.status = status;
    res.set_content(html, html_type);
}

// The raw query of a request target ("a=1&b=2"), decoded the way the core decodes forms.
pairs query_pairs(const httplib::Request& req) {
    std::size_t mark = req.target.find('?');
    if (mark == std::string::npos) {
        return {};
    }
    auto decoded = mixpay::decode_form(std::string_view(req.target).substr(mark + 1));
    return decoded ? *decoded : pairs{};
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

const char* reason_phrase(int status) {
    switch (status) {
    case 400:
        return "Bad Request";
    case 404:
        return "Not Found";
    case 405:
        return "Method Not Allowed";
    case 413:
        return "Payload Too Large";
    case 414:
        return "URI Too Long";
    case 500:
        return "Internal Server Error";
    case 503:
        return "Service Unavailable";
    default:
        return "Error";
    }
}

std::int64_t system_ms() {
    using namespace std::chrono;
    return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

// Whether a socket address is HOST:PORT written the way cpp-httplib writes a request's ends.
bool endpoint_is(const sockaddr_storage& address, socklen_t size, const std::string& host,
                 int port) {
    char name[NI_MAXHOST];
    char service[NI_MAXSERV];
    if (getnameinfo(reinterpret_cast<const sockaddr*>(&address), size, name, sizeof name, service,
                    sizeof service, NI_NUMERICHOST | NI_NUMERICSERV) != 0) {
        return false;
    }
    return host == name && std::to_string(port) == service;
}

// The socket of the connection a request came on, or -1. cpp-httplib gives handlers no
// socket, so it is found by its two ends, which no other open socket shares.
int connection_socket(const httplib::Request& req) {
    DIR* dir = opendir("/proc/self/fd");
    if (dir == nullptr) {
        return -1;
    }
    int found = -1;
    while (const dirent* entry = readdir(dir)) {
        char* end = nullptr;
        long fd = std::strtol(entry->d_name, &end, 10);
        if (end == entry->d_name || *end != '\0' || fd == dirfd(dir)) {
            continue;
        }
        sockaddr_storage local{};
        sockaddr_storage peer{};
        socklen_t local_size = sizeof local;
        socklen_t peer_size = sizeof peer;
        int sock = static_cast<int>(fd);
        if (getsockname(sock, reinterpret_cast<sockaddr*>(&local), &local_size) == 0 &&
            getpeername(sock, reinterpret_cast<sockaddr*>(&peer), &peer_size) == 0 &&
            endpoint_is(local, local_size, req.local_addr, req.local_port) &&
            endpoint_is(peer, peer_size, req.remote_addr, req.remote_port)) {
            found = sock;
            break;
        }
    }
    closedir(dir);
    return found;
}

// A JSON answer padded with a "padding" member to `size` bytes, sent with its
// Content-Length and written piece by piece, so that even 64 MiB is never held at once.
void send_padded(httplib::Response& res, const json& answer, std::size_t size) {
    std::string text = to_text(answer);
    // The member goes before the closing brace of the envelope, which stays whole.
    std::string head = text.substr(0, text.size() - 1) + ",\"padding\":\"";
    const std::string_view tail = "\"}";
    std::size_t fill = std::max(size, head.size() + tail.size()) - head.size() - tail.size();
    std::size_t total = head.size() + fill + tail.size();
    res.set_content_provider(
        total, json_type,
        [head = std::move(head), fill, tail](std::size_t offset, std::size_t length,
                                             httplib::DataSink& sink) {
            static const std::string xs(16 * 1024, 'x');
            std::string_view piece;
            if (offset < head.size()) {
                piece = std::string_view(head).substr(offset);
            } else if (offset < head.size() + fill) {
                piece = std::string_view(xs).substr(0, head.size() + fill - offset);
            } else {
                piece = tail.substr(offset - head.size() - fill);
            }
            piece = piece.substr(0, length);
            return sink.write(piece.data(), piece.size());
        });
}

} // namespace

struct server::impl {
    options opts;
    httplib::Server http{http_limits()};
    sandbox_clock clock;
    store payments{clock};
    fault_queue faults;
    callback_sender callbacks;
    std::thread ticker;
    std::mutex stop_mutex;
    std::condition_variable stop_cv;
    bool stopping = false;
    // Sockets of "endless" answers, shut down on stop so that a client that stopped
    // reading cannot hold the server up for the write timeout.
    std::set<int> endless_sockets;
    std::mutex log_mutex;
    // Set before the server runs (the hosts once the port is known).
    control_access access;

    explicit impl(options o) : opts(std::move(o)), callbacks(opts.allow_http_callback, clock) {
        access.token = opts.control_token.empty() ? random_token() : opts.control_token;
        payments.set_rate_limit(opts.rate_limit);
        payments.on_event([this](const payment& p, const std::string& event) {
            callbacks.send({*p.params.callback_url, p.trace_id,
                            p.params.order_id ? *p.params.order_id : "", *p.params.payee_id,
                            event});
        });
        // Lifecycle steps and deadlines happen when the sandbox clock reaches them.
        ticker = std::thread([this] {
            while (!wait_or_stop_ms(100)) {
                payments.tick();
            }
        });
        for (const auto& request : opts.faults) {
            faults.push(request.f, request.count);
        }
        configure();
        routes();
    }

    void log(const std::string& line) {
        if (opts.verbose) {
            std::lock_guard<std::mutex> lock(log_mutex);
            std::cerr << line << std::endl;
        }
    }

    ~impl() {
        {
            std::lock_guard<std::mutex> lock(stop_mutex);
            stopping = true;
        }
        stop_cv.notify_all();
        if (ticker.joinable()) {
            ticker.join();
        }
    }

    // Waits `seconds` unless the server stops first; true when it is stopping.
    bool wait_or_stop(int seconds) { return wait_or_stop_ms(seconds * 1000); }
    bool wait_or_stop_ms(int ms) {
        std::unique_lock<std::mutex> lock(stop_mutex);
        return stop_cv.wait_for(lock, std::chrono::milliseconds(ms), [this] { return stopping; });
    }

    void configure() {
        http.set_error_handler([](const httplib::Request& req, httplib::Response& res) {
            if (cors_path(req.path)) {
                allow_cors(res);
            }
            // A handler's answer keeps its body, even an empty one ("body" faults); only
            // cpp-httplib's own errors, which come without a Content-Type, get one here.
            if (!res.body.empty() || res.has_header("Content-Type")) {
                return;
            }
            if (starts_with(req.path, "/v1/")) {
                std::string message = res.status == 413   ? "Request body too large."
                                      : res.status == 404 ? "Not found."
                                                          : reason_phrase(res.status);
                json answer = json::object();
                answer["code"] = res.status;
                answer["success"] = false;
                answer["message"] = message;
                answer["data"] = json::array();
                answer["timestampMs"] = system_ms();
                res.set_content(to_text(answer), json_type);
            } else {
                res.set_content(std::to_string(res.status) + " " + reason_phrase(res.status) + "\n",
                                "text/plain; charset=utf-8");
            }
        });
        http.set_exception_handler(
            [](const httplib::Request&, httplib::Response& res, std::exception_ptr) {
                res.status = 500;
                res.set_content("Internal Server Error", "text/plain");
            });
        if (opts.verbose) {
            http.set_logger([this](const httplib::Request& req, const httplib::Response& res) {
                if (starts_with(req.path, "/v1/") || starts_with(req.path, "/code/") ||
                    req.path == "/pay") {
                    log(req.method + " " + req.path + " -> " + std::to_string(res.status));
                }
            });
        }
    }

    // Logs an API request; every /v1 request is kept, whatever happens next.
    std::uint64_t record(const httplib::Request& req, const pairs& params) {
        request_record r;
        r.method = req.method;
        r.path = req.path;
        r.content_type = req.get_header_value("Content-Type");
        r.body = req.body;
        r.params = params;
        r.origin = req.get_header_value("Origin");
        r.time_ms = system_ms();
        return payments.record(std::move(r));
    }

    // False (with the 1429 answer written) when the client is over the limit.
    bool within_rate_limit(const httplib::Request& req, httplib::Response& res) {
        int remaining = 0;
        bool allowed = payments.allow(req.remote_addr, remaining);
        res.set_header("X-RateLimit-Limit", std::to_string(store::rate_limit_per_minute));
        res.set_header("X-RateLimit-Remaining", std::to_string(remaining));
        if (!allowed) {
            send_json(res, envelope_error(1429, api_message(1429), payments.now_ms()));
        }
        return allowed;
    }

    // False (with a 403 answer written) when the request may not use the control API or
    // press Pay or Fail; see control_access.hpp.
    bool control_allowed(const httplib::Request& req, httplib::Response& res) {
        std::string why = control_refusal(req, access);
        if (why.empty()) {
            return true;
        }
        log("refused " + req.method + " " + req.path + ": " + why);
        send_json(res, {{"error", why}}, 403);
        return false;
    }

    // The body of POST /v1/one_time_payment as (name, value) pairs: JSON, multipart or
    // form-encoded (also when no Content-Type was given).
    std::optional<pairs> body_pairs(const httplib::Request& req,
                                    std::vector<std::string>& bad_fields, std::string& error) {
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

    // Closes the connection before a byte of the answer is sent, as a network failure after
    // the server acted does: the client cannot tell whether the payment was made.
    void drop_connection(const httplib::Request& req, httplib::Response& res) {
        int sock = connection_socket(req);
        if (sock < 0) {
            res.status = 500;
            res.set_content("drop: the connection's socket was not found", "text/plain");
            return;
        }
        // cpp-httplib's own writes of the answer then fail, and it closes the socket.
        shutdown(sock, SHUT_RDWR);
    }

    // An answer that starts like a JSON object and never ends: chunks of "x" until the
    // client leaves, `seconds` pass, max_endless_bytes went out or the server stops. It
    // then closes the connection without the last chunk, so it is never complete.
    void send_endless(const httplib::Request& req, httplib::Response& res, int seconds) {
        auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(seconds);
        int sock = connection_socket(req);
        // cpp-httplib compresses only a bare "application/json"; compressed, the x's would
        // reach the client in rare bursts instead of as a stream.
        res.set_chunked_content_provider(
            "application/json; charset=utf-8",
            [deadline, sent = std::size_t{0}](std::size_t, httplib::DataSink& sink) mutable {
                static const std::string opening = "{\"padding\":\"";
                static const std::string xs(16 * 1024, 'x');
                if (sent >= max_endless_bytes || std::chrono::steady_clock::now() >= deadline) {
                    return false;
                }
                const std::string& piece = sent == 0 ? opening : xs;
                sent += piece.size();
                return sink.write(piece.data(), piece.size());
            },
            [this, sock](bool) {
                std::lock_guard<std::mutex> lock(stop_mutex);
                endless_sockets.erase(sock);
            });
        std::lock_guard<std::mutex> lock(stop_mutex);
        if (sock >= 0) {
            endless_sockets.insert(sock);
        }
    }

    // The answer one_time_payment gives without a fault.
    json create_answer(const std::optional<pairs>& fields,
                       const std::vector<std::string>& bad_fields, const std::string& body_error,
                       std::uint64_t request) {
        if (!fields) {
            payments.annotate(request, {{"body", body_error}});
            return envelope_error(1017, "Parameter error. " + body_error + ".", payments.now_ms());
        }
        create_settings settings;
        settings.allow_http_callback = opts.allow_http_callback;
        auto created = create_payment(payments, *fields, bad_fields, settings);
        payments.annotate(request, created.errors);
        return created.answer;
    }

    void one_time_payment(const httplib::Request& req, httplib::Response& res) {
        allow_cors(res);
        std::vector<std::string> bad_fields;
        std::string body_error;
        auto fields = body_pairs(req, bad_fields, body_error);
        std::uint64_t request = record(req, fields ? *fields : pairs{});
        if (!within_rate_limit(req, res)) {
            return;
        }
        auto f = faults.pop();
        if (f) {
            log(std::string("fault ") + fault_mode_name(f->mode));
            switch (f->mode) {
            case fault_mode::http500:
                res.status = 500;
                res.set_content("Internal Server Error", "text/plain");
                return;
            case fault_mode::malformed:
                res.set_content("{\"code\":0,\"success\":true,\"data\":{\"code\":", json_type);
                return;
            case fault_mode::api:
                send_json(res,
                          envelope_error(f->api_code, api_message(f->api_code), payments.now_ms()));
                return;
            case fault_mode::badcode:
                send_json(res, envelope_ok({{"code", f->bad_code}}, payments.now_ms()));
                return;
            case fault_mode::endless:
                send_endless(req, res, f->seconds);
                return;
            case fault_mode::body:
                res.status = f->status;
                res.set_content(*f->body, f->content_type);
                return;
            case fault_mode::hang:
                if (wait_or_stop(f->seconds)) {
                    res.status = 503;
                    res.set_content("Service Unavailable", "text/plain");
                    return;
                }
                break;
            case fault_mode::drop:
            case fault_mode::oversized:
                // Both make the payment first, exactly as without a fault.
                break;
            }
        }
        json answer = create_answer(fields, bad_fields, body_error, request);
        if (f && f->mode == fault_mode::drop) {
            drop_connection(req, res);
        } else if (f && f->mode == fault_mode::oversized) {
            send_padded(res, answer, static_cast<std::size_t>(f->kib) * 1024);
        } else {
            send_json(res, answer);
        }
    }

    // A GET of the API answered from its query: logged, rate-limited, with CORS.
    void api_get(const char* path, std::function<json(const pairs&)> answer) {
        http.Get(path, [this, answer = std::move(answer)](const httplib::Request& req,
                                                          httplib::Response& res) {
            allow_cors(res);
            pairs query = query_pairs(req);
            record(req, query);
            if (!within_rate_limit(req, res)) {
                return;
            }
            send_json(res, answer(query));
        });
    }

    // An asset listing or estimate: its data, or the documented error envelope.
    json listing_answer(const listing& l) {
        return l.error ? envelope_error(l.error->code, l.error->message, payments.now_ms())
                       : envelope_ok(l.data, payments.now_ms());
    }

    void unknown_api(const httplib::Request& req, httplib::Response& res) {
        allow_cors(res);
        record(req, query_pairs(req));
        if (!within_rate_limit(req, res)) {
            return;
        }
        send_json(res, envelope_error(404, "Not found.", payments.now_ms()), 404);
    }

    void preflight(const httplib::Request& req, httplib::Response& res) {
        res.status = 204;
        if (starts_with(req.path, "/v1/")) {
            record(req, query_pairs(req));
            res.set_header("Access-Control-Allow-Methods", "GET, POST, OPTIONS");
        } else if (starts_with(req.path, "/__sandbox/")) {
            // No allow headers: another origin's page may not call the control API.
            if (control_allowed(req, res)) {
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

    std::string code_of(const httplib::Request& req) {
        return mixpay::canonical_uuid(req.matches[1].str());
    }

    void payment_page_route(const httplib::Request& req, httplib::Response& res) {
        std::string code = code_of(req);
        auto p = code.empty() ? std::nullopt : payments.by_trace(code);
        if (!p) {
            send_page(
                res,
                message_page("Payment not found", "The payment link you visited does not exist."),
                404);
            return;
        }
        code_state state = payments.state_of(code);
        send_page(res, payment_page(*p, state), state == code_state::expired ? 410 : 200);
    }

    void payment_action(const httplib::Request& req, httplib::Response& res, bool pay) {
        if (!control_allowed(req, res)) {
            return;
        }
        std::string code = code_of(req);
        payment after;
        code_state state = code_state::missing;
        if (!code.empty()) {
            if (pay) {
                state = payments.pay(code, after);
            } else {
                std::string failure_code = req.get_param_value("failureCode");
                if (!failure_reason_of(failure_code)) {
                    failure_code = failure_reasons().front().code;
                }
                state = payments.fail(code, failure_code, after);
            }
        }
        if (state == code_state::missing) {
            send_page(
                res,
                message_page("Payment not found", "The payment link you visited does not exist."),
                404);
            return;
        }
        if (state != code_state::payable) {
            auto p = payments.by_trace(code);
            send_page(res, payment_page(*p, state), state == code_state::expired ? 410 : 409);
            return;
        }
        log(std::string(pay ? "paid " : "failed ") + code);
        const auto& params = after.params;
        // Only the URLs stored at creation, which the core validated, are redirect targets.
        const auto& target = pay ? params.return_to : params.failed_return_to;
        page_headers(res);
        res.status = 303;
        res.set_header("Location", target ? *target : "/code/" + after.trace_id);
    }

    // GET /pay: the long payment link. It makes the same payment as one_time_payment
    // and sends the buyer to its page.
    void pay_link(const httplib::Request& req, httplib::Response& res) {
        if (!within_rate_limit(req, res)) {
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
            auto existing = order_id.empty() ? std::nullopt : payments.by_order(payee_id, order_id);
            trace_id = existing ? existing->trace_id : random_uuid();
            query.emplace_back("traceId", trace_id);
        }
        for (auto& [name, value] : query) {
            if (name == "returnTo" || name == "failedReturnTo") {
                value = mixpay::fill_placeholders(value, trace_id, order_id);
            }
        }
        create_settings settings;
        settings.allow_http_callback = opts.allow_http_callback;
        auto created = create_payment(payments, query, {}, settings);
        if (!created.stored) {
            if (created.errors.empty()) {
                send_page(res,
                          message_page("Payment not created",
                                       created.answer["message"].get<std::string>()),
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

    void serve_static(const std::string& root, const std::string& relative,
                      httplib::Response& res) {
        // Sent from the file, whole: never held in memory, never a range of it.
        if (!servers::set_static_file(res, root, relative)) {
            res.status = 404;
            res.set_content("404 Not Found\n", "text/plain; charset=utf-8");
            return;
        }
        res.set_header("Cache-Control", "no-cache");
        res.set_header("X-Content-Type-Options", "nosniff");
        if (opts.strict_csp && starts_with(res.get_header_value("Content-Type"), "text/html")) {
            res.set_header("Content-Security-Policy", demo_csp);
        }
    }

    // The body of POST /__sandbox/fault as it was sent: the answer of a "body" fault. The
    // route reads it itself so that too long a body is refused like any other bad part; it
    // is read to its end either way, so the connection stays usable.
    bool read_fault_body(const httplib::Request& req, httplib::Response& res,
                         const httplib::ContentReader& read, std::string& body,
                         std::string& error) {
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
        // cpp-httplib refuses a Content-Length over the payload limit with 413 unread.
        if (too_long || res.status == 413) {
            error = "body: at most " + std::to_string(max_fault_body) + " bytes";
            return false;
        }
        if (!read_all) {
            error = "body: could not be read";
        }
        return read_all;
    }

    void control_routes() {
        http.Post("/__sandbox/fault", [this](const httplib::Request& req, httplib::Response& res,
                                             const httplib::ContentReader& read) {
            if (!control_allowed(req, res)) {
                return;
            }
            std::string body;
            std::string error;
            if (!read_fault_body(req, res, read, body, error)) {
                send_json(res, {{"error", error}}, 400);
                return;
            }
            std::string mode = req.get_param_value("mode");
            std::string arg = mode == "api"                         ? req.get_param_value("code")
                              : mode == "hang" || mode == "endless" ? req.get_param_value("seconds")
                              : mode == "badcode"                   ? req.get_param_value("value")
                              : mode == "oversized"                 ? req.get_param_value("kib")
                              : mode == "body"                      ? body
                                                                    : "";
            auto request = parse_fault(mode, req.get_param_value("count"), arg, error);
            if (request && request->f.mode == fault_mode::body &&
                !set_body_answer(request->f, req.get_param_value("status"),
                                 req.get_param_value("type"), error)) {
                request.reset();
            }
            if (!request) {
                send_json(res, {{"error", error}}, 400);
                return;
            }
            std::size_t queued = faults.push(request->f, request->count);
            send_json(res, {{"queued", queued}});
        });
        http.Delete("/__sandbox/fault",
                    [this](const httplib::Request& req, httplib::Response& res) {
                        if (!control_allowed(req, res)) {
                            return;
                        }
                        faults.clear();
                        send_json(res, {{"queued", 0}});
                    });
        http.Get("/__sandbox/fault", [this](const httplib::Request& req, httplib::Response& res) {
            if (!control_allowed(req, res)) {
                return;
            }
            send_json(res, {{"queued", faults.size()}});
        });
        http.Get("/__sandbox/requests",
                 [this](const httplib::Request& req, httplib::Response& res) {
                     if (!control_allowed(req, res)) {
                         return;
                     }
                     send_json(res, requests_json(payments.requests()));
                 });
        http.Post("/__sandbox/reset", [this](const httplib::Request& req, httplib::Response& res) {
            if (!control_allowed(req, res)) {
                return;
            }
            payments.reset();
            faults.clear();
            callbacks.clear();
            send_json(res, {{"reset", true}});
        });
        http.Post("/__sandbox/config", [this](const httplib::Request& req, httplib::Response& res) {
            if (!control_allowed(req, res)) {
                return;
            }
            if (req.has_param("rateLimit")) {
                std::string value = req.get_param_value("rateLimit");
                if (value != "0" && value != "1") {
                    send_json(res, {{"error", "rateLimit: must be 0 or 1"}}, 400);
                    return;
                }
                payments.set_rate_limit(value == "1");
            }
            send_json(res, {{"rateLimit", payments.rate_limit()}});
        });
        http.Get("/__sandbox/config", [this](const httplib::Request& req, httplib::Response& res) {
            if (!control_allowed(req, res)) {
                return;
            }
            send_json(res, {{"rateLimit", payments.rate_limit()}});
        });
        add_lifecycle_routes(http, clock, payments, callbacks,
                             [this](const httplib::Request& req, httplib::Response& res) {
                                 return control_allowed(req, res);
                             });
        http.Get(page_icon_path, [](const httplib::Request&, httplib::Response& res) {
            res.set_header("Cache-Control", "no-cache");
            res.set_content(page_icon, "image/svg+xml");
        });
        http.Get(page_css_path, [](const httplib::Request&, httplib::Response& res) {
            res.set_header("Cache-Control", "no-cache");
            res.set_content(page_css, "text/css; charset=utf-8");
        });
    }

    void routes() {
        http.Post("/v1/one_time_payment",
                  [this](const httplib::Request& req, httplib::Response& res) {
                      one_time_payment(req, res);
                  });
        api_get("/v1/payments_result",
                [this](const pairs& query) { return payments_result(payments, query); });
        api_get("/v1/payments_info",
                [this](const pairs& query) { return payments_info(payments, query); });
        api_get("/v1/payments_estimated",
                [this](const pairs& query) { return listing_answer(payments_estimated(query)); });
        api_get("/v1/setting/quote_assets",
                [this](const pairs& query) { return listing_answer(quote_assets(query)); });
        api_get("/v1/setting/payment_assets",
                [this](const pairs& query) { return listing_answer(payment_assets(query)); });
        api_get("/v1/setting/settlement_assets",
                [this](const pairs& query) { return listing_answer(settlement_assets(query)); });
        http.Get("/v1/.*", [this](const httplib::Request& req, httplib::Response& res) {
            unknown_api(req, res);
        });
        http.Post("/v1/.*", [this](const httplib::Request& req, httplib::Response& res) {
            unknown_api(req, res);
        });
        http.Options(".*", [this](const httplib::Request& req, httplib::Response& res) {
            preflight(req, res);
        });
        control_routes();
        http.Get("/code/([^/]+)", [this](const httplib::Request& req, httplib::Response& res) {
            payment_page_route(req, res);
        });
        http.Post("/code/([^/]+)/pay", [this](const httplib::Request& req, httplib::Response& res) {
            payment_action(req, res, true);
        });
        http.Post("/code/([^/]+)/fail",
                  [this](const httplib::Request& req, httplib::Response& res) {
                      payment_action(req, res, false);
                  });
        http.Get("/pay", [this](const httplib::Request& req, httplib::Response& res) {
            pay_link(req, res);
        });
        http.Get("/dist/(.*)", [this](const httplib::Request& req, httplib::Response& res) {
            serve_static(opts.dist_dir, req.matches[1].str(), res);
        });
        http.Get("/(.*)", [this](const httplib::Request& req, httplib::Response& res) {
            if (opts.demo_dir.empty() && req.path == "/") {
                send_page(res, message_page("MixPay sandbox",
                                            "The API is at /v1; no demo folder is served."));
                return;
            }
            serve_static(opts.demo_dir, req.matches[1].str(), res);
        });
    }
};

server::server(options opts) : impl_(std::make_unique<impl>(std::move(opts))) {}

server::~server() = default;

int server::bind(std::string& error) {
    const auto& host = impl_->opts.host;
    int port = impl_->opts.port;
    errno = 0;
    if (port == 0) {
        port = impl_->http.bind_to_any_port(host);
        if (port > 0) {
            impl_->access.hosts = own_hosts(host, port);
            return port;
        }
    } else if (impl_->http.bind_to_port(host, port)) {
        impl_->access.hosts = own_hosts(host, port);
        return port;
    }
    int code = errno;
    error = "cannot listen on " + host + ":" + std::to_string(impl_->opts.port) + ": " +
            (code == EADDRINUSE ? std::string("the port is already in use")
             : code != 0        ? std::string(std::strerror(code))
                                : std::string("the address is not available"));
    return -1;
}

const std::string& server::control_token() const {
    return impl_->access.token;
}

bool server::run() {
    return impl_->http.listen_after_bind();
}

void server::stop() {
    {
        std::lock_guard<std::mutex> lock(impl_->stop_mutex);
        impl_->stopping = true;
        for (int sock : impl_->endless_sockets) {
            shutdown(sock, SHUT_RDWR);
        }
    }
    impl_->stop_cv.notify_all();
    impl_->callbacks.stop();
    impl_->http.stop();
}

} // namespace sandbox
