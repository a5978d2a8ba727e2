// The only EMSCRIPTEN_BINDINGS: plain functions that take and return strings and numbers,
// so the page never holds a handle it must .delete() and the module carries none of
// Embind's value objects (each JS value crossing as an emscripten::val costs glue and
// code). `params` is one JSON text, the core reads it (mixpay/checkout.hpp); results come
// back as one JSON text. The types crossing (void, int, double, std::string) are the ones
// embind_types.cpp registers: a function with any other stays uncallable until it does.
//
//   names() -> "payeeId quoteAmount … codeEndpoint"
//       every parameter and widget option the core reads, from its one table
//   prepare(params, nowUnixSec, randomBytes) -> {errors: [{field, message}], traceId,
//                                                orderId, identity}
//       what checkout() with the same arguments would send, without sending it
//       (validate() and the button's checks; identity is the text that names the attempt)
//   checkout(params, nowUnixSec, randomBytes, id)
//       once the attempt is valid and before it is sent, Module.ask(id, traceId, orderId)
//       says whether to send it; then Module.settle(id, result) is called exactly once
//       (during the call when nothing is sent) with
//         {status: "invalid", errors}                    nothing was sent
//         {status: "canceled", traceId, orderId}         the page said no; nothing was sent
//         {status: "created", traceId, orderId, code, url}
//         {status: "failed", traceId, orderId, kind, httpStatus, apiCode, message,
//          transient, createdNothing, failedReturnTo}
//
// `params` holds the core's names (names()), each a string (absent, null or "" = not
// given), and with codeEndpoint the array codeFields (alternating names and values).
// `randomBytes` is a Uint8Array from crypto.getRandomValues (Embind copies it into the
// std::string): bytes 0-15 make the traceId when none is given, bytes 16-23 the jitter of
// the retries.
#include <emscripten/bind.h>
#include <emscripten/em_js.h>
#include <emscripten/emscripten.h>

#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <utility>

#include "fetch.hpp"
#include "mixpay/checkout.hpp"

// The page's side of an attempt, by the id it gave checkout().
EM_JS(int, mixpay_ask, (int id, const char* trace_id, const char* order_id),
      { return Module['ask'](id, UTF8ToString(trace_id), UTF8ToString(order_id)) ? 1 : 0; });
EM_JS(void, mixpay_settle, (int id, const char* result),
      { Module['settle'](id, UTF8ToString(result)); });

namespace mixpay {
namespace {

// A JS number as whole seconds, or 0 when it is not a plausible one.
std::int64_t unix_seconds(double seconds) {
    return seconds > 0 && seconds < 1e12 ? static_cast<std::int64_t>(seconds) : 0;
}

std::array<std::uint8_t, 24> random_of(const std::string& bytes) {
    std::array<std::uint8_t, 24> out{};
    for (std::size_t i = 0; i < out.size() && i < bytes.size(); ++i) {
        out[i] = static_cast<std::uint8_t>(bytes[i]);
    }
    return out;
}

checkout_plan plan(const std::string& params, double now,
                   const std::array<std::uint8_t, 24>& random) {
    std::array<std::uint8_t, 16> uuid_bytes{};
    for (std::size_t i = 0; i < uuid_bytes.size(); ++i) {
        uuid_bytes[i] = random[i];
    }
    return plan_checkout(read_checkout_params(params), unix_seconds(now), uuid_bytes);
}

std::string names_js() {
    return param_table_names();
}

std::string prepare_js(std::string params, double now, std::string random_bytes) {
    return plan_json(plan(params, now, random_of(random_bytes)));
}

void settle(int id, const checkout_result& result) {
    mixpay_settle(id, to_json(result).c_str());
}

// An attempt on the network: what finish_checkout() needs once its last answer is in.
struct sent_attempt {
    checkout_plan plan;
    int id;
};

// post_with_retries()'s one call back for a sent attempt; frees it.
void on_sent(void* context, const create_result& outcome, int /*tries*/) {
    const std::unique_ptr<sent_attempt> sent(static_cast<sent_attempt*>(context));
    settle(sent->id, finish_checkout(sent->plan, outcome));
}

void checkout_js(std::string params, double now, std::string random_bytes, int id) {
    const std::array<std::uint8_t, 24> random = random_of(random_bytes);
    checkout_plan attempt = plan(params, now, random);
    // The page's last word before anything leaves (its cancelable request event), in the
    // same call: the attempt is checked and encoded once.
    if (!attempt.request.errors.empty() ||
        mixpay_ask(id, attempt.request.trace_id.c_str(), attempt.request.order_id.c_str()) == 0) {
        settle(id, unsent_result(attempt));
        return;
    }
    post_plan post;
    post.endpoint = attempt.request.endpoint;
    post.body = std::move(attempt.request.body);
    post.timeout_ms = attempt.timeout_ms;
    post.retries = attempt.retries;
    for (std::size_t i = 0; i < post.jitter.size(); ++i) {
        post.jitter[i] = random[16 + i];
    }
    if (attempt.server) {
        post.parse = parse_code_response;
    }
    post_with_retries(std::move(post), on_sent, new sent_attempt{std::move(attempt), id});
}

} // namespace
} // namespace mixpay

EMSCRIPTEN_BINDINGS(mixpay_checkout) {
    emscripten::function("names", &mixpay::names_js);
    emscripten::function("prepare", &mixpay::prepare_js);
    emscripten::function("checkout", &mixpay::checkout_js);
}
