// Who may use the control API (/__sandbox) and the payment page's Pay and Fail: a request
// that names the sandbox in its Host header and either carries the control token or does
// not come from another site's page.
#pragma once

#include <string>
#include <vector>

#include "common/http_server.hpp"

namespace sandbox {

struct control_access {
    // The token of X-Sandbox-Token.
    std::string token;
    // The Host values that name the sandbox ("127.0.0.1:8080", "localhost:8080", ...),
    // lower case.
    std::vector<std::string> hosts;
};

// The Host values of a sandbox listening on `host`:`port`: the loopback names and, unless
// it listens on every address, `host` itself.
std::vector<std::string> own_hosts(const std::string& host, int port);

// Empty when the request may act; else why it may not.
std::string control_refusal(const servers::http::Request& req, const control_access& access);

// 32 random hex digits.
std::string random_token();

// 16 to 128 characters of letters, digits, '-', '_', '.' and '~'.
bool valid_token(const std::string& token);

} // namespace sandbox
