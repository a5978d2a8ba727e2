// The connection loop: libmicrohttpd's daemon on one epoll thread reads every connection
// and tells of each connection and request through the callbacks below; this thread sweeps
// the connections whose request is late until stop().
#include <algorithm>
#include <chrono>
#include <cstdint>
#include <vector>

#include <unistd.h>

#include "server_impl.hpp"

namespace servers::http {

bool Server::impl::serve() {
    unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_ALLOW_SUSPEND_RESUME;
    std::vector<MHD_OptionItem> options = {
        {MHD_OPTION_LISTEN_SOCKET, listen_fd, nullptr},
        {MHD_OPTION_CONNECTION_MEMORY_LIMIT, static_cast<intptr_t>(lim.connection_memory_bytes),
         nullptr},
        {MHD_OPTION_CONNECTION_LIMIT, static_cast<intptr_t>(lim.max_connections), nullptr},
        {MHD_OPTION_CONNECTION_TIMEOUT, static_cast<intptr_t>(lim.idle_timeout_seconds), nullptr},
        {MHD_OPTION_NOTIFY_COMPLETED, reinterpret_cast<intptr_t>(&on_completed), this},
        {MHD_OPTION_NOTIFY_CONNECTION, reinterpret_cast<intptr_t>(&on_connection), this},
        {MHD_OPTION_URI_LOG_CALLBACK, reinterpret_cast<intptr_t>(&on_uri), this},
    };
    if (!tls_cert.empty()) {
        flags |= MHD_USE_TLS;
        options.push_back({MHD_OPTION_HTTPS_MEM_KEY, 0, const_cast<char*>(tls_key.c_str())});
        options.push_back({MHD_OPTION_HTTPS_MEM_CERT, 0, const_cast<char*>(tls_cert.c_str())});
    }
    options.push_back({MHD_OPTION_END, 0, nullptr});
    workers.start(std::max<std::size_t>(1, lim.workers));
    daemon = MHD_start_daemon(flags, 0, nullptr, nullptr, &on_request, this, MHD_OPTION_ARRAY,
                              options.data(), MHD_OPTION_END);
    if (daemon == nullptr) {
        workers.close_and_join();
        return false;
    }
    // MHD closes the listening socket when it stops.
    listen_fd = -1;
    running = true;
    {
        std::unique_lock<std::mutex> lock(state_mutex);
        while (!stop_requested) {
            state_cv.wait_for(lock, std::chrono::milliseconds(250));
            lock.unlock();
            connections.cut_late(std::chrono::seconds(lim.request_timeout_seconds));
            lock.lock();
        }
    }
    // No new connection; the answers being made are finished and sent.
    int quiet = MHD_quiesce_daemon(daemon);
    if (quiet >= 0) {
        close(quiet);
    }
    workers.close_and_join();
    MHD_stop_daemon(daemon);
    daemon = nullptr;
    running = false;
    return true;
}

bool Server::impl::is_stopping() {
    std::lock_guard<std::mutex> lock(state_mutex);
    return stop_requested;
}

void* Server::impl::on_uri(void*, const char* uri, MHD_Connection*) {
    auto* rs = new request_state;
    rs->req.target = uri != nullptr ? uri : "";
    return rs;
}

void Server::impl::on_completed(void* cls, MHD_Connection* c, void** con_cls,
                                MHD_RequestTerminationCode) {
    auto* self = static_cast<impl*>(cls);
    delete static_cast<request_state*>(*con_cls);
    *con_cls = nullptr;
    if (auto* cs = self->state_of(c)) {
        self->connections.answered(cs);
    }
}

void Server::impl::on_connection(void* cls, MHD_Connection* c, void** socket_context,
                                 MHD_ConnectionNotificationCode code) {
    auto* self = static_cast<impl*>(cls);
    if (code == MHD_CONNECTION_NOTIFY_STARTED) {
        const MHD_ConnectionInfo* info =
            MHD_get_connection_info(c, MHD_CONNECTION_INFO_CONNECTION_FD);
        *socket_context = self->connections.opened(info != nullptr ? info->connect_fd : -1);
    } else {
        self->connections.closed(static_cast<connection_state*>(*socket_context));
        *socket_context = nullptr;
    }
}

MHD_Result Server::impl::on_request(void* cls, MHD_Connection* c, const char* url,
                                    const char* method, const char* version, const char* upload,
                                    std::size_t* upload_size, void** con_cls) {
    auto* self = static_cast<impl*>(cls);
    auto* rs = static_cast<request_state*>(*con_cls);
    if (rs == nullptr) {
        rs = new request_state;
        rs->req.target = url != nullptr ? url : "";
        *con_cls = rs;
    }
    try {
        return self->step(c, rs, method, version, upload, upload_size);
    } catch (...) {
        return MHD_NO;
    }
}

connection_state* Server::impl::state_of(MHD_Connection* c) {
    const MHD_ConnectionInfo* info = MHD_get_connection_info(c, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
    return info != nullptr ? static_cast<connection_state*>(info->socket_context) : nullptr;
}

bool Server::impl::past_deadline(connection_state* cs) {
    return connections.past(cs, std::chrono::seconds(lim.request_timeout_seconds));
}

} // namespace servers::http
