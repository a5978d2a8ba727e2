// The server's sockets: the listening one, and the numeric addresses of both ends of a
// connection.
#pragma once

#include <string>

#include <sys/socket.h>

namespace servers::http {

// The numeric host of `address` ("127.0.0.1", "::1"), its port in `port`; "" (and `port`
// unchanged) when it cannot be named.
std::string numeric_host(const sockaddr* address, socklen_t size, int& port);

// The numeric host of the local end of the connected socket `fd`, its port in `port`; ""
// when it cannot be read.
std::string local_host(int fd, int& port);

// The size of an IPv4 or IPv6 address.
socklen_t address_size(const sockaddr* address);

// Lets the process hold as many connections as its hard limit allows.
void raise_open_file_limit();

// A non-blocking socket bound to host:port (SO_REUSEADDR only) and listening; -1 with
// errno set when there is none.
int listening_socket(const std::string& host, int port);

// The port a bound socket has; -1 when it cannot be read.
int bound_port(int fd);

} // namespace servers::http
