#include "fetch.hpp"

#include <emscripten/em_js.h>
#include <emscripten/emscripten.h>
#include <emscripten/eventloop.h>
#include <emscripten/fetch.h>

#include <cstring>
#include <string>
#include <string_view>
#include <utility>

#include "mixpay/retry.hpp"

// Stops the XHR behind a fetch. emscripten_fetch_close() alone only forgets it: the
// browser would go on receiving the body and the glue would write the progress of an
// endless answer into the freed fetch struct.
EM_JS(void, mixpay_abort_fetch, (unsigned id), {
    var xhr = Fetch.xhrs[id - 1];
    if (xhr) {
        xhr.abort();
    }
});

// Whether the answer came from another address than the one asked: the request was
// redirected (the captured XMLHttpRequest the glue uses compares responseURL with it).
EM_JS(int, mixpay_redirected, (unsigned id), {
    var xhr = Fetch.xhrs[id - 1];
    return xhr && xhr.redirected ? 1 : 0;
});

namespace mixpay {

namespace {

// One attempt in flight: owned by the pending fetch or the pending backoff timer, never
// by both, and deleted right after `done` is called.
struct attempt {
    post_plan plan;
    post_done done;
    void* context;
    int tries = 0;
    double started_ms = 0;
};

// The only request header. Form-encoded bodies are CORS-safelisted, so no preflight.
const char* const request_headers[] = {"Content-Type", "application/x-www-form-urlencoded",
                                       nullptr};

void send(attempt* a);

void finish(attempt* a, const create_result& result) {
    const post_done done = a->done;
    void* const context = a->context;
    const int tries = a->tries;
    delete a;
    done(context, result, tries);
}

void on_retry_timer(void* user_data) {
    send(static_cast<attempt*>(user_data));
}

// Hands the answer of one try on: retry when it is transient and retries are left,
// otherwise report it.
void settle(attempt* a, const create_result& result) {
    int retry = a->tries - 1;
    if (!result.ok && result.failure.transient && retry < a->plan.retries &&
        retry < static_cast<int>(a->plan.jitter.size())) {
        emscripten_set_timeout(on_retry_timer, backoff_ms(retry, a->plan.jitter[retry]), a);
        return;
    }
    finish(a, result);
}

// Takes the attempt from the fetch, so any later callback of the same fetch (the glue
// calls onerror from emscripten_fetch_close) finds nothing to do.
attempt* take_attempt(emscripten_fetch_t* fetch) {
    auto* a = static_cast<attempt*>(fetch->userData);
    fetch->userData = nullptr;
    return a;
}

// Ends a try whose body grew past what the core reads: the request is aborted at once, so
// an endless or huge answer costs neither time nor memory, and the status alone decides.
void cut_off(emscripten_fetch_t* fetch) {
    attempt* a = take_attempt(fetch);
    if (a == nullptr) {
        return;
    }
    int status = fetch->status;
    mixpay_abort_fetch(fetch->id);
    emscripten_fetch_close(fetch);
    settle(a, cut_off_response(status));
}

// The body started to arrive: an answer over the limit is cut off as soon as that shows,
// by its Content-Length (the glue passes the progress event's total; the first event
// comes with the first bytes) or, for a chunked or lying one, by the bytes received so far
// (dataOffset; nothing is copied into the module yet).
void on_progress(emscripten_fetch_t* fetch) {
    if (fetch->userData != nullptr && (fetch->totalBytes > max_response_bytes ||
                                       fetch->dataOffset + fetch->numBytes > max_response_bytes)) {
        cut_off(fetch);
    }
}

// Reads what the fetch holds, releases it and settles the try.
void on_fetch_done(emscripten_fetch_t* fetch) {
    attempt* a = take_attempt(fetch);
    if (a == nullptr) {
        return;
    }
    create_result result;
    int status = fetch->status;
    if (status == 0) {
        // XHR reports a timeout like a network error (status 0); the time spent tells them
        // apart, since a refused or blocked request fails long before its timeout.
        double elapsed = emscripten_get_now() - a->started_ms;
        result.failure = elapsed + 50 >= a->plan.timeout_ms ? timeout_failure() : network_failure();
    } else if (mixpay_redirected(fetch->id) != 0) {
        // Never used: nothing in an answer from elsewhere decides where the buyer goes.
        result.failure = {failure_kind::http, status, 0,
                          "The answer was redirected, so it was not used.", false};
    } else if (fetch->numBytes > max_response_bytes) {
        // The whole body came in one piece, before any progress event could stop it.
        result = cut_off_response(status);
    } else {
        std::string_view body;
        if (fetch->data != nullptr) {
            body = std::string_view(fetch->data, static_cast<std::size_t>(fetch->numBytes));
        }
        result = a->plan.parse(status, body);
    }
    emscripten_fetch_close(fetch);
    settle(a, result);
}

void send(attempt* a) {
    ++a->tries;
    a->started_ms = emscripten_get_now();
    emscripten_fetch_attr_t attr;
    emscripten_fetch_attr_init(&attr);
    std::strcpy(attr.requestMethod, "POST");
    // REPLACE: always go to the network, never to the IndexedDB cache.
    attr.attributes = EMSCRIPTEN_FETCH_LOAD_TO_MEMORY | EMSCRIPTEN_FETCH_REPLACE;
    attr.timeoutMSecs = a->plan.timeout_ms;
    attr.requestHeaders = request_headers;
    attr.requestData = a->plan.body.data();
    attr.requestDataSize = a->plan.body.size();
    attr.userData = a;
    attr.onsuccess = on_fetch_done;
    attr.onerror = on_fetch_done;
    attr.onprogress = on_progress;
    // The callbacks may already have run (and freed `a`) when this returns.
    if (emscripten_fetch(&attr, a->plan.endpoint.c_str()) == nullptr) {
        create_result result;
        result.failure = network_failure();
        settle(a, result);
    }
}

} // namespace

unsigned backoff_ms(int n, std::uint8_t random_byte) {
    return retry_delay_ms(browser_retry_policy, n, random_byte);
}

void post_with_retries(post_plan plan, post_done done, void* context) {
    send(new attempt{std::move(plan), done, context});
}

} // namespace mixpay
