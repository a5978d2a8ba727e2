#include "http_server.hpp"

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <condition_variable>
#include <cstring>
#include <deque>
#include <mutex>
#include <set>
#include <thread>
#include <vector>

#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <microhttpd.h>

#include "mixpay/ascii.hpp"
#include "mixpay/url.hpp"

namespace servers::http {

namespace {

using clock = std::chrono::steady_clock;

bool starts_with_nocase(const std::string& text, const char* prefix) {
    std::size_t n = std::strlen(prefix);
    if (text.size() < n) {
        return false;
    }
    for (std::size_t i = 0; i < n; ++i) {
        if (mixpay::to_lower_ascii(text[i]) != mixpay::to_lower_ascii(prefix[i])) {
            return false;
        }
    }
    return true;
}

void parse_query(std::string_view text, Params& params) {
    std::size_t start = 0;
    while (start <= text.size()) {
        std::size_t end = text.find('&', start);
        if (end == std::string_view::npos) {
            end = text.size();
        }
        std::string_view pair = text.substr(start, end - start);
        if (!pair.empty()) {
            std::size_t eq = pair.find('=');
            std::string name = mixpay::percent_decode(pair.substr(0, eq), true);
            std::string value = eq == std::string_view::npos
                                    ? ""
                                    : mixpay::percent_decode(pair.substr(eq + 1), true);
            params.emplace(std::move(name), std::move(value));
        }
        start = end + 1;
    }
}

std::string numeric_host(const sockaddr* address, socklen_t size, int& port) {
    char host[NI_MAXHOST];
    char service[NI_MAXSERV];
    if (getnameinfo(address, size, host, sizeof host, service, sizeof service,
                    NI_NUMERICHOST | NI_NUMERICSERV) != 0) {
        return "";
    }
    port = std::atoi(service);
    return host;
}

socklen_t address_size(const sockaddr* address) {
    return address->sa_family == AF_INET6 ? sizeof(sockaddr_in6) : sizeof(sockaddr_in);
}

// Lets the process hold as many connections as its hard limit allows.
void raise_open_file_limit() {
    rlimit limit{};
    if (getrlimit(RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur < limit.rlim_max) {
        limit.rlim_cur = limit.rlim_max;
        setrlimit(RLIMIT_NOFILE, &limit);
    }
}

// One open connection, as the deadline sweeper sees it.
struct connection_state {
    int fd = -1;
    // When the request now being read began: the connection's start, or the last answer.
    clock::time_point request_start = clock::now();
    // False from the moment a request is whole until its answer has gone out.
    bool reading = true;
    bool cut = false;
    unsigned requests = 0;
};

enum class phase { headers, body, refused, discarding, running, answered };

// How much of a refused body is read (and dropped) to answer it; a longer one is cut off.
constexpr std::size_t discard_bytes = 1024 * 1024;

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

// The bytes of a provided answer, pulled by MHD's thread.
struct stream_state {
    ContentProvider sized;
    ContentProviderWithoutLength chunked;
    ContentProviderResourceReleaser releaser;
    std::size_t length = 0;
    std::string pending;
    std::size_t written = 0;
    bool done = false;
};

ssize_t stream_read(void* cls, std::uint64_t, char* buffer, std::size_t max) {
    auto* s = static_cast<stream_state*>(cls);
    try {
        // A provider that writes nothing three times in a row is taken as failed.
        for (int tries = 0; s->pending.empty(); ++tries) {
            if (s->done || (!s->chunked && s->written >= s->length)) {
                return MHD_CONTENT_READER_END_OF_STREAM;
            }
            if (tries == 3) {
                return MHD_CONTENT_READER_END_WITH_ERROR;
            }
            DataSink sink;
            sink.write = [s](const char* data, std::size_t size) {
                if (!s->chunked) {
                    size = std::min(size, s->length - std::min(s->length, s->written));
                }
                s->pending.append(data, size);
                s->written += size;
                return true;
            };
            sink.done = [s] { s->done = true; };
            bool ok =
                s->chunked
                    ? s->chunked(s->written, sink)
                    : s->sized(s->written, std::min<std::size_t>(s->length - s->written, 64 * 1024),
                               sink);
            if (!ok) {
                return MHD_CONTENT_READER_END_WITH_ERROR;
            }
        }
    } catch (...) {
        return MHD_CONTENT_READER_END_WITH_ERROR;
    }
    std::size_t n = std::min(max, s->pending.size());
    std::memcpy(buffer, s->pending.data(), n);
    s->pending.erase(0, n);
    return static_cast<ssize_t>(n);
}

void stream_free(void* cls) {
    auto* s = static_cast<stream_state*>(cls);
    bool whole = s->pending.empty() && (s->chunked ? s->done : s->written >= s->length);
    if (s->releaser) {
        try {
            s->releaser(whole);
        } catch (...) {
        }
    }
    delete s;
}

MHD_Response* make_response(Response& res) {
    MHD_Response* r = nullptr;
    if (!res.file_path.empty()) {
        int fd = open(res.file_path.c_str(), O_RDONLY | O_CLOEXEC);
        struct stat info {};
        if (fd >= 0 && fstat(fd, &info) == 0 && S_ISREG(info.st_mode)) {
            r = MHD_create_response_from_fd64(static_cast<std::uint64_t>(info.st_size), fd);
        }
        if (r == nullptr) {
            if (fd >= 0) {
                close(fd);
            }
            res.status = 404;
            res.file_path.clear();
            res.set_content("404 Not Found\n", "text/plain; charset=utf-8");
        }
    }
    if (r == nullptr && (res.provider || res.chunked_provider)) {
        auto* s = new stream_state;
        s->sized = std::move(res.provider);
        s->chunked = std::move(res.chunked_provider);
        s->releaser = std::move(res.releaser);
        s->length = res.content_length;
        r = MHD_create_response_from_callback(s->chunked ? MHD_SIZE_UNKNOWN : s->length, 16 * 1024,
                                              stream_read, s, stream_free);
        if (r == nullptr) {
            stream_free(s);
        }
    }
    if (r == nullptr && res.file_path.empty()) {
        r = MHD_create_response_from_buffer(res.body.size(), const_cast<char*>(res.body.data()),
                                            MHD_RESPMEM_MUST_COPY);
    }
    if (r == nullptr) {
        return nullptr;
    }
    for (const auto& [name, value] : res.headers) {
        // The framing is MHD's to write.
        if (starts_with_nocase(name, "Content-Length") ||
            starts_with_nocase(name, "Transfer-Encoding") ||
            starts_with_nocase(name, "Connection")) {
            continue;
        }
        MHD_add_response_header(r, name.c_str(), value.c_str());
    }
    return r;
}

// Runs jobs on a few threads; refuses them once closed.
class worker_pool {
public:
    void start(std::size_t count) {
        for (std::size_t i = 0; i < count; ++i) {
            threads_.emplace_back([this] { loop(); });
        }
    }

    // Calls `before` and queues `job` atomically; false (nothing called) once closed.
    template <typename Before> bool submit(Before before, std::function<void()> job) {
        {
            std::lock_guard<std::mutex> lock(mutex_);
            if (closed_) {
                return false;
            }
            before();
            jobs_.push_back(std::move(job));
        }
        cv_.notify_one();
        return true;
    }

    // Runs what is queued, then ends the threads.
    void close_and_join() {
        {
            std::lock_guard<std::mutex> lock(mutex_);
            closed_ = true;
        }
        cv_.notify_all();
        for (auto& t : threads_) {
            t.join();
        }
        threads_.clear();
    }

private:
    void loop() {
        for (;;) {
            std::function<void()> job;
            {
                std::unique_lock<std::mutex> lock(mutex_);
                cv_.wait(lock, [this] { return closed_ || !jobs_.empty(); });
                if (jobs_.empty()) {
                    return;
                }
                job = std::move(jobs_.front());
                jobs_.pop_front();
            }
            job();
        }
    }

    std::mutex mutex_;
    std::condition_variable cv_;
    std::deque<std::function<void()>> jobs_;
    std::vector<std::thread> threads_;
    bool closed_ = false;
};

struct route {
    std::string method;
    std::regex pattern;
    Handler handler;
    HandlerWithContentReader reading_handler;
};

} // namespace

bool case_insensitive_less::operator()(const std::string& a, const std::string& b) const {
    return std::lexicographical_compare(a.begin(), a.end(), b.begin(), b.end(), [](char x, char y) {
        return mixpay::to_lower_ascii(x) < mixpay::to_lower_ascii(y);
    });
}

bool Request::has_header(const std::string& name) const {
    return headers.find(name) != headers.end();
}

std::string Request::get_header_value(const std::string& name, const char* fallback) const {
    auto it = headers.find(name);
    return it == headers.end() ? fallback : it->second;
}

std::size_t Request::get_header_value_count(const std::string& name) const {
    return headers.count(name);
}

bool Request::has_param(const std::string& name) const {
    return params.find(name) != params.end();
}

std::string Request::get_param_value(const std::string& name) const {
    auto it = params.find(name);
    return it == params.end() ? "" : it->second;
}

bool Request::is_multipart_form_data() const {
    return starts_with_nocase(get_header_value("Content-Type"), "multipart/form-data");
}

bool Response::has_header(const std::string& name) const {
    return headers.find(name) != headers.end();
}

std::string Response::get_header_value(const std::string& name) const {
    auto it = headers.find(name);
    return it == headers.end() ? "" : it->second;
}

void Response::set_header(const std::string& name, const std::string& value) {
    // A value with a line break would end the header early.
    if (value.find_first_of("\r\n") != std::string::npos ||
        name.find_first_of("\r\n:") != std::string::npos) {
        return;
    }
    headers.erase(name);
    headers.emplace(name, value);
}

void Response::set_content(const std::string& content, const std::string& content_type) {
    set_content(std::string(content), content_type);
}

void Response::set_content(std::string&& content, const std::string& content_type) {
    body = std::move(content);
    set_header("Content-Type", content_type);
}

void Response::set_content(const char* data, std::size_t size, const std::string& content_type) {
    set_content(std::string(data, size), content_type);
}

void Response::set_content_provider(std::size_t length, const std::string& content_type,
                                    ContentProvider p, ContentProviderResourceReleaser r) {
    content_length = length;
    provider = std::move(p);
    releaser = std::move(r);
    set_header("Content-Type", content_type);
}

void Response::set_chunked_content_provider(const std::string& content_type,
                                            ContentProviderWithoutLength p,
                                            ContentProviderResourceReleaser r) {
    chunked_provider = std::move(p);
    releaser = std::move(r);
    set_header("Content-Type", content_type);
}

void Response::set_file_content(const std::string& path, const std::string& content_type) {
    file_path = path;
    set_header("Content-Type", content_type);
}

void Response::set_redirect(const std::string& url, int code) {
    set_header("Location", url);
    status = code;
}

bool ContentReader::operator()(ContentReceiver receiver) const {
    return req_.body.empty() || receiver(req_.body.data(), req_.body.size());
}

bool ContentReader::operator()(MultipartContentHeader header, ContentReceiver receiver) const {
    for (const auto& [name, file] : req_.files) {
        if (!header(file) || !receiver(file.content.data(), file.content.size())) {
            return false;
        }
    }
    return true;
}

const char* reason_phrase(int status) {
    return status < 0 ? "Unknown" : MHD_get_reason_phrase_for(static_cast<unsigned>(status));
}

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

    // Every open connection, for the sweeper; guarded by connections_mutex. MHD tells of a
    // connection's end before it closes the socket, so a socket found here is still its own.
    std::mutex connections_mutex;
    std::set<connection_state*> connections;

    explicit impl(limits l) : lim(l) {}

    ~impl() {
        if (listen_fd >= 0) {
            close(listen_fd);
        }
    }

    void add_route(const char* method, const std::string& pattern, Handler h,
                   HandlerWithContentReader rh = nullptr) {
        routes.push_back(route{method, std::regex(pattern), std::move(h), std::move(rh)});
    }

    // --- MHD's callbacks, all on its one thread -------------------------------------------

    static void* on_uri(void*, const char* uri, MHD_Connection*) {
        auto* rs = new request_state;
        rs->req.target = uri != nullptr ? uri : "";
        return rs;
    }

    static void on_completed(void* cls, MHD_Connection* c, void** con_cls,
                             MHD_RequestTerminationCode) {
        auto* self = static_cast<impl*>(cls);
        delete static_cast<request_state*>(*con_cls);
        *con_cls = nullptr;
        if (auto* cs = self->state_of(c)) {
            std::lock_guard<std::mutex> lock(self->connections_mutex);
            cs->request_start = clock::now();
            cs->reading = true;
        }
    }

    static void on_connection(void* cls, MHD_Connection* c, void** socket_context,
                              MHD_ConnectionNotificationCode code) {
        auto* self = static_cast<impl*>(cls);
        std::lock_guard<std::mutex> lock(self->connections_mutex);
        if (code == MHD_CONNECTION_NOTIFY_STARTED) {
            auto* cs = new connection_state;
            const MHD_ConnectionInfo* info =
                MHD_get_connection_info(c, MHD_CONNECTION_INFO_CONNECTION_FD);
            cs->fd = info != nullptr ? info->connect_fd : -1;
            *socket_context = cs;
            self->connections.insert(cs);
        } else {
            auto* cs = static_cast<connection_state*>(*socket_context);
            self->connections.erase(cs);
            delete cs;
            *socket_context = nullptr;
        }
    }

    connection_state* state_of(MHD_Connection* c) {
        const MHD_ConnectionInfo* info =
            MHD_get_connection_info(c, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
        return info != nullptr ? static_cast<connection_state*>(info->socket_context) : nullptr;
    }

    bool past_deadline(connection_state* cs) {
        std::lock_guard<std::mutex> lock(connections_mutex);
        return cs != nullptr &&
               clock::now() - cs->request_start > std::chrono::seconds(lim.request_timeout_seconds);
    }

    static MHD_Result on_request(void* cls, MHD_Connection* c, const char* url, const char* method,
                                 const char* version, const char* upload, std::size_t* upload_size,
                                 void** con_cls) {
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

    MHD_Result step(MHD_Connection* c, request_state* rs, const char* method, const char* version,
                    const char* upload, std::size_t* upload_size) {
        connection_state* cs = state_of(c);
        switch (rs->at) {
        case phase::headers:
            return on_headers(c, cs, rs, method, version);
        case phase::body:
            if (*upload_size > 0) {
                std::size_t room = lim.max_body_bytes - rs->req.body.size();
                if (*upload_size > room && !rs->reads_itself) {
                    return refuse(c, rs, 413);
                }
                if (*upload_size > room) {
                    // A route that reads its body gets what fits and a 413 to answer.
                    rs->over_limit = true;
                    rs->discarded += *upload_size - room;
                }
                rs->req.body.append(upload, std::min(room, *upload_size));
                *upload_size = 0;
                return rs->discarded > discard_bytes || past_deadline(cs) ? MHD_NO : MHD_YES;
            }
            return on_complete(c, cs, rs);
        case phase::refused:
            *upload_size = 0;
            return MHD_YES;
        case phase::discarding:
            if (*upload_size > 0) {
                rs->discarded += *upload_size;
                *upload_size = 0;
                bool too_long = rs->discarded > discard_bytes;
                return too_long || past_deadline(cs) ? MHD_NO : MHD_YES;
            }
            rs->at = phase::refused;
            return queue_answer(c, rs);
        case phase::running:
            return MHD_YES;
        case phase::answered:
            return queue_answer(c, rs);
        }
        return MHD_NO;
    }

    MHD_Result on_headers(MHD_Connection* c, connection_state* cs, request_state* rs,
                          const char* method, const char* version) {
        Request& req = rs->req;
        req.method = method != nullptr ? method : "";
        req.version = version != nullptr ? version : "";
        std::size_t mark = req.target.find('?');
        req.path = mixpay::percent_decode(std::string_view(req.target).substr(0, mark), false);
        std::size_t header_bytes = req.method.size() + req.target.size() + req.version.size();
        MHD_get_connection_values(
            c, MHD_HEADER_KIND,
            [](void* cls, MHD_ValueKind, const char* key, const char* value) -> MHD_Result {
                auto* r = static_cast<Request*>(cls);
                r->headers.emplace(key != nullptr ? key : "", value != nullptr ? value : "");
                return MHD_YES;
            },
            &req);
        for (const auto& [name, value] : req.headers) {
            header_bytes += name.size() + value.size() + 4;
        }
        const MHD_ConnectionInfo* peer =
            MHD_get_connection_info(c, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
        if (peer != nullptr && peer->client_addr != nullptr) {
            req.remote_addr =
                numeric_host(peer->client_addr, address_size(peer->client_addr), req.remote_port);
        }
        if (cs != nullptr && cs->fd >= 0) {
            sockaddr_storage local{};
            socklen_t size = sizeof local;
            if (getsockname(cs->fd, reinterpret_cast<sockaddr*>(&local), &size) == 0) {
                req.local_addr =
                    numeric_host(reinterpret_cast<sockaddr*>(&local), size, req.local_port);
            }
        }
        rs->at = phase::body;
        if (past_deadline(cs)) {
            return MHD_NO;
        }
        if (req.target.size() > lim.max_target_bytes) {
            return refuse(c, rs, 414);
        }
        if (header_bytes > lim.max_header_bytes) {
            return refuse(c, rs, 431);
        }
        const route* found = find_route(req);
        rs->reads_itself = found != nullptr && found->reading_handler;
        std::size_t most = lim.max_body_bytes + (rs->reads_itself ? discard_bytes : 0);
        std::string length = req.get_header_value("Content-Length");
        if (!length.empty()) {
            bool digits = length.find_first_not_of("0123456789") == std::string::npos;
            if (!digits || length.size() > 18 ||
                std::stoull(length) > static_cast<unsigned long long>(most)) {
                return refuse(c, rs, digits ? 413 : 400);
            }
        }
        return MHD_YES;
    }

    MHD_Result on_complete(MHD_Connection* c, connection_state* cs, request_state* rs) {
        Request& req = rs->req;
        if (past_deadline(cs)) {
            return MHD_NO;
        }
        bool close_after = false;
        if (cs != nullptr) {
            std::lock_guard<std::mutex> lock(connections_mutex);
            cs->reading = false;
            close_after = ++cs->requests >= lim.keep_alive_max_count;
        }
        std::size_t mark = req.target.find('?');
        if (mark != std::string::npos) {
            parse_query(std::string_view(req.target).substr(mark + 1), req.params);
        }
        if (starts_with_nocase(req.get_header_value("Content-Type"),
                               "application/x-www-form-urlencoded")) {
            parse_query(req.body, req.params);
        }
        if (req.is_multipart_form_data() && !read_multipart(c, req)) {
            return refuse(c, rs, 400);
        }
        rs->close_after = close_after;
        rs->at = phase::running;
        bool queued = workers.submit([c] { MHD_suspend_connection(c); },
                                     [this, c, rs] {
                                         run_handler(rs);
                                         rs->at = phase::answered;
                                         MHD_resume_connection(c);
                                     });
        if (!queued) {
            return refuse(c, rs, 503);
        }
        return MHD_YES;
    }

    // The parts of a multipart/form-data body, by MHD's own parser.
    static bool read_multipart(MHD_Connection* c, Request& req) {
        struct reading {
            Request* req;
            MultipartFormDataMap::iterator current;
        } state{&req, req.files.end()};
        MHD_PostProcessor* pp = MHD_create_post_processor(
            c, 16 * 1024,
            [](void* cls, MHD_ValueKind, const char* key, const char* filename,
               const char* content_type, const char*, const char* data, std::uint64_t off,
               std::size_t size) -> MHD_Result {
                auto* s = static_cast<reading*>(cls);
                std::string name = key != nullptr ? key : "";
                if (off == 0 || s->current == s->req->files.end() || s->current->first != name) {
                    MultipartFormData part;
                    part.name = name;
                    part.filename = filename != nullptr ? filename : "";
                    part.content_type = content_type != nullptr ? content_type : "";
                    s->current = s->req->files.emplace(name, std::move(part));
                }
                s->current->second.content.append(data != nullptr ? data : "", size);
                return MHD_YES;
            },
            &state);
        if (pp == nullptr) {
            return false;
        }
        bool ok =
            req.body.empty() || MHD_post_process(pp, req.body.data(), req.body.size()) == MHD_YES;
        ok = MHD_destroy_post_processor(pp) == MHD_YES && ok;
        return ok;
    }

    // An answer of the server's own (the request is refused before a handler sees it); the
    // connection is closed after it.
    MHD_Result refuse(MHD_Connection* c, request_state* rs, int status) {
        rs->res = Response();
        rs->res.status = status;
        finish_answer(rs->req, rs->res, true);
        rs->close_after = true;
        if (queue_answer(c, rs) == MHD_YES) {
            rs->at = phase::refused;
            return MHD_YES;
        }
        // While a body is still coming MHD takes no answer: the rest of the body is read and
        // dropped, and the answer goes out at its end (or the connection is closed when the
        // body goes on for too long).
        rs->at = phase::discarding;
        return MHD_YES;
    }

    MHD_Result queue_answer(MHD_Connection* c, request_state* rs) {
        MHD_Response* r = make_response(rs->res);
        if (r == nullptr) {
            return MHD_NO;
        }
        if (rs->close_after) {
            MHD_add_response_header(r, MHD_HTTP_HEADER_CONNECTION, "close");
        }
        MHD_Result queued = MHD_queue_response(c, static_cast<unsigned>(rs->res.status), r);
        MHD_destroy_response(r);
        return queued;
    }

    // --- On a worker ------------------------------------------------------------------------

    // The first route for the request's method (GET for HEAD) whose pattern matches the
    // whole path; its captures are left in req.matches.
    const route* find_route(Request& req) const {
        const std::string method = req.method == "HEAD" ? std::string("GET") : req.method;
        for (const auto& r : routes) {
            if (r.method == method && std::regex_match(req.path, req.matches, r.pattern)) {
                return &r;
            }
        }
        return nullptr;
    }

    void run_handler(request_state* rs) {
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

    // The error handler (for 400 and more) and the logger.
    void finish_answer(const Request& req, Response& res, bool own) {
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

    bool is_stopping() {
        std::lock_guard<std::mutex> lock(state_mutex);
        return stop_requested;
    }

    // --- The deadline sweeper ---------------------------------------------------------------

    // Closes every connection whose request has not arrived whole in time; MHD notices the
    // shut socket and ends the connection on its own thread.
    void sweep() {
        auto limit = std::chrono::seconds(lim.request_timeout_seconds);
        std::lock_guard<std::mutex> lock(connections_mutex);
        auto now = clock::now();
        for (connection_state* cs : connections) {
            if (cs->reading && !cs->cut && cs->fd >= 0 && now - cs->request_start > limit) {
                shutdown(cs->fd, SHUT_RDWR);
                cs->cut = true;
            }
        }
    }

    bool serve() {
        unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_ALLOW_SUSPEND_RESUME;
        std::vector<MHD_OptionItem> options = {
            {MHD_OPTION_LISTEN_SOCKET, listen_fd, nullptr},
            {MHD_OPTION_CONNECTION_MEMORY_LIMIT, static_cast<intptr_t>(lim.connection_memory_bytes),
             nullptr},
            {MHD_OPTION_CONNECTION_LIMIT, static_cast<intptr_t>(lim.max_connections), nullptr},
            {MHD_OPTION_CONNECTION_TIMEOUT, static_cast<intptr_t>(lim.idle_timeout_seconds),
             nullptr},
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
                sweep();
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
};

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
    addrinfo hints{};
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV;
    addrinfo* found = nullptr;
    std::string service = std::to_string(port);
    if (getaddrinfo(host.c_str(), service.c_str(), &hints, &found) != 0 || found == nullptr) {
        errno = EADDRNOTAVAIL;
        return false;
    }
    int fd = socket(found->ai_family, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
    int yes = 1;
    bool ok = fd >= 0 && setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes) == 0 &&
              ::bind(fd, found->ai_addr, found->ai_addrlen) == 0 && ::listen(fd, 1024) == 0;
    int code = errno;
    freeaddrinfo(found);
    if (!ok) {
        if (fd >= 0) {
            close(fd);
        }
        errno = code;
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
    sockaddr_storage address{};
    socklen_t size = sizeof address;
    if (getsockname(impl_->listen_fd, reinterpret_cast<sockaddr*>(&address), &size) != 0) {
        return -1;
    }
    int port = -1;
    numeric_host(reinterpret_cast<sockaddr*>(&address), size, port);
    return port;
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
