// How the server holds requests and connections to its limits (http_server.hpp's `limits`)
// before anything is buffered: the head of a request (target, headers, announced body) and
// the time a request may take to arrive whole, kept per open connection.
#pragma once

#include <chrono>
#include <cstddef>
#include <mutex>
#include <set>

#include "http_server.hpp"

namespace servers::http {

// How much of a refused body is read (and dropped) to answer it; a longer one is cut off.
constexpr std::size_t discard_bytes = 1024 * 1024;

// The status that refuses a request by its request line and headers: 414 for a target
// over max_target_bytes, 431 for more than max_header_bytes (counted as the handler would
// see them); 0 when it may go on.
int refusal_of_head(const Request& req, const limits& lim);

// The status that refuses a request whose Content-Length announces more than `most` bytes
// (413) or is not a number (400); 0 when it may go on, also without a Content-Length.
int refusal_of_length(const Request& req, std::size_t most);

// One open connection, as the deadline sweeper sees it.
struct connection_state {
    int fd = -1;
    // When the request now being read began: the connection's start, or the last answer.
    std::chrono::steady_clock::time_point request_start = std::chrono::steady_clock::now();
    // False from the moment a request is whole until its answer has gone out.
    bool reading = true;
    bool cut = false;
    unsigned requests = 0;
};

// Every open connection and when its request began. MHD tells of a connection's end before
// it closes the socket, so a socket found here is still its own. Thread-safe.
class connection_deadlines {
public:
    // A connection on socket `fd` has opened; its first request's time starts now.
    connection_state* opened(int fd);
    void closed(connection_state* cs);
    // The answer has gone out: the next request's time starts now.
    void answered(connection_state* cs);
    // The request has arrived whole; its time stops. True when it is the last one the
    // connection may carry (`keep_alive_max_count`).
    bool arrived(connection_state* cs, unsigned keep_alive_max_count);
    // Whether the request being read on `cs` (nullptr: none known) began more than `limit` ago.
    bool past(const connection_state* cs, std::chrono::seconds limit);
    // Shuts the socket of every connection whose request has not arrived whole within
    // `limit`; MHD notices the shut socket and ends the connection on its own thread.
    void cut_late(std::chrono::seconds limit);

private:
    std::mutex mutex_;
    std::set<connection_state*> connections_;
};

} // namespace servers::http
