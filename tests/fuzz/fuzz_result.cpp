// Payment results: whatever the bytes, no crash, no exception, the same answer twice, and
// verify_payment() never calls a payment paid unless the status is success and payeeId,
// quoteAmount, quoteAssetId and the traceId (when the order has one) all equal the order's;
// every other status, documented or not, is reported with its own code.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "fuzz_check.hpp"
#include "mixpay/decimal.hpp"
#include "mixpay/result.hpp"
#include "mixpay/verify.hpp"

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

bool same(const mixpay::payment_transaction& a, const mixpay::payment_transaction& b) {
    return a.payment_amount == b.payment_amount && a.payment_asset_id == b.payment_asset_id &&
           a.payment_asset_symbol == b.payment_asset_symbol &&
           a.payment_asset_version == b.payment_asset_version && a.txid == b.txid &&
           a.block_explorer_url == b.block_explorer_url && a.broadcast_at == b.broadcast_at &&
           a.required_confirms == b.required_confirms && a.confirmations == b.confirmations &&
           a.confirm_seconds == b.confirm_seconds;
}

bool same(const mixpay::payment_result& a, const mixpay::payment_result& b) {
    if (a.transactions.size() != b.transactions.size()) {
        return false;
    }
    for (std::size_t i = 0; i < a.transactions.size(); ++i) {
        if (!same(a.transactions[i], b.transactions[i])) {
            return false;
        }
    }
    return a.ok == b.ok && a.status == b.status && a.status_text == b.status_text &&
           a.quote_amount == b.quote_amount && a.quote_asset_id == b.quote_asset_id &&
           a.quote_symbol == b.quote_symbol && a.quote_asset_version == b.quote_asset_version &&
           a.payment_amount == b.payment_amount && a.payment_asset_id == b.payment_asset_id &&
           a.payment_symbol == b.payment_symbol &&
           a.payment_asset_version == b.payment_asset_version &&
           a.payable_amount == b.payable_amount && a.payable_symbol == b.payable_symbol &&
           a.payable_asset_id == b.payable_asset_id &&
           a.payable_asset_version == b.payable_asset_version &&
           a.surplus_amount == b.surplus_amount && a.surplus_status == b.surplus_status &&
           a.payee == b.payee && a.payee_id == b.payee_id &&
           a.payee_mixin_number == b.payee_mixin_number &&
           a.payee_avatar_url == b.payee_avatar_url && a.trace_id == b.trace_id &&
           a.txid == b.txid && a.block_explorer_url == b.block_explorer_url &&
           a.failure_code == b.failure_code && a.failure_reason == b.failure_reason &&
           a.return_to == b.return_to && a.settle_status == b.settle_status &&
           a.settle_amount == b.settle_amount && a.settle_symbol == b.settle_symbol &&
           a.settle_asset == b.settle_asset && a.settle_asset_version == b.settle_asset_version &&
           a.expired_at == b.expired_at && a.date == b.date && a.confirmations == b.confirmations &&
           a.transactions_cut_off == b.transactions_cut_off &&
           a.payment.present == b.payment.present &&
           a.payment.is_multi_pay == b.payment.is_multi_pay &&
           a.payment.is_fully_paid == b.payment.is_fully_paid &&
           a.payment.total_transactions_amount == b.payment.total_transactions_amount &&
           a.failure.kind == b.failure.kind && a.failure.status == b.failure.status &&
           a.failure.code == b.failure.code && a.failure.message == b.failure.message &&
           a.failure.transient == b.failure.transient;
}

// The orders the results are checked against: identifiers in both forms and cases, a fiat
// code and an asset UUID; looked up by traceId, or by orderId with or without the order's
// traceId.
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
        expected.looked_up_by = mixpay::lookup_key::order_id;
        expected.order_id = "order-1001";
    }
    return expected;
}

// The traceId the order has, in the answer: the same UUID in either case, with its dashes
// or as its 32 digits alone.
bool same_trace(std::string_view actual, const std::string& expected) {
    std::string digits;
    for (const char c : expected) {
        if (c != '-') {
            digits.push_back(c);
        }
    }
    const std::string read = lower(actual);
    return read == lower(expected) || read == lower(digits);
}

// The independent reading of "paid": what the guidelines ask, spelt out again here.
bool matches(const mixpay::payment_result& result, const mixpay::expected_payment& expected) {
    return result.ok && result.status == mixpay::payment_status::success &&
           result.status_text == "success" && lower(result.payee_id) == lower(expected.payee_id) &&
           mixpay::canonical_decimal(result.quote_amount).has_value() &&
           mixpay::canonical_decimal(result.quote_amount) ==
               mixpay::canonical_decimal(expected.quote_amount) &&
           lower(result.quote_asset_id) == lower(expected.quote_asset_id) &&
           (expected.trace_id.empty() || same_trace(result.trace_id, expected.trace_id));
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
        FUZZ_CHECK(mixpay::to_string(result.failure.kind).empty());
        const bool listed = result.status != mixpay::payment_status::unknown;
        FUZZ_CHECK(!listed || mixpay::status_name(result.status) == result.status_text);
        FUZZ_CHECK(listed || result.status_text != "success");
        FUZZ_CHECK(result.transactions.size() <= mixpay::max_result_transactions);
        FUZZ_CHECK(mixpay::status_is_final(result.status) ==
                   (result.status_text == "success" || result.status_text == "failed"));
    } else {
        const std::string_view kind = mixpay::to_string(result.failure.kind);
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
    std::size_t status_codes = 0;
    for (const auto& m : found) {
        const std::string_view code = mixpay::to_string(m.code);
        FUZZ_CHECK(!code.empty() && !m.message.empty());
        FUZZ_CHECK(code != "order_mismatch");
        if (code.rfind("status_", 0) == 0) {
            ++status_codes;
            FUZZ_CHECK(m.code == mixpay::status_mismatch_code(result.status));
        }
    }
    // A result that was read has exactly one status code unless it says success.
    if (result.ok && (found.empty() || mixpay::to_string(found[0].code) != "expectation_invalid")) {
        FUZZ_CHECK(status_codes == (result.status == mixpay::payment_status::success ? 0u : 1u));
    }

    // The result checked against its own fields, as an order it could have been made for:
    // when those make a valid order, only the status can stand in the way.
    mixpay::expected_payment own;
    own.payee_id = result.payee_id;
    own.quote_amount = result.quote_amount;
    own.quote_asset_id = result.quote_asset_id;
    own.trace_id = result.trace_id;
    const auto own_found = mixpay::verify_payment(result, own);
    const bool own_valid =
        own_found.empty() || mixpay::to_string(own_found[0].code) != "expectation_invalid";
    if (result.ok && own_valid) {
        FUZZ_CHECK(own_found.empty() == (result.status == mixpay::payment_status::success));
    }
    return 0;
}
