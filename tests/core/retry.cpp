#include <catch2/catch.hpp>

#include <climits>
#include <cstdint>

#include "mixpay/retry.hpp"

using namespace mixpay;

TEST_CASE("retry_delay_ms: the browser module's backoff, 400 ms doubling, 75% to 125%", "[retry]") {
    const retry_policy<unsigned>& browser = browser_retry_policy;
    CHECK(retry_delay_ms(browser, 0, 0) == 300);
    CHECK(retry_delay_ms(browser, 0, 255) == 500);
    CHECK(retry_delay_ms(browser, 0, 128) == 400 * (750 + 128 * 500 / 255) / 1000);
    CHECK(retry_delay_ms(browser, 1, 0) == 600);
    CHECK(retry_delay_ms(browser, 1, 255) == 1000);
    CHECK(retry_delay_ms(browser, 7, 255) == 64000);
    for (int n = 0; n < 8; ++n) {
        for (int byte = 0; byte < 256; ++byte) {
            INFO(n << " " << byte);
            const unsigned base = 400u << n;
            CHECK(retry_delay_ms(browser, n, static_cast<std::uint8_t>(byte)) ==
                  base * (750u + static_cast<unsigned>(byte) * 500u / 255u) / 1000u);
        }
    }
}

TEST_CASE("retry_delay_ms: the merchant library's backoff, capped, in [d/2, d]", "[retry]") {
    const retry_policy<std::int64_t> merchant{250, 4000, 500, 1000};
    CHECK(retry_delay_ms(merchant, 0, 0) == 125);
    CHECK(retry_delay_ms(merchant, 0, 255) == 250);
    CHECK(retry_delay_ms(merchant, 1, 255) == 500);
    CHECK(retry_delay_ms(merchant, 4, 255) == 4000);
    CHECK(retry_delay_ms(merchant, 5, 255) == 4000); // the ceiling
    CHECK(retry_delay_ms(merchant, 50, 0) == 2000);
    // A first wait above the ceiling is the ceiling.
    CHECK(retry_delay_ms(retry_policy<std::int64_t>{5000, 4000, 500, 1000}, 0, 255) == 4000);
}

TEST_CASE("retry_delay_ms: the doubling never overflows; no negative wait", "[retry]") {
    const std::int64_t most = INT64_MAX / 1000;
    const retry_policy<std::int64_t> huge{most / 3, most, 500, 1000};
    CHECK(retry_delay_ms(huge, 1000, 255) == most);
    CHECK(retry_delay_ms(huge, 1000, 0) == most * 500 / 1000);
    CHECK(retry_delay_ms(retry_policy<std::int64_t>{0, 4000, 500, 1000}, 3, 255) == 0);
    CHECK(retry_delay_ms(retry_policy<std::int64_t>{-5, 4000, 500, 1000}, 3, 255) == 0);
    CHECK(retry_delay_ms(retry_policy<std::int64_t>{250, -1, 500, 1000}, 3, 255) == 0);
}

TEST_CASE("retry_delay_ms: the result element's waits, 3 s, 6 s, then the 9 s ceiling, 75% to "
          "125%",
          "[retry]") {
    const retry_policy<unsigned>& result = result_retry_policy;
    CHECK(result_retries == 3);
    const unsigned middle[] = {3000, 6000, 9000, 9000};
    for (int n = 0; n < 4; ++n) {
        INFO(n);
        CHECK(retry_delay_ms(result, n, 0) == middle[n] * 3 / 4);
        CHECK(retry_delay_ms(result, n, 255) == middle[n] * 5 / 4);
        for (int byte = 0; byte < 256; ++byte) {
            const unsigned wait = retry_delay_ms(result, n, static_cast<std::uint8_t>(byte));
            CHECK(wait >= middle[n] * 3 / 4);
            CHECK(wait <= middle[n] * 5 / 4);
        }
    }
    // Four lookups: the longest wait for an answer before the element gives up, under 30 s.
    unsigned longest = 0;
    for (int n = 0; n < result_retries; ++n) {
        longest += retry_delay_ms(result, n, 255);
    }
    CHECK(longest == 22500);
}
