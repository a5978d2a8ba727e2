#include "faults/fault_answers.hpp"

#include <algorithm>
#include <chrono>
#include <climits>
#include <string_view>

#include <dirent.h>
#include <netdb.h>
#include <sys/socket.h>

#include "api/http_util.hpp"
#include "mixpay/ascii.hpp"

namespace sandbox {

namespace httplib = servers::http;

namespace {

const char* const json_type = "application/json";

// The longest "endless" answer, whatever its time limit.
constexpr std::size_t max_endless_bytes = 512 * 1024 * 1024;

// Whether a socket address is HOST:PORT written the way the server writes a request's ends.
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

// The socket of the connection a request came on, or -1. Handlers get no socket, so it is
// found by its two ends, which no other open socket shares.
int connection_socket(const httplib::Request& req) {
    DIR* dir = opendir("/proc/self/fd");
    if (dir == nullptr) {
        return -1;
    }
    int found = -1;
    while (const dirent* entry = readdir(dir)) {
        // A descriptor's name is its number; ".", ".." and anything above INT_MAX are not.
        const auto fd = mixpay::parse_uint<unsigned>(entry->d_name, INT_MAX);
        if (!fd || static_cast<int>(*fd) == dirfd(dir)) {
            continue;
        }
        sockaddr_storage local{};
        sockaddr_storage peer{};
        socklen_t local_size = sizeof local;
        socklen_t peer_size = sizeof peer;
        const int sock = static_cast<int>(*fd);
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

// Closes the connection before a byte of the answer is sent, as a network failure after
// the server acted does: the client cannot tell whether the payment was made.
void drop_connection(const httplib::Request& req, httplib::Response& res) {
    int sock = connection_socket(req);
    if (sock < 0) {
        res.status = 500;
        res.set_content("drop: the connection's socket was not found", "text/plain");
        return;
    }
    // The server's own writes of the answer then fail, and it closes the socket.
    shutdown(sock, SHUT_RDWR);
}

// An answer that starts like a JSON object and never ends: chunks of "x" until the
// client leaves, `seconds` pass, max_endless_bytes went out or the server stops. It
// then closes the connection without the last chunk, so it is never complete.
void send_endless(const httplib::Request& req, httplib::Response& res, int seconds,
                  stop_gate& stopping) {
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(seconds);
    int sock = connection_socket(req);
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
        [&stopping, sock](bool) { stopping.untrack(sock); });
    stopping.track(sock);
}

} // namespace

bool fault_answer_before(const fault& f, const httplib::Request& req, httplib::Response& res,
                         context& ctx) {
    switch (f.mode) {
    case fault_mode::http500:
        res.status = 500;
        res.set_content("Internal Server Error", "text/plain");
        return true;
    case fault_mode::malformed:
        res.set_content("{\"code\":0,\"success\":true,\"data\":{\"code\":", json_type);
        return true;
    case fault_mode::api:
        send_json(res, envelope_error(f.api_code, api_message(f.api_code), ctx.payments.now_ms()));
        return true;
    case fault_mode::badcode:
        send_json(res, envelope_ok({{"code", f.bad_code}}, ctx.payments.now_ms()));
        return true;
    case fault_mode::endless:
        send_endless(req, res, f.seconds, ctx.stopping);
        return true;
    case fault_mode::body:
        res.status = f.status;
        res.set_content(*f.body, f.content_type);
        return true;
    case fault_mode::hang:
        if (ctx.stopping.wait_ms(f.seconds * 1000)) {
            res.status = 503;
            res.set_content("Service Unavailable", "text/plain");
            return true;
        }
        return false;
    case fault_mode::drop:
    case fault_mode::oversized:
        // Both make the payment first, exactly as without a fault.
        return false;
    }
    return false;
}

void fault_answer_after(const std::optional<fault>& f, const json& answer,
                        const httplib::Request& req, httplib::Response& res, context&) {
    if (f && f->mode == fault_mode::drop) {
        drop_connection(req, res);
    } else if (f && f->mode == fault_mode::oversized) {
        send_padded(res, answer, static_cast<std::size_t>(f->kib) * 1024);
    } else {
        send_json(res, answer);
    }
}

} // namespace sandbox
