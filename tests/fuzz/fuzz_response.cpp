// Response parsing: whatever the bytes, no crash, no exception, and the only redirect
// ever produced is <payBase>/code/<canonical uuid>.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "fuzz_check.hpp"
#include "mixpay/request.hpp"
#include "mixpay/response.hpp"
#include "mixpay/uuid.hpp"

namespace {

constexpr int statuses[] = {200, 201, 204, 302, 400, 404, 429, 500, 502, 503, 599, 100};
constexpr std::string_view pay_base = "https://mixpay.me";

bool is_lower_uuid(std::string_view text) {
    return mixpay::is_uuid(text) && mixpay::canonical_uuid(text) == text;
}

bool same(const mixpay::create_result& a, const mixpay::create_result& b) {
    return a.ok == b.ok && a.code == b.code && a.failure.kind == b.failure.kind &&
           a.failure.status == b.failure.status && a.failure.code == b.failure.code &&
           a.failure.message == b.failure.message && a.failure.transient == b.failure.transient;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0) {
        return 0;
    }
    const int status = statuses[data[0] % (sizeof statuses / sizeof statuses[0])];
    const std::string_view body(reinterpret_cast<const char*>(data + 1), size - 1);

    const mixpay::create_result result = mixpay::parse_create_response(status, body);
    FUZZ_CHECK(same(result, mixpay::parse_create_response(status, body)));

    if (result.ok) {
        FUZZ_CHECK(status >= 200 && status < 300);
        FUZZ_CHECK(is_lower_uuid(result.code));
        const std::string url = mixpay::code_url(pay_base, result.code);
        FUZZ_CHECK(url == std::string(pay_base) + "/code/" + result.code);
    } else {
        const std::string_view kind = mixpay::to_string(result.failure.kind);
        FUZZ_CHECK(kind == "http" || kind == "api" || kind == "response");
        FUZZ_CHECK(!result.failure.message.empty());
        FUZZ_CHECK(result.code.empty());
        FUZZ_CHECK(result.failure.status == status);
        if (kind == "response") {
            FUZZ_CHECK(!result.failure.transient);
        }
        if (kind != "api") {
            FUZZ_CHECK(result.failure.code == 0);
        }
        if (status >= 500 && status <= 599) {
            FUZZ_CHECK(result.failure.transient);
        }
    }
    // An answer cut off for its size never succeeds, and its status alone decides, as it
    // does for a body without an envelope.
    const mixpay::create_result cut = mixpay::cut_off_response(status);
    FUZZ_CHECK(!cut.ok && cut.code.empty() && cut.failure.status == status);
    const bool ok_status = status >= 200 && status < 300;
    FUZZ_CHECK(mixpay::to_string(cut.failure.kind) == (ok_status ? "response" : "http"));
    FUZZ_CHECK(cut.failure.transient == (status == 429 || (status >= 500 && status <= 599)));
    if (!ok_status) {
        FUZZ_CHECK(same(cut, mixpay::parse_create_response(status, "")));
    }
    // A merchant endpoint's {code}: the only success is a canonical UUID in a 2xx, and
    // only <payBase>/code/<it> is ever made of it.
    const mixpay::create_result merchant = mixpay::parse_code_response(status, body);
    FUZZ_CHECK(same(merchant, mixpay::parse_code_response(status, body)));
    if (merchant.ok) {
        FUZZ_CHECK(ok_status && is_lower_uuid(merchant.code));
        FUZZ_CHECK(mixpay::code_url(pay_base, merchant.code) ==
                   std::string(pay_base) + "/code/" + merchant.code);
    } else {
        FUZZ_CHECK(mixpay::to_string(merchant.failure.kind) == (ok_status ? "response" : "http"));
        FUZZ_CHECK(merchant.failure.transient ==
                   (!ok_status && (status == 429 || (status >= 500 && status <= 599))));
    }
    // Whatever the body, the code URL of anything but a UUID is empty.
    const std::string from_body = mixpay::code_url(pay_base, body);
    FUZZ_CHECK(from_body.empty() == !mixpay::is_uuid(body));
    return 0;
}
