#include "http.hpp"

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <exception>
#include <memory>
#include <string_view>

#include <curl/curl.h>

#include "mixpay/ascii.hpp"
#include "mixpay/response.hpp"

namespace mixpay {

namespace {

using steady = std::chrono::steady_clock;

// libcurl's process-wide setup, once, before the first handle (curl_global_init is not
// thread-safe in every build; a function-local static is).
bool curl_ready() {
    static const bool ready = curl_global_init(CURL_GLOBAL_DEFAULT) == CURLE_OK;
    return ready;
}

struct easy_deleter {
    void operator()(CURL* easy) const { curl_easy_cleanup(easy); }
};
struct multi_deleter {
    void operator()(CURLM* multi) const { curl_multi_cleanup(multi); }
};
struct list_deleter {
    void operator()(curl_slist* list) const { curl_slist_free_all(list); }
};
using easy_ptr = std::unique_ptr<CURL, easy_deleter>;
using multi_ptr = std::unique_ptr<CURLM, multi_deleter>;
using list_ptr = std::unique_ptr<curl_slist, list_deleter>;

// Removes the easy handle from the multi handle before either is cleaned up.
class attached {
public:
    attached(CURLM* multi, CURL* easy)
        : multi_(multi), easy_(easy), ok_(curl_multi_add_handle(multi, easy) == CURLM_OK) {}
    ~attached() {
        if (ok_) {
            curl_multi_remove_handle(multi_, easy_);
        }
    }
    attached(const attached&) = delete;
    attached& operator=(const attached&) = delete;
    bool ok() const { return ok_; }

private:
    CURLM* multi_;
    CURL* easy_;
    bool ok_;
};

// What the callbacks see of one exchange.
struct exchange {
    http_answer answer;
    std::size_t header_bytes = 0;
    std::size_t header_lines = 0;
    bool headers_too_large = false;
    bool unwanted_coding = false;
};

// True unless `line` is a Transfer-Encoding header naming anything but chunked. libcurl
// inflates a gzip, deflate or brotli transfer coding whether or not it was asked for one;
// none is asked for, so an answer that uses one is not read.
bool only_chunked(std::string_view line) {
    constexpr std::string_view name = "transfer-encoding:";
    if (line.size() < name.size()) {
        return true;
    }
    for (std::size_t i = 0; i < name.size(); ++i) {
        if (to_lower_ascii(line[i]) != name[i]) {
            return true;
        }
    }
    std::string_view value = line.substr(name.size());
    while (!value.empty()) {
        const std::size_t comma = value.find(',');
        std::string_view token = value.substr(0, comma);
        const std::size_t first = token.find_first_not_of(" \t\r\n");
        const std::size_t last = token.find_last_not_of(" \t\r\n");
        token = first == std::string_view::npos ? std::string_view()
                                                : token.substr(first, last - first + 1);
        constexpr std::string_view chunked = "chunked";
        if (!token.empty()) {
            if (token.size() != chunked.size()) {
                return false;
            }
            for (std::size_t i = 0; i < chunked.size(); ++i) {
                if (to_lower_ascii(token[i]) != chunked[i]) {
                    return false;
                }
            }
        }
        value = comma == std::string_view::npos ? std::string_view() : value.substr(comma + 1);
    }
    return true;
}

// Every header line of every answer (interim 1xx ones too, the status lines included),
// complete: libcurl itself refuses a line over 100 KiB before it gets here.
std::size_t on_header(char* line, std::size_t size, std::size_t count, void* user) {
    auto& state = *static_cast<exchange*>(user);
    const std::size_t length = size * count;
    state.header_bytes += length;
    state.header_lines += 1;
    if (state.header_bytes > max_header_bytes || state.header_lines > max_header_lines) {
        state.headers_too_large = true;
        return 0; // not the length given: libcurl ends the exchange
    }
    if (!only_chunked(std::string_view(line, length))) {
        state.unwanted_coding = true;
        return 0;
    }
    return length;
}

// The body as it arrives, undecoded: no Accept-Encoding is sent, so libcurl decodes no
// content coding, and an answer with a transfer coding besides chunked was refused above.
std::size_t on_body(char* data, std::size_t size, std::size_t count, void* user) {
    auto& state = *static_cast<exchange*>(user);
    const std::size_t length = size * count;
    if (length > max_response_bytes - state.answer.body.size()) {
        state.answer.cut_off = true;
        return 0;
    }
    state.answer.body.append(data, length);
    return length;
}

template <typename Value> bool set(CURL* easy, CURLoption option, Value value) {
    return curl_easy_setopt(easy, option, value) == CURLE_OK;
}

long as_ms(std::chrono::milliseconds value) {
    return static_cast<long>(std::min<std::chrono::milliseconds::rep>(value.count(), 0x7FFFFFFF));
}

// The request's body bytes sent so far, the answer's bytes received (headers included), and
// whether the connection (TLS included) is up and the request about to go or gone.
struct progress {
    curl_off_t sent = 0;
    curl_off_t received = 0;
    bool connected = false;

    static progress of(CURL* easy) {
        progress now;
        curl_off_t body_in = 0;
        long headers_in = 0;
        curl_off_t pretransfer = 0;
        curl_easy_getinfo(easy, CURLINFO_SIZE_UPLOAD_T, &now.sent);
        curl_easy_getinfo(easy, CURLINFO_SIZE_DOWNLOAD_T, &body_in);
        curl_easy_getinfo(easy, CURLINFO_HEADER_SIZE, &headers_in);
        curl_easy_getinfo(easy, CURLINFO_PRETRANSFER_TIME_T, &pretransfer);
        now.received = body_in + headers_in;
        now.connected = pretransfer > 0;
        return now;
    }
};

// Runs the transfer to its end. libcurl bounds the connection (connect_timeout, TLS
// included) and the attempt as a whole (attempt_timeout); this loop adds the waits in
// between: once connected, no byte sent for write_timeout while the request is going out,
// or none received for read_timeout after it (CURLOPT_LOW_SPEED_TIME would count whole
// seconds of a low average speed, not milliseconds without a byte). Returns libcurl's
// result; `idle` tells that the loop gave up.
CURLcode drive(CURLM* multi, CURL* easy, const merchant_options& options, std::size_t request_body,
               bool& idle) {
    idle = false;
    progress last;
    auto last_change = steady::now();
    for (;;) {
        int running = 0;
        if (curl_multi_perform(multi, &running) != CURLM_OK) {
            return CURLE_FAILED_INIT;
        }
        if (running == 0) {
            break;
        }
        const progress now = progress::of(easy);
        const auto at = steady::now();
        if (!now.connected || now.sent != last.sent || now.received != last.received) {
            last_change = at;
        }
        last = now;
        int wait_ms = 1000; // libcurl's own timers end the wait sooner when they are due
        if (now.connected) {
            const auto limit = static_cast<std::size_t>(now.sent) < request_body
                                   ? options.write_timeout
                                   : options.read_timeout;
            if (at - last_change >= limit) {
                idle = true;
                return CURLE_OPERATION_TIMEDOUT;
            }
            const auto left =
                std::chrono::ceil<std::chrono::milliseconds>(last_change + limit - at).count();
            wait_ms = static_cast<int>(std::min<std::chrono::milliseconds::rep>(left, 1000));
        }
        if (curl_multi_poll(multi, nullptr, 0, wait_ms, nullptr) != CURLM_OK) {
            return CURLE_FAILED_INIT;
        }
    }
    int queued = 0;
    while (CURLMsg* message = curl_multi_info_read(multi, &queued)) {
        if (message->msg == CURLMSG_DONE && message->easy_handle == easy) {
            return message->data.result;
        }
    }
    return CURLE_FAILED_INIT;
}

http_answer no_answer(std::string error, bool timed_out = false) {
    http_answer answer;
    answer.error = std::move(error);
    answer.timed_out = timed_out;
    return answer;
}

} // namespace

http_answer http_exchange(const merchant_options& options, const std::string& method,
                          const std::string& url, const std::string& body) {
    // A transport that throws (out of memory) has given no usable answer; the caller
    // treats that as any lost answer.
    try {
        if (!curl_ready()) {
            return no_answer("libcurl could not be initialised");
        }
        const easy_ptr easy(curl_easy_init());
        const multi_ptr multi(curl_multi_init());
        if (!easy || !multi) {
            return no_answer("libcurl could not be initialised");
        }
        CURL* const handle = easy.get();
        exchange state;
        char error_text[CURL_ERROR_SIZE] = {};

        list_ptr headers(curl_slist_append(nullptr, "Accept: application/json"));
        // No "Expect: 100-continue" round trip before the body.
        curl_slist* tail = headers ? curl_slist_append(headers.get(), "Expect:") : nullptr;
        if (tail != nullptr && !body.empty()) {
            tail =
                curl_slist_append(headers.get(), "Content-Type: application/x-www-form-urlencoded");
        }
        if (tail == nullptr) {
            return no_answer("libcurl could not be initialised");
        }

        // Every option must hold, or nothing is sent.
        bool ok =
            set(handle, CURLOPT_URL, url.c_str()) &&
#if LIBCURL_VERSION_NUM >= 0x075500
            set(handle, CURLOPT_PROTOCOLS_STR, "http,https") &&
            set(handle, CURLOPT_REDIR_PROTOCOLS_STR, "http,https") &&
#else
            set(handle, CURLOPT_PROTOCOLS, static_cast<long>(CURLPROTO_HTTP | CURLPROTO_HTTPS)) &&
            set(handle, CURLOPT_REDIR_PROTOCOLS,
                static_cast<long>(CURLPROTO_HTTP | CURLPROTO_HTTPS)) &&
#endif
            // A redirect is an answer like any other: the API never sends one, and
            // following it would send the form where the API did not say.
            set(handle, CURLOPT_FOLLOWLOCATION, 0L) && set(handle, CURLOPT_MAXREDIRS, 0L) &&
            // Never a proxy, whatever http_proxy, https_proxy or ALL_PROXY say.
            set(handle, CURLOPT_PROXY, "") &&
            set(handle, CURLOPT_HTTP_VERSION, static_cast<long>(CURL_HTTP_VERSION_1_1)) &&
            set(handle, CURLOPT_FORBID_REUSE, 1L) &&
            // Timeouts without SIGALRM: safe in any thread.
            set(handle, CURLOPT_NOSIGNAL, 1L) &&
            set(handle, CURLOPT_CONNECTTIMEOUT_MS, as_ms(options.connect_timeout)) &&
            set(handle, CURLOPT_TIMEOUT_MS, as_ms(options.attempt_timeout)) &&
            set(handle, CURLOPT_SSL_VERIFYPEER, 1L) && set(handle, CURLOPT_SSL_VERIFYHOST, 2L) &&
            set(handle, CURLOPT_SSLVERSION, static_cast<long>(CURL_SSLVERSION_TLSv1_2)) &&
            // An announced length over the cap is refused before any of the body.
            set(handle, CURLOPT_MAXFILESIZE_LARGE, static_cast<curl_off_t>(max_response_bytes)) &&
            set(handle, CURLOPT_HEADERFUNCTION, on_header) &&
            set(handle, CURLOPT_HEADERDATA, &state) &&
            set(handle, CURLOPT_WRITEFUNCTION, on_body) && set(handle, CURLOPT_WRITEDATA, &state) &&
            set(handle, CURLOPT_ERRORBUFFER, error_text) &&
            set(handle, CURLOPT_HTTPHEADER, headers.get());
        // The authorities: the given file alone, or the system's.
        if (ok && !options.ca_cert_file.empty()) {
            ok = set(handle, CURLOPT_CAINFO, options.ca_cert_file.c_str()) &&
                 set(handle, CURLOPT_CAPATH, static_cast<const char*>(nullptr));
        }
        if (ok && method == "POST") {
            ok = set(handle, CURLOPT_POST, 1L) &&
                 set(handle, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(body.size())) &&
                 set(handle, CURLOPT_POSTFIELDS, body.c_str());
        } else if (ok && method == "GET" && body.empty()) {
            ok = set(handle, CURLOPT_HTTPGET, 1L);
        } else {
            ok = false;
        }
        if (!ok) {
            return no_answer("libcurl refused an option; nothing was sent");
        }

        const attached running(multi.get(), handle);
        if (!running.ok()) {
            return no_answer("libcurl could not be initialised");
        }
        bool idle = false;
        const CURLcode result = drive(multi.get(), handle, options, body.size(), idle);
        long status = 0;
        curl_easy_getinfo(handle, CURLINFO_RESPONSE_CODE, &status);

        if (result == CURLE_OK && status > 0) {
            state.answer.status = static_cast<int>(status);
            return std::move(state.answer);
        }
        if ((state.answer.cut_off || result == CURLE_FILESIZE_EXCEEDED) && status > 0 &&
            !state.headers_too_large) {
            http_answer cut;
            cut.status = static_cast<int>(status);
            cut.cut_off = true;
            return cut;
        }
        // Anything short of a whole answer is no answer: the request may or may not have
        // been handled.
        if (state.headers_too_large) {
            return no_answer("the answer's headers are over " +
                             std::to_string(max_header_bytes / 1024) + " KiB or " +
                             std::to_string(max_header_lines) + " lines");
        }
        if (state.unwanted_coding) {
            return no_answer("the answer has a transfer coding other than chunked");
        }
        if (idle) {
            return no_answer("no bytes moved for the read or write timeout", true);
        }
        return no_answer(error_text[0] != '\0' ? error_text : curl_easy_strerror(result),
                         result == CURLE_OPERATION_TIMEDOUT);
    } catch (const std::exception& e) {
        return no_answer(e.what());
    }
}

} // namespace mixpay
