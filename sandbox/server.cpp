#include "server.hpp"

#include <cerrno>
#include <cstring>
#include <thread>

#include "common/http_server.hpp"

#include "api/api_routes.hpp"
#include "api/http_util.hpp"
#include "context.hpp"
#include "control/control_routes.hpp"
#include "pages/page_routes.hpp"

namespace sandbox {

namespace httplib = servers::http;

namespace {

// Enough workers that a few hanging answers (fault "hang") never starve the other clients;
// idle and slow connections take none.
httplib::limits http_limits() {
    httplib::limits l;
    l.max_body_bytes = 64 * 1024;
    l.workers = 16;
    return l;
}

} // namespace

// The server: the parts (context), the HTTP server with the route groups, and the ticker
// that moves payments along the sandbox clock.
struct server::impl {
    context ctx;
    httplib::Server http{http_limits()};
    std::thread ticker;

    explicit impl(options o) : ctx(std::move(o)) {
        // Lifecycle steps and deadlines happen when the sandbox clock reaches them.
        ticker = std::thread([this] {
            while (!ctx.stopping.wait_ms(100)) {
                ctx.payments.tick();
            }
        });
        configure();
        add_api_routes(http, ctx);
        add_control_routes(http, ctx);
        add_page_routes(http, ctx);
        add_static_routes(http, ctx);
    }

    ~impl() {
        ctx.stopping.stop();
        if (ticker.joinable()) {
            ticker.join();
        }
    }

    void configure() {
        http.set_error_handler([](const httplib::Request& req, httplib::Response& res) {
            if (cors_path(req.path)) {
                allow_cors(res);
            }
            // A handler's answer keeps its body, even an empty one ("body" faults); only
            // the server's own errors, which come without a Content-Type, get one here.
            if (!res.body.empty() || res.has_header("Content-Type")) {
                return;
            }
            if (!api_error_answer(req, res)) {
                res.set_content(std::to_string(res.status) + " " +
                                    httplib::reason_phrase(res.status) + "\n",
                                "text/plain; charset=utf-8");
            }
        });
        http.set_exception_handler(
            [](const httplib::Request&, httplib::Response& res, std::exception_ptr) {
                res.status = 500;
                res.set_content("Internal Server Error", "text/plain");
            });
        if (ctx.opts.verbose) {
            http.set_logger([this](const httplib::Request& req, const httplib::Response& res) {
                if (starts_with(req.path, "/v1/") || starts_with(req.path, "/code/") ||
                    req.path == "/pay") {
                    ctx.log(req.method + " " + req.path + " -> " + std::to_string(res.status));
                }
            });
        }
    }
};

server::server(options opts) : impl_(std::make_unique<impl>(std::move(opts))) {}

server::~server() = default;

int server::bind(std::string& error) {
    const auto& host = impl_->ctx.opts.host;
    int port = impl_->ctx.opts.port;
    errno = 0;
    if (port == 0) {
        port = impl_->http.bind_to_any_port(host);
        if (port > 0) {
            impl_->ctx.access.hosts = own_hosts(host, port);
            return port;
        }
    } else if (impl_->http.bind_to_port(host, port)) {
        impl_->ctx.access.hosts = own_hosts(host, port);
        return port;
    }
    int code = errno;
    error = "cannot listen on " + host + ":" + std::to_string(impl_->ctx.opts.port) + ": " +
            (code == EADDRINUSE ? std::string("the port is already in use")
             : code != 0        ? std::string(std::strerror(code))
                                : std::string("the address is not available"));
    return -1;
}

const std::string& server::control_token() const {
    return impl_->ctx.access.token;
}

bool server::run() {
    return impl_->http.listen_after_bind();
}

void server::stop() {
    impl_->ctx.stopping.stop();
    impl_->ctx.callbacks.stop();
    impl_->http.stop();
}

} // namespace sandbox
