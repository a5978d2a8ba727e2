// Payment results: whatever the bytes, no crash, no exception, the same answer twice, and
// verify_payment() never calls a payment paid unless the status is success and payeeId,
// quoteAmount, quoteAssetId and the reference looked up all equal the order's.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "decimal.hpp"
#include "fuzz_check.hpp"
#include "result.hpp"
#include "verify.hpp"

namespace {

constexpr int statuses[] = {200, 201, 204, 302, 400, 404, 429, 500, 502, 503, 599, 100};

std::string lower(std::string_view text) {
    std::string out(text);
    for (char& c : out) {
        if (c >= 'A' && c <= 'Z') {
            c = static_cast<char>(c - 'A' + 'a');
        }
    }
    return out;
}

bool same(const mixpay::payment_result& a, const mixpay::payment_result& b) {
    return a.ok == b.ok && a.status == b.status && a.status_text == b.status_text &&
           a.quote_amount == b.quote_amount && a.quote_asset_id == b.quote_asset_id &&
           a.quote_symbol == b.quote_symbol && a.payment_amount == b.payment_amount &&
           a.payment_asset_id == b.payment_asset_id && a.payment_symbol == b.payment_symbol &&
           a.payable_amount == b.payable_amount && a.surplus_amount == b.surplus_amount &&
           a.surplus_status == b.surplus_status && a.payee == b.payee && a.payee_id == b.payee_id &&
           a.trace_id == b.trace_id && a.order_id == b.order_id && a.txid == b.txid &&
           a.failure_code == b.failure_code && a.failure_reason == b.failure_reason &&
           a.return_to == b.return_to && a.date == b.date && a.confirmations == b.confirmations &&
           a.failure.kind == b.failure.kind && a.failure.status == b.failure.status &&
           a.failure.code == b.failure.code && a.failure.message == b.failure.message &&
           a.failure.transient == b.failure.transient;
}

// The orders the results are checked against: identifiers in both forms and cases, a fiat
// code and an asset UUID, by traceId, by orderId or both.
mixpay::expected_payment order(std::uint8_t choice) {
    mixpay::expected_payment expected;
    expected.payee_id =
        (choice & 1) ? "A0D7791408776B47EB1DD3F94ED15D6A" : "3a6b5a7c-1d2e-4f30-8a91-b2c3d4e5f607";
    expected.quote_amount = (choice & 2) ? "10.50" : "0.01";
    expected.quote_asset_id = (choice & 4) ? "USD" : "4d8c508b-91c5-375b-92b0-ee702ed2dac5";
    if ((choice & 8) || (choice & 16) == 0) {
        expected.trace_id = "525502dd-e552-4505-b114-32fe32ff23c2";
    }
    if (choice & 16) {
        expected.order_id = "order-1001";
    }
    return expected;
}

// The independent reading of "paid": what the guidelines ask, spelt out again here.
bool matches(const mixpay::payment_result& result, const mixpay::expected_payment& expected) {
    return result.ok && result.status == mixpay::payment_status::success &&
           result.status_text == "success" && lower(result.payee_id) == lower(expected.payee_id) &&
           mixpay::canonical_decimal(result.quote_amount).has_value() &&
           mixpay::canonical_decimal(result.quote_amount) ==
               mixpay::canonical_decimal(expected.quote_amount) &&
           lower(result.quote_asset_id) == lower(expected.quote_asset_id) &&
           (expected.trace_id.empty() || lower(result.trace_id) == lower(expected.trace_id)) &&
           (expected.order_id.empty() || result.order_id == expected.order_id);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size < 2) {
        return 0;
    }
    const int status = statuses[data[0] % (sizeof statuses / sizeof statuses[0])];
    const mixpay::expected_payment expected = order(data[1]);
    const std::string_view body(reinterpret_cast<const char*>(data + 2), size - 2);

    const mixpay::payment_result result = mixpay::parse_payment_result(status, body);
    FUZZ_CHECK(same(result, mixpay::parse_payment_result(status, body)));

    if (result.ok) {
        FUZZ_CHECK(status >= 200 && status < 300);
        FUZZ_CHECK(result.failure.kind.empty());
        const bool listed = result.status != mixpay::payment_status::unknown;
        FUZZ_CHECK(!listed || mixpay::status_name(result.status) == result.status_text);
    } else {
        const std::string& kind = result.failure.kind;
        FUZZ_CHECK(kind == "http" || kind == "api" || kind == "response");
        FUZZ_CHECK(!result.failure.message.empty());
        FUZZ_CHECK(result.failure.status == status);
        FUZZ_CHECK(result.status == mixpay::payment_status::unknown);
        FUZZ_CHECK(result.payee_id.empty() && result.quote_amount.empty());
        if (kind != "api") {
            FUZZ_CHECK(result.failure.code == 0);
        }
        if (status >= 500 && status <= 599) {
            FUZZ_CHECK(result.failure.transient);
        }
    }

    const auto found = mixpay::verify_payment(result, expected);
    FUZZ_CHECK(found.empty() == matches(result, expected));
    for (const auto& m : found) {
        FUZZ_CHECK(!m.code.empty() && !m.message.empty());
    }

    // The result checked against its own fields, as an order it could have been made for:
    // when those make a valid order, only the status can stand in the way.
    mixpay::expected_payment own;
    own.payee_id = result.payee_id;
    own.quote_amount = result.quote_amount;
    own.quote_asset_id = result.quote_asset_id;
    own.trace_id = result.trace_id;
    own.order_id = result.order_id;
    const auto own_found = mixpay::verify_payment(result, own);
    const bool own_valid = own_found.empty() || own_found[0].code != "expectation_invalid";
    if (result.ok && own_valid) {
        FUZZ_CHECK(own_found.empty() == (result.status == mixpay::payment_status::success));
    }
    return 0;
}
