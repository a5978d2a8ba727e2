// The one place the module talks to the network (Emscripten Fetch API): POST one prepared
// form body, retrying transient failures with backoff and jitter.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

#include "mixpay/response.hpp"

namespace mixpay {

struct post_plan {
    std::string endpoint;                 // absolute URL, already validated
    std::string body;                     // form body, sent byte for byte on every try
    unsigned timeout_ms = 15000;          // per try
    int retries = 3;                      // tries after the first, for transient failures only
    std::array<std::uint8_t, 8> jitter{}; // one random byte per retry (caller-supplied)
    // Reads each answer: MixPay's envelope, or a merchant endpoint's {code}.
    create_result (*parse)(int http_status, std::string_view body) = parse_create_response;
};

// The outcome of every try: the last result and how many requests were sent, with the
// context the caller gave post_with_retries(). A plain function and a pointer rather than a
// std::function: the module carries no type-erased callable (its __func was 538 B of code).
using post_done = void (*)(void* context, const create_result& result, int tries);

// Backoff before retry `n` (0-based): browser_retry_policy (mixpay/retry.hpp), 400 ms * 2^n
// scaled into [75%, 125%] by the random byte (0 -> 75%, 255 -> 125%).
unsigned backoff_ms(int n, std::uint8_t random_byte);

// Sends the plan and calls `done(context, …)` exactly once, asynchronously or (when the
// request cannot even start) before returning; `context` is the caller's to free there.
// Content-Type application/x-www-form-urlencoded is the only header set, so the browser sends a
// CORS simple request without a preflight.
void post_with_retries(post_plan plan, post_done done, void* context);

} // namespace mixpay
