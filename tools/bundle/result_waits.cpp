// Prints the result element's waits before each retry, as mixpay/retry.hpp's
// result_retry_policy gives them: one [shortest, longest - shortest] pair of milliseconds
// per retry (random byte 0, and 255 less 0), in order, as a JSON array: the script waits
// shortest + Math.random() * the difference. The wasm build runs it under Node and
// build.mjs builds the array into the script as MIXPAY_RESULT_WAITS; the browser tests run
// the native build and compare what the script waits with it.
#include <cstdio>

#include "mixpay/retry.hpp"

int main() {
    std::printf("[");
    for (int n = 0; n < mixpay::result_retries; ++n) {
        const unsigned shortest = mixpay::retry_delay_ms(mixpay::result_retry_policy, n, 0);
        const unsigned longest = mixpay::retry_delay_ms(mixpay::result_retry_policy, n, 255);
        std::printf("%s[%u,%u]", n == 0 ? "" : ",", shortest, longest - shortest);
    }
    std::printf("]\n");
    return 0;
}
