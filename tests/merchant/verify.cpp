#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "mixpay/merchant.hpp"
#include "sandbox_process.hpp"
#include "shop.hpp"

using namespace merchant_test;
using mixpay::merchant_client;

namespace {

std::vector<std::string> codes(const mixpay::verification& verdict) {
    std::vector<std::string> out;
    for (const auto& m : verdict.mismatches) {
        out.push_back(m.code);
    }
    return out;
}

using codes_t = std::vector<std::string>;

// What the shop's own records say about an order it created.
mixpay::expected_payment from_order(const mixpay::created_payment& created) {
    mixpay::expected_payment expected;
    expected.payee_id = payee;
    expected.quote_amount = "10.00";
    expected.quote_asset_id = "USD";
    expected.trace_id = created.trace_id;
    expected.order_id = created.order_id;
    return expected;
}

// The buyer presses Pay (or Fail) on the sandbox's payment page.
void press(const sandbox_process& sandbox, const std::string& code, const std::string& action) {
    REQUIRE(sandbox.post("/code/" + code + "/" + action).status == 303);
}

std::size_t lookups(const sandbox_process& sandbox) {
    std::size_t count = 0;
    for (const auto& request : sandbox.get("/__sandbox/requests").body) {
        if (request["path"] == "/v1/payments_result") {
            ++count;
        }
    }
    return count;
}

} // namespace

TEST_CASE("a paid payment that matches the order verifies", "[merchant][verify]") {
    sandbox_process sandbox;
    const merchant_client client(quick_options(sandbox.api_base(), sandbox.url()));
    const auto created = client.create_payment(order_params("order-2001"));
    REQUIRE(created.ok);

    SECTION("before the buyer pays: unpaid") {
        const auto verdict = client.verify(from_order(created));
        CHECK_FALSE(verdict.paid);
        REQUIRE(codes(verdict) == codes_t{"status_not_success"});
        CHECK(verdict.mismatches[0].actual == "unpaid");
        CHECK(verdict.result.ok);
        CHECK(verdict.result.status == mixpay::payment_status::unpaid);
    }
    SECTION("after Pay: paid, by traceId") {
        press(sandbox, created.code, "pay");
        const auto verdict = client.verify(from_order(created));
        CHECK(verdict.paid);
        CHECK(verdict.mismatches.empty());
        CHECK(verdict.result.status == mixpay::payment_status::success);
        CHECK(verdict.result.quote_amount == "10");
        CHECK(verdict.result.payee_id == payee);
        CHECK(verdict.result.trace_id == created.trace_id);
        // MixPay's answer carries no orderId; the sandbox shows the order under /__sandbox.
        CHECK(sandbox.get("/__sandbox/payments/" + created.trace_id).body["orderId"] ==
              "order-2001");
    }
    SECTION("after Pay: paid, by orderId and payeeId") {
        press(sandbox, created.code, "pay");
        auto expected = from_order(created);
        expected.trace_id.clear();
        const auto verdict = client.verify(expected);
        CHECK(verdict.paid);
        const auto result = client.payment_result_by_order("order-2001", payee);
        REQUIRE(result.ok);
        CHECK(result.trace_id == created.trace_id);
    }
    SECTION("pending and failed are not paid") {
        REQUIRE(sandbox.post("/__sandbox/status?traceId=" + created.trace_id + "&status=pending")
                    .status == 200);
        auto verdict = client.verify(from_order(created));
        REQUIRE(codes(verdict) == codes_t{"status_not_success"});
        CHECK(verdict.mismatches[0].actual == "pending");
        REQUIRE(sandbox.post("/__sandbox/status?traceId=" + created.trace_id + "&status=failed")
                    .status == 200);
        verdict = client.verify(from_order(created));
        REQUIRE(codes(verdict) == codes_t{"status_not_success"});
        CHECK(verdict.mismatches[0].actual == "failed");
    }
    SECTION("after Fail: failed, with the reason") {
        press(sandbox, created.code, "fail");
        const auto result = client.payment_result(created.trace_id);
        REQUIRE(result.ok);
        CHECK(result.status == mixpay::payment_status::failed);
        CHECK_FALSE(result.failure_reason.empty());
        CHECK(codes(client.verify(from_order(created))) == codes_t{"status_not_success"});
    }
}

TEST_CASE("a paid payment that is not the order's is refused", "[merchant][verify]") {
    sandbox_process sandbox;
    const merchant_client client(quick_options(sandbox.api_base(), sandbox.url()));

    SECTION("the buyer edited the amount before paying") {
        auto params = order_params("order-3001");
        params.quote_amount = "0.01";
        const auto tampered = client.create_payment(params);
        REQUIRE(tampered.ok);
        press(sandbox, tampered.code, "pay");
        auto expected = from_order(tampered);
        for (const bool by_trace : {true, false}) {
            if (!by_trace) {
                expected.trace_id.clear();
            }
            const auto verdict = client.verify(expected);
            CHECK_FALSE(verdict.paid);
            REQUIRE(codes(verdict) == codes_t{"amount_mismatch"});
            CHECK(verdict.mismatches[0].actual == "0.01");
        }
    }
    SECTION("another currency") {
        auto params = order_params();
        params.quote_asset_id = "eur";
        const auto other = client.create_payment(params);
        REQUIRE(other.ok);
        press(sandbox, other.code, "pay");
        CHECK(codes(client.verify(from_order(other))) == codes_t{"asset_mismatch"});
    }
    SECTION("a payment to another payee, claimed by its traceId") {
        auto params = order_params();
        params.payee_id = "3a6b5a7c-1d2e-4f30-8a91-b2c3d4e5f607";
        const auto other = client.create_payment(params);
        REQUIRE(other.ok);
        press(sandbox, other.code, "pay");
        CHECK(codes(client.verify(from_order(other))) == codes_t{"payee_mismatch"});
    }
    SECTION("a traceId nobody created") {
        mixpay::created_payment invented;
        invented.trace_id = "00000000-0000-4000-8000-000000000000";
        const auto verdict = client.verify(from_order(invented));
        REQUIRE(codes(verdict) == codes_t{"api_error"});
        CHECK(verdict.mismatches[0].actual == "40022");
        CHECK(verdict.result.failure.kind == "api");
    }
    SECTION("an unusable expectation is refused without a lookup") {
        mixpay::created_payment created = client.create_payment(order_params());
        REQUIRE(created.ok);
        press(sandbox, created.code, "pay");
        const std::size_t before = lookups(sandbox);
        auto expected = from_order(created);
        expected.quote_amount = "0";
        const auto verdict = client.verify(expected);
        CHECK_FALSE(verdict.paid);
        REQUIRE(codes(verdict) == codes_t{"expectation_invalid"});
        CHECK(verdict.mismatches[0].field == "quoteAmount");
        CHECK(lookups(sandbox) == before);
    }
}
