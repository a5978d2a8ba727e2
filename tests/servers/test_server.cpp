// A small server on servers/common for the attack tests: a page, an echo of the body's size
// and static files. Usage: servers-test-server ROOT (listens on a free port of
// 127.0.0.1 and prints "listening on http://127.0.0.1:PORT").
#include <iostream>
#include <string>

#include "common/http_server.hpp"
#include "common/shutdown.hpp"
#include "common/static_files.hpp"

int main(int argc, char** argv) {
    if (argc != 2) {
        std::cerr << "usage: servers-test-server ROOT\n";
        return 1;
    }
    const std::string root = argv[1];
    servers::stop_on_signal signals;
    servers::http::Server http;
    http.Get("/hello", [](const servers::http::Request&, servers::http::Response& res) {
        res.set_content("hello\n", "text/plain; charset=utf-8");
    });
    http.Post("/echo", [](const servers::http::Request& req, servers::http::Response& res) {
        res.set_content("{\"bytes\":" + std::to_string(req.body.size()) + "}", "application/json");
    });
    http.Get("/files/(.*)",
             [&root](const servers::http::Request& req, servers::http::Response& res) {
                 if (!servers::set_static_file(res, root, req.matches[1].str())) {
                     res.status = 404;
                 }
             });
    int port = http.bind_to_any_port("127.0.0.1");
    if (port < 0) {
        std::cerr << "servers-test-server: cannot listen\n";
        return 2;
    }
    std::cout << "listening on http://127.0.0.1:" << port << std::endl;
    signals.start([&http] { http.stop(); });
    bool ok = http.listen_after_bind();
    signals.finished();
    return ok ? 0 : 1;
}
