// The Server's calls (routes, handlers, TLS, limits, binding, serving, stopping) and what
// a worker does with a request that has arrived whole: find its route, run its handler,
// then the error handler and the logger.
#include "http_server.hpp"

#include <cerrno>
#include <mutex>

#include <unistd.h>

#include "server_impl.hpp"
#include "sockets.hpp"

namespace servers::http {

Server::impl::impl(limits l) : lim(l) {}

Server::impl::~impl() {
    if (listen_fd >= 0) {
        close(listen_fd);
    }
}

void Server::impl::add_route(const char* method, const std::string& pattern, Handler h,
                             HandlerWithContentReader rh) {
    routes.push_back(route{method, std::regex(pattern), std::move(h), std::move(rh)});
}

const route* Server::impl::find_route(Request& req) const {
    const std::string method = req.method == "HEAD" ? std::string("GET") : req.method;
    for (const auto& r : routes) {
        if (r.method == method && std::regex_match(req.path, req.matches, r.pattern)) {
            return &r;
        }
    }
    return nullptr;
}

void Server::impl::run_handler(request_state* rs) {
    Request& req = rs->req;
    Response& res = rs->res;
    const route* r = find_route(req);
    if (rs->over_limit) {
        res.status = 413;
    }
    try {
        if (r != nullptr && r->reading_handler) {
            r->reading_handler(req, res, ContentReader(req));
        } else if (r != nullptr) {
            r->handler(req, res);
        }
    } catch (...) {
        res = Response();
        res.status = 500;
        if (exception_handler) {
            try {
                exception_handler(req, res, std::current_exception());
            } catch (...) {
            }
        }
    }
    if (res.status == -1) {
        res.status = r != nullptr ? 200 : 404;
    }
    finish_answer(req, res, false);
    if (is_stopping()) {
        rs->close_after = true;
    }
}

void Server::impl::finish_answer(const Request& req, Response& res, bool own) {
    if (res.status >= 400 && error_handler) {
        try {
            error_handler(req, res);
        } catch (...) {
        }
    }
    if (own && res.body.empty() && !res.provider && !res.chunked_provider) {
        res.set_content(std::to_string(res.status) + " " + reason_phrase(res.status) + "\n",
                        "text/plain; charset=utf-8");
    }
    if (logger) {
        try {
            logger(req, res);
        } catch (...) {
        }
    }
}

Server::Server() : Server(limits{}) {}

Server::Server(limits l) : impl_(std::make_unique<impl>(l)) {}

Server::~Server() {
    stop();
}

Server& Server::Get(const std::string& pattern, Handler handler) {
    impl_->add_route("GET", pattern, std::move(handler));
    return *this;
}

Server& Server::Post(const std::string& pattern, Handler handler) {
    impl_->add_route("POST", pattern, std::move(handler));
    return *this;
}

Server& Server::Post(const std::string& pattern, HandlerWithContentReader handler) {
    impl_->add_route("POST", pattern, nullptr, std::move(handler));
    return *this;
}

Server& Server::Put(const std::string& pattern, Handler handler) {
    impl_->add_route("PUT", pattern, std::move(handler));
    return *this;
}

Server& Server::Delete(const std::string& pattern, Handler handler) {
    impl_->add_route("DELETE", pattern, std::move(handler));
    return *this;
}

Server& Server::Options(const std::string& pattern, Handler handler) {
    impl_->add_route("OPTIONS", pattern, std::move(handler));
    return *this;
}

Server& Server::set_error_handler(Handler handler) {
    impl_->error_handler = std::move(handler);
    return *this;
}

Server& Server::set_exception_handler(ExceptionHandler handler) {
    impl_->exception_handler = std::move(handler);
    return *this;
}

Server& Server::set_logger(Logger logger) {
    impl_->logger = std::move(logger);
    return *this;
}

bool Server::set_tls(const std::string& cert_pem, const std::string& key_pem) {
    if (MHD_is_feature_supported(MHD_FEATURE_TLS) != MHD_YES) {
        return false;
    }
    impl_->tls_cert = cert_pem;
    impl_->tls_key = key_pem;
    return true;
}

Server& Server::set_limits(const limits& l) {
    impl_->lim = l;
    return *this;
}

const limits& Server::settings() const {
    return impl_->lim;
}

bool Server::bind_to_port(const std::string& host, int port) {
    raise_open_file_limit();
    int fd = listening_socket(host, port);
    if (fd < 0) {
        return false;
    }
    if (impl_->listen_fd >= 0) {
        close(impl_->listen_fd);
    }
    impl_->listen_fd = fd;
    return true;
}

int Server::bind_to_any_port(const std::string& host) {
    if (!bind_to_port(host, 0)) {
        return -1;
    }
    return bound_port(impl_->listen_fd);
}

bool Server::listen_after_bind() {
    if (impl_->listen_fd < 0) {
        errno = EBADF;
        return false;
    }
    if (impl_->is_stopping()) {
        return true;
    }
    return impl_->serve();
}

void Server::stop() {
    {
        std::lock_guard<std::mutex> lock(impl_->state_mutex);
        impl_->stop_requested = true;
    }
    impl_->state_cv.notify_all();
}

bool Server::is_running() const {
    return impl_->running;
}

} // namespace servers::http
