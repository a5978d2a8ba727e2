#include "callbacks/callback_post.hpp"

#include <cstdlib>
#include <exception>
#include <memory>

#include <curl/curl.h>

namespace sandbox {

namespace {

bool curl_ready() {
    static const bool ready = curl_global_init(CURL_GLOBAL_DEFAULT) == CURLE_OK;
    return ready;
}

struct easy_deleter {
    void operator()(CURL* easy) const { curl_easy_cleanup(easy); }
};
struct list_deleter {
    void operator()(curl_slist* list) const { curl_slist_free_all(list); }
};

struct exchange {
    const callback_limits* limits = nullptr;
    const std::atomic<bool>* cancel = nullptr;
    std::string body;
    std::size_t header_bytes = 0;
    std::size_t header_lines = 0;
    bool headers_too_large = false;
    bool too_long = false;
};

// Every header line of every answer, status lines and interim answers included.
std::size_t on_header(char*, std::size_t size, std::size_t count, void* user) {
    auto& state = *static_cast<exchange*>(user);
    const std::size_t length = size * count;
    state.header_bytes += length;
    state.header_lines += 1;
    if (state.header_bytes > state.limits->max_header_bytes ||
        state.header_lines > state.limits->max_header_lines) {
        state.headers_too_large = true;
        return 0; // not the length given: libcurl ends the exchange
    }
    return length;
}

std::size_t on_body(char* data, std::size_t size, std::size_t count, void* user) {
    auto& state = *static_cast<exchange*>(user);
    const std::size_t length = size * count;
    if (length > state.limits->max_answer_bytes - state.body.size()) {
        state.too_long = true;
        return 0;
    }
    state.body.append(data, length);
    return length;
}

// Called about once a second at least, and as bytes move: a nonzero return ends the try.
int on_progress(void* user, curl_off_t, curl_off_t, curl_off_t, curl_off_t) {
    return static_cast<exchange*>(user)->cancel->load() ? 1 : 0;
}

template <typename Value> bool set(CURL* easy, CURLoption option, Value value) {
    return curl_easy_setopt(easy, option, value) == CURLE_OK;
}

callback_answer no_answer(std::string error) {
    callback_answer answer;
    answer.error = std::move(error);
    return answer;
}

} // namespace

callback_answer post_callback(const std::string& url, const std::string& body,
                              const callback_limits& limits, const std::atomic<bool>& cancel) {
    try {
        if (!curl_ready()) {
            return no_answer("libcurl could not be initialised");
        }
        std::unique_ptr<CURL, easy_deleter> easy(curl_easy_init());
        if (!easy) {
            return no_answer("libcurl could not be initialised");
        }
        CURL* const handle = easy.get();
        exchange state;
        state.limits = &limits;
        state.cancel = &cancel;
        char error_text[CURL_ERROR_SIZE] = {};
        std::unique_ptr<curl_slist, list_deleter> headers(
            curl_slist_append(nullptr, "Content-Type: application/json"));
        // No "Expect: 100-continue" round trip before the body.
        if (!headers || curl_slist_append(headers.get(), "Expect:") == nullptr) {
            return no_answer("libcurl could not be initialised");
        }
        bool ok =
            set(handle, CURLOPT_URL, url.c_str()) &&
#if LIBCURL_VERSION_NUM >= 0x075500
            set(handle, CURLOPT_PROTOCOLS_STR, "http,https") &&
#else
            set(handle, CURLOPT_PROTOCOLS, static_cast<long>(CURLPROTO_HTTP | CURLPROTO_HTTPS)) &&
#endif
            // MixPay sends the callback where the payment says, never where an answer says.
            set(handle, CURLOPT_FOLLOWLOCATION, 0L) && set(handle, CURLOPT_MAXREDIRS, 0L) &&
            set(handle, CURLOPT_PROXY, "") &&
            set(handle, CURLOPT_HTTP_VERSION, static_cast<long>(CURL_HTTP_VERSION_1_1)) &&
            set(handle, CURLOPT_FORBID_REUSE, 1L) && set(handle, CURLOPT_NOSIGNAL, 1L) &&
            set(handle, CURLOPT_CONNECTTIMEOUT, static_cast<long>(limits.connect_seconds)) &&
            set(handle, CURLOPT_TIMEOUT, static_cast<long>(limits.whole_seconds)) &&
            set(handle, CURLOPT_SSL_VERIFYPEER, 1L) && set(handle, CURLOPT_SSL_VERIFYHOST, 2L) &&
            set(handle, CURLOPT_MAXFILESIZE_LARGE,
                static_cast<curl_off_t>(limits.max_answer_bytes)) &&
            set(handle, CURLOPT_HEADERFUNCTION, on_header) &&
            set(handle, CURLOPT_HEADERDATA, &state) &&
            set(handle, CURLOPT_WRITEFUNCTION, on_body) && set(handle, CURLOPT_WRITEDATA, &state) &&
            set(handle, CURLOPT_XFERINFOFUNCTION, on_progress) &&
            set(handle, CURLOPT_XFERINFODATA, &state) && set(handle, CURLOPT_NOPROGRESS, 0L) &&
            set(handle, CURLOPT_ERRORBUFFER, error_text) &&
            set(handle, CURLOPT_HTTPHEADER, headers.get()) && set(handle, CURLOPT_POST, 1L) &&
            set(handle, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(body.size())) &&
            set(handle, CURLOPT_POSTFIELDS, body.c_str());
        // The authorities OpenSSL's own clients would use: SSL_CERT_FILE / SSL_CERT_DIR when
        // set (libcurl's built-in bundle path would otherwise win over them).
        if (const char* file = std::getenv("SSL_CERT_FILE"); ok && file != nullptr && *file) {
            ok = set(handle, CURLOPT_CAINFO, file);
        }
        if (const char* dir = std::getenv("SSL_CERT_DIR"); ok && dir != nullptr && *dir) {
            ok = set(handle, CURLOPT_CAPATH, dir);
        }
        if (!ok) {
            return no_answer("libcurl refused an option; nothing was sent");
        }
        const CURLcode result = curl_easy_perform(handle);
        long status = 0;
        curl_easy_getinfo(handle, CURLINFO_RESPONSE_CODE, &status);
        if (result == CURLE_OK && status > 0) {
            callback_answer answer;
            answer.status = static_cast<int>(status);
            answer.body = std::move(state.body);
            return answer;
        }
        if (state.headers_too_large) {
            return no_answer("the answer's headers are over " +
                             std::to_string(limits.max_header_bytes / 1024) + " KiB or " +
                             std::to_string(limits.max_header_lines) + " lines");
        }
        if (state.too_long || result == CURLE_FILESIZE_EXCEEDED) {
            return no_answer("the answer is longer than " +
                             std::to_string(limits.max_answer_bytes / 1024) + " KiB");
        }
        if (result == CURLE_OPERATION_TIMEDOUT) {
            return no_answer("no whole answer within " + std::to_string(limits.whole_seconds) +
                             " s");
        }
        return no_answer(error_text[0] != '\0' ? error_text : curl_easy_strerror(result));
    } catch (const std::exception& e) {
        return no_answer(e.what());
    }
}

} // namespace sandbox
