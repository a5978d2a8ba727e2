// The wait before a retry, the one policy of the browser module, the merchant library and
// the return page's result element: an exponential backoff up to a ceiling, each wait
// scaled by a random byte within a band, so that clients that failed together do not retry
// together.
#pragma once

#include <cstdint>

namespace mixpay {

// `Int` is the type the waits are computed in: 32 bits where they are small (the browser
// module), 64 where a merchant chooses them.
template <typename Int> struct retry_policy {
    Int first_ms = 0;         // the wait before the first retry, before the jitter
    Int ceiling_ms = 0;       // the longest wait before the jitter
    Int low_permille = 1000;  // the jitter band: each wait is scaled into [low, high]
    Int high_permille = 1000; // thousandths of itself
};

// The wait before retry `n` (0-based), in milliseconds: d = min(first_ms * 2^n,
// ceiling_ms), scaled by `random_byte` into [d * low, d * high] / 1000 (0 gives the low
// end, 255 the high end). 0 when first_ms or ceiling_ms is not positive. The doubling
// never overflows; d * high_permille must fit in `Int`.
template <typename Int>
constexpr Int retry_delay_ms(const retry_policy<Int>& policy, int n, std::uint8_t random_byte) {
    if (policy.first_ms <= 0 || policy.ceiling_ms <= 0) {
        return 0;
    }
    Int delay = policy.first_ms < policy.ceiling_ms ? policy.first_ms : policy.ceiling_ms;
    for (int i = 0; i < n && delay < policy.ceiling_ms; ++i) {
        delay = delay > policy.ceiling_ms / 2 ? policy.ceiling_ms : delay * 2;
    }
    return delay *
           (policy.low_permille +
            random_byte * (policy.high_permille - policy.low_permille) / 255) /
           1000;
}

// The browser module's: 400 ms doubling (at most 5 retries, so the ceiling is never met),
// each wait within 75 % to 125 % of itself.
inline constexpr retry_policy<unsigned> browser_retry_policy{400, 400u << 7, 750, 1250};

// The result element's (web/src/result-element.js, on the return page, which loads no
// WebAssembly): a lookup of the payment's status that got no answer is asked again after
// 3 s, 6 s, then 9 s (the ceiling), each wait within 75 % to 125 % of itself, so that the
// pages of one outage do not all ask again at once; after result_retries retries (four
// lookups) it says the status could not be checked. The wasm build prints these waits
// (tools/bundle/result_waits.cpp) and the bundle step builds them into the script.
inline constexpr retry_policy<unsigned> result_retry_policy{3000, 9000, 750, 1250};
inline constexpr int result_retries = 3;

} // namespace mixpay
