// One request on MHD's thread, phase by phase: its head checked against the limits, its
// body counted as it comes (or read and dropped once refused), the whole request handed to
// a worker while the connection is suspended, and the answer queued.
#include <algorithm>
#include <cstdint>
#include <string>
#include <string_view>

#include "header_text.hpp"
#include "mhd_response.hpp"
#include "mixpay/url.hpp"
#include "server_impl.hpp"
#include "sockets.hpp"

namespace servers::http {

namespace {

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

} // namespace

MHD_Result Server::impl::step(MHD_Connection* c, request_state* rs, const char* method,
                              const char* version, const char* upload, std::size_t* upload_size) {
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

MHD_Result Server::impl::on_headers(MHD_Connection* c, connection_state* cs, request_state* rs,
                                    const char* method, const char* version) {
    Request& req = rs->req;
    req.method = method != nullptr ? method : "";
    req.version = version != nullptr ? version : "";
    std::size_t mark = req.target.find('?');
    req.path = mixpay::percent_decode(std::string_view(req.target).substr(0, mark), false);
    MHD_get_connection_values(
        c, MHD_HEADER_KIND,
        [](void* cls, MHD_ValueKind, const char* key, const char* value) -> MHD_Result {
            auto* r = static_cast<Request*>(cls);
            r->headers.emplace(key != nullptr ? key : "", value != nullptr ? value : "");
            return MHD_YES;
        },
        &req);
    const MHD_ConnectionInfo* peer = MHD_get_connection_info(c, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
    if (peer != nullptr && peer->client_addr != nullptr) {
        req.remote_addr =
            numeric_host(peer->client_addr, address_size(peer->client_addr), req.remote_port);
    }
    if (cs != nullptr && cs->fd >= 0) {
        req.local_addr = local_host(cs->fd, req.local_port);
    }
    rs->at = phase::body;
    if (past_deadline(cs)) {
        return MHD_NO;
    }
    if (int status = refusal_of_head(req, lim)) {
        return refuse(c, rs, status);
    }
    const route* found = find_route(req);
    rs->reads_itself = found != nullptr && found->reading_handler;
    std::size_t most = lim.max_body_bytes + (rs->reads_itself ? discard_bytes : 0);
    if (int status = refusal_of_length(req, most)) {
        return refuse(c, rs, status);
    }
    return MHD_YES;
}

MHD_Result Server::impl::on_complete(MHD_Connection* c, connection_state* cs, request_state* rs) {
    Request& req = rs->req;
    if (past_deadline(cs)) {
        return MHD_NO;
    }
    bool close_after = false;
    if (cs != nullptr) {
        close_after = connections.arrived(cs, lim.keep_alive_max_count);
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

bool Server::impl::read_multipart(MHD_Connection* c, Request& req) {
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
    bool ok = req.body.empty() || MHD_post_process(pp, req.body.data(), req.body.size()) == MHD_YES;
    ok = MHD_destroy_post_processor(pp) == MHD_YES && ok;
    return ok;
}

MHD_Result Server::impl::refuse(MHD_Connection* c, request_state* rs, int status) {
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

MHD_Result Server::impl::queue_answer(MHD_Connection* c, request_state* rs) {
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

} // namespace servers::http
