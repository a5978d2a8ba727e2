// What the server's files share: its routes, the state of one request, and Server::impl,
// whose members are defined by job in connection_loop.cpp (the daemon and its connection
// callbacks), request_phases.cpp (one request from its head to its answer) and
// http_server.cpp (the Server's calls and the run of a handler on a worker).
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstddef>
#include <mutex>
#include <regex>
#include <string>
#include <vector>

#include <microhttpd.h>

#include "http_server.hpp"
#include "limits.hpp"
#include "worker_pool.hpp"

namespace servers::http {

struct route {
    std::string method;
    std::regex pattern;
    Handler handler;
    HandlerWithContentReader reading_handler;
};

enum class phase { headers, body, refused, discarding, running, answered };

// One request, from its request line to the end of its answer.
struct request_state {
    phase at = phase::headers;
    Request req;
    Response res;
    bool close_after = false;
    std::size_t discarded = 0;
    // The route reads the body itself (a ContentReader): it is called even when the body
    // is too long, with the first max_body_bytes and a status of 413 already set, and the
    // rest of the body (up to discard_bytes) is dropped so the connection stays usable.
    bool reads_itself = false;
    bool over_limit = false;
};

struct Server::impl {
    limits lim;
    std::vector<route> routes;
    Handler error_handler;
    ExceptionHandler exception_handler;
    Logger logger;
    std::string tls_cert;
    std::string tls_key;

    int listen_fd = -1;
    MHD_Daemon* daemon = nullptr;
    worker_pool workers;

    std::mutex state_mutex;
    std::condition_variable state_cv;
    bool stop_requested = false;
    std::atomic<bool> running{false};

    // Every open connection, for the sweeper.
    connection_deadlines connections;

    explicit impl(limits l);
    ~impl();

    void add_route(const char* method, const std::string& pattern, Handler h,
                   HandlerWithContentReader rh = nullptr);

    // --- The daemon (connection_loop.cpp) -----------------------------------------------

    // Runs MHD on the listening socket until stop(), closing late requests every 250 ms.
    bool serve();
    bool is_stopping();

    // MHD's callbacks, all on its one thread.
    static void* on_uri(void*, const char* uri, MHD_Connection*);
    static void on_completed(void* cls, MHD_Connection* c, void** con_cls,
                             MHD_RequestTerminationCode);
    static void on_connection(void* cls, MHD_Connection* c, void** socket_context,
                              MHD_ConnectionNotificationCode code);
    static MHD_Result on_request(void* cls, MHD_Connection* c, const char* url, const char* method,
                                 const char* version, const char* upload, std::size_t* upload_size,
                                 void** con_cls);
    connection_state* state_of(MHD_Connection* c);
    bool past_deadline(connection_state* cs);

    // --- One request, on MHD's thread (request_phases.cpp) ------------------------------

    MHD_Result step(MHD_Connection* c, request_state* rs, const char* method, const char* version,
                    const char* upload, std::size_t* upload_size);
    MHD_Result on_headers(MHD_Connection* c, connection_state* cs, request_state* rs,
                          const char* method, const char* version);
    MHD_Result on_complete(MHD_Connection* c, connection_state* cs, request_state* rs);
    // The parts of a multipart/form-data body, by MHD's own parser.
    static bool read_multipart(MHD_Connection* c, Request& req);
    // An answer of the server's own (the request is refused before a handler sees it); the
    // connection is closed after it.
    MHD_Result refuse(MHD_Connection* c, request_state* rs, int status);
    MHD_Result queue_answer(MHD_Connection* c, request_state* rs);

    // --- On a worker (http_server.cpp) --------------------------------------------------

    // The first route for the request's method (GET for HEAD) whose pattern matches the
    // whole path; its captures are left in req.matches.
    const route* find_route(Request& req) const;
    void run_handler(request_state* rs);
    // The error handler (for 400 and more) and the logger.
    void finish_answer(const Request& req, Response& res, bool own);
};

} // namespace servers::http
