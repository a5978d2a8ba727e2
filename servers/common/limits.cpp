// The checks of a request's head against the limits, and the deadlines of the requests
// being read on every open connection.
#include "limits.hpp"

#include <string>

#include <sys/socket.h>

namespace servers::http {

int refusal_of_head(const Request& req, const limits& lim) {
    std::size_t header_bytes = req.method.size() + req.target.size() + req.version.size();
    for (const auto& [name, value] : req.headers) {
        header_bytes += name.size() + value.size() + 4;
    }
    if (req.target.size() > lim.max_target_bytes) {
        return 414;
    }
    if (header_bytes > lim.max_header_bytes) {
        return 431;
    }
    return 0;
}

int refusal_of_length(const Request& req, std::size_t most) {
    std::string length = req.get_header_value("Content-Length");
    if (!length.empty()) {
        bool digits = length.find_first_not_of("0123456789") == std::string::npos;
        if (!digits || length.size() > 18 ||
            std::stoull(length) > static_cast<unsigned long long>(most)) {
            return digits ? 413 : 400;
        }
    }
    return 0;
}

connection_state* connection_deadlines::opened(int fd) {
    std::lock_guard<std::mutex> lock(mutex_);
    auto* cs = new connection_state;
    cs->fd = fd;
    connections_.insert(cs);
    return cs;
}

void connection_deadlines::closed(connection_state* cs) {
    std::lock_guard<std::mutex> lock(mutex_);
    connections_.erase(cs);
    delete cs;
}

void connection_deadlines::answered(connection_state* cs) {
    std::lock_guard<std::mutex> lock(mutex_);
    cs->request_start = std::chrono::steady_clock::now();
    cs->reading = true;
}

bool connection_deadlines::arrived(connection_state* cs, unsigned keep_alive_max_count) {
    std::lock_guard<std::mutex> lock(mutex_);
    cs->reading = false;
    return ++cs->requests >= keep_alive_max_count;
}

bool connection_deadlines::past(const connection_state* cs, std::chrono::seconds limit) {
    std::lock_guard<std::mutex> lock(mutex_);
    return cs != nullptr && std::chrono::steady_clock::now() - cs->request_start > limit;
}

void connection_deadlines::cut_late(std::chrono::seconds limit) {
    std::lock_guard<std::mutex> lock(mutex_);
    auto now = std::chrono::steady_clock::now();
    for (connection_state* cs : connections_) {
        if (cs->reading && !cs->cut && cs->fd >= 0 && now - cs->request_start > limit) {
            shutdown(cs->fd, SHUT_RDWR);
            cs->cut = true;
        }
    }
}

} // namespace servers::http
