// The HTTP side of the sandbox: routes, CORS, rate limit, faults and static files.
#pragma once

#include <memory>
#include <string>

#include "options.hpp"

namespace sandbox {

class server {
public:
    explicit server(options opts);
    ~server();
    server(const server&) = delete;
    server& operator=(const server&) = delete;

    // Binds the listening socket; returns the port, or -1 with `error` set.
    int bind(std::string& error);
    // The X-Sandbox-Token of the control API.
    const std::string& control_token() const;
    // Serves until stop(); false when the server could not run.
    bool run();
    // Thread-safe; ends run() and interrupts hanging answers.
    void stop();

private:
    struct impl;
    std::unique_ptr<impl> impl_;
};

} // namespace sandbox
