// A handler's Response as libmicrohttpd's answer: from a file, from a content provider
// (pulled piece by piece, never held whole) or from the body.
#include "mhd_response.hpp"

#include <algorithm>
#include <cstring>
#include <string>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "header_text.hpp"

namespace servers::http {

namespace {

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

} // namespace

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

} // namespace servers::http
