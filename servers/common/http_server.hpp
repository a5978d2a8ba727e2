// The HTTP/1.1 server both servers run on: libmicrohttpd underneath (one epoll thread reads
// every connection), a small pool of workers runs the handlers. Every request is bounded
// before it is buffered: header bytes, body bytes (Content-Length, chunked or neither) and
// the time to receive it whole. A connection that is slow or idle costs no worker.
//
// The types keep the names and members of the part of cpp-httplib's server the handlers
// were written against (Request, Response, DataSink, ContentReader, Get/Post/...), so a
// handler compiles unchanged on either. What differs: no Range (a Range header is ignored
// and the whole answer sent), no compression, and the limits below.
#pragma once

#include <cstddef>
#include <exception>
#include <functional>
#include <map>
#include <memory>
#include <regex>
#include <string>

namespace servers::http {

// The limits every request and connection is held to.
struct limits {
    // The request line and the headers (and MHD's buffers for them) of one connection.
    std::size_t connection_memory_bytes = 48 * 1024;
    // The request line and headers as the handler would see them; more gets 431.
    std::size_t max_header_bytes = 16 * 1024;
    // The request target (path and query); more gets 414.
    std::size_t max_target_bytes = 8 * 1024;
    // The body, however it is framed; more gets 413 and the connection is closed.
    std::size_t max_body_bytes = 64 * 1024;
    // A request's headers and body must have arrived within this many seconds of the
    // connection opening or of the previous answer on it; else the connection is closed.
    int request_timeout_seconds = 10;
    // A connection that sends or takes nothing for this long is closed (keep-alive too).
    int idle_timeout_seconds = 5;
    // Open connections at most; more are refused at accept.
    unsigned max_connections = 2000;
    // Requests on one connection at most; the last answer says "Connection: close".
    unsigned keep_alive_max_count = 100;
    // Threads that run handlers.
    std::size_t workers = 8;
};

// Header names compare without regard to case.
struct case_insensitive_less {
    bool operator()(const std::string& a, const std::string& b) const;
};
using Headers = std::multimap<std::string, std::string, case_insensitive_less>;
using Params = std::multimap<std::string, std::string>;

struct MultipartFormData {
    std::string name;
    std::string content;
    std::string filename;
    std::string content_type;
};
using MultipartFormDataMap = std::multimap<std::string, MultipartFormData>;

struct Request {
    std::string method;
    // The percent-decoded path, without the query.
    std::string path;
    // The request target as it was sent (path and query, still encoded).
    std::string target;
    std::string version;
    Headers headers;
    std::string body;
    // The query's parameters, and a form-encoded body's.
    Params params;
    // The parts of a multipart/form-data body.
    MultipartFormDataMap files;
    std::string remote_addr;
    int remote_port = -1;
    std::string local_addr;
    int local_port = -1;
    // The captures of the route's pattern, matched against `path`.
    std::smatch matches;

    bool has_header(const std::string& name) const;
    std::string get_header_value(const std::string& name, const char* fallback = "") const;
    std::size_t get_header_value_count(const std::string& name) const;
    bool has_param(const std::string& name) const;
    std::string get_param_value(const std::string& name) const;
    bool is_multipart_form_data() const;
};

// Where a content provider writes the answer's bytes.
class DataSink {
public:
    std::function<bool(const char* data, std::size_t size)> write;
    // The answer is complete (providers without a length).
    std::function<void()> done;
};

// Writes up to `length` bytes from `offset`; false ends the answer as failed.
using ContentProvider = std::function<bool(std::size_t offset, std::size_t length, DataSink&)>;
// Writes the next bytes (or calls done()); false ends the answer as failed, without its end.
using ContentProviderWithoutLength = std::function<bool(std::size_t offset, DataSink&)>;
// Called once the answer is over; true when it went out whole.
using ContentProviderResourceReleaser = std::function<void(bool success)>;

struct Response {
    int status = -1;
    Headers headers;
    std::string body;

    bool has_header(const std::string& name) const;
    std::string get_header_value(const std::string& name) const;
    // Replaces any value the header had.
    void set_header(const std::string& name, const std::string& value);
    void set_content(const std::string& content, const std::string& content_type);
    void set_content(std::string&& content, const std::string& content_type);
    void set_content(const char* data, std::size_t size, const std::string& content_type);
    // An answer of `length` bytes made piece by piece, never held whole.
    void set_content_provider(std::size_t length, const std::string& content_type,
                              ContentProvider provider,
                              ContentProviderResourceReleaser releaser = nullptr);
    // An answer of unknown length, sent chunked.
    void set_chunked_content_provider(const std::string& content_type,
                                      ContentProviderWithoutLength provider,
                                      ContentProviderResourceReleaser releaser = nullptr);
    // The file at `path` (already resolved and checked), sent from the file, not from memory.
    void set_file_content(const std::string& path, const std::string& content_type);
    void set_redirect(const std::string& url, int status = 302);

    // What set_content_provider, set_chunked_content_provider and set_file_content chose.
    std::size_t content_length = 0;
    ContentProvider provider;
    ContentProviderWithoutLength chunked_provider;
    ContentProviderResourceReleaser releaser;
    std::string file_path;
};

using ContentReceiver = std::function<bool(const char* data, std::size_t size)>;
using MultipartContentHeader = std::function<bool(const MultipartFormData& file)>;

// The request body handed to a handler that reads it itself. The body is already bounded
// and received; reading replays it. Such a handler is also called for a body over the limit
// (up to 1 MiB more, read and dropped, so the connection stays usable): it then reads the
// first max_body_bytes and finds the Response's status already 413.
class ContentReader {
public:
    explicit ContentReader(const Request& req) : req_(req) {}
    bool operator()(ContentReceiver receiver) const;
    // Each part of a multipart body: its header, then its content.
    bool operator()(MultipartContentHeader header, ContentReceiver receiver) const;

private:
    const Request& req_;
};

using Handler = std::function<void(const Request&, Response&)>;
using HandlerWithContentReader =
    std::function<void(const Request&, Response&, const ContentReader&)>;
using ExceptionHandler = std::function<void(const Request&, Response&, std::exception_ptr)>;
using Logger = std::function<void(const Request&, const Response&)>;

class Server {
public:
    Server();
    explicit Server(limits l);
    ~Server();
    Server(const Server&) = delete;
    Server& operator=(const Server&) = delete;

    // Routes, tried in the order given; the pattern must match the whole decoded path.
    // HEAD requests take the GET routes.
    Server& Get(const std::string& pattern, Handler handler);
    Server& Post(const std::string& pattern, Handler handler);
    Server& Post(const std::string& pattern, HandlerWithContentReader handler);
    Server& Put(const std::string& pattern, Handler handler);
    Server& Delete(const std::string& pattern, Handler handler);
    Server& Options(const std::string& pattern, Handler handler);

    // Called for every answer with a status of 400 or more (also the server's own: 404 of
    // no route, 413, 414, 431...) before it is sent.
    Server& set_error_handler(Handler handler);
    Server& set_exception_handler(ExceptionHandler handler);
    Server& set_logger(Logger logger);
    // Serves https with this PEM certificate (chain) and key; before binding. False when
    // the library cannot do TLS.
    bool set_tls(const std::string& cert_pem, const std::string& key_pem);

    // The limits; set them before listen_after_bind().
    Server& set_limits(const limits& l);
    const limits& settings() const;

    // Binds and listens on host:port (SO_REUSEADDR only); false with errno set.
    bool bind_to_port(const std::string& host, int port);
    // Binds a free port of `host`; the port, or -1 with errno set.
    int bind_to_any_port(const std::string& host);
    // Serves until stop(); false when it could not start. Answers that are being made when
    // stop() is called are finished first.
    bool listen_after_bind();
    // Thread-safe, also before listen_after_bind() (which then returns at once).
    void stop();
    bool is_running() const;

private:
    struct impl;
    std::unique_ptr<impl> impl_;
};

// The reason phrase of an HTTP status ("Not Found"); "Unknown" for codes without one.
const char* reason_phrase(int status);

} // namespace servers::http
