#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "fake_api.hpp"
#include "mixpay/merchant.hpp"
#include "mixpay_fixtures.hpp"
#include "sandbox_process.hpp"
#include "shop.hpp"

using namespace merchant_test;
using mixpay::merchant_client;

namespace {

std::vector<std::string> codes(const mixpay::verification& verdict) {
    std::vector<std::string> out;
    for (const auto& m : verdict.mismatches) {
        out.emplace_back(mixpay::to_string(m.code));
    }
    return out;
}

using codes_t = std::vector<std::string>;

// What the shop's own records say about an order it created, looked up by its traceId.
mixpay::expected_payment from_order(const mixpay::created_payment& created) {
    mixpay::expected_payment expected;
    expected.payee_id = payee;
    expected.quote_amount = "10.00";
    expected.quote_asset_id = "USD";
    expected.trace_id = created.trace_id;
    return expected;
}

// The same order looked up by its orderId and payeeId.
mixpay::expected_payment by_order_id(const mixpay::created_payment& created) {
    mixpay::expected_payment expected = from_order(created);
    expected.looked_up_by = mixpay::lookup_key::order_id;
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
        REQUIRE(codes(verdict) == codes_t{"status_unpaid"});
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
    SECTION("after Pay: paid, by orderId and payeeId, the traceId checked") {
        press(sandbox, created.code, "pay");
        CHECK(client.verify(by_order_id(created)).paid);
        auto expected = by_order_id(created);
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
        REQUIRE(codes(verdict) == codes_t{"status_pending"});
        CHECK(verdict.mismatches[0].actual == "pending");
        REQUIRE(sandbox.post("/__sandbox/status?traceId=" + created.trace_id + "&status=failed")
                    .status == 200);
        verdict = client.verify(from_order(created));
        REQUIRE(codes(verdict) == codes_t{"status_failed"});
        CHECK(verdict.mismatches[0].field == "failureCode");
    }
    SECTION("after Fail: failed, with the reason") {
        press(sandbox, created.code, "fail");
        const auto result = client.payment_result(created.trace_id);
        REQUIRE(result.ok);
        CHECK(result.status == mixpay::payment_status::failed);
        CHECK_FALSE(result.failure_reason.empty());
        const auto verdict = client.verify(from_order(created));
        REQUIRE(codes(verdict) == codes_t{"status_failed"});
        CHECK(verdict.mismatches[0].actual == result.failure_code);
        CHECK(verdict.mismatches[0].message.find(result.failure_reason) != std::string::npos);
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
        for (const auto& expected : {from_order(tampered), by_order_id(tampered)}) {
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
        CHECK(mixpay::to_string(verdict.result.failure.kind) == "api");
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

namespace {

const std::string documented_trace = "525502dd-e552-4505-b114-32fe32ff23c2";

// MixPay's current documented answer for the shop's order: the merchant's payeeId for the
// placeholder, the order's traceId and amount, and `status`.
std::string documented_answer(const std::string& status) {
    nlohmann::json sent = nlohmann::json::parse(
        mixpay_fixtures::text("payments_result.current.json"), nullptr, false);
    REQUIRE(sent.is_object());
    sent["data"]["status"] = status;
    sent["data"]["payeeId"] = payee;
    sent["data"]["traceId"] = documented_trace;
    sent["data"]["quoteAmount"] = "10";
    if (status == "failed") {
        sent["data"]["failureCode"] = "40000";
        sent["data"]["failureReason"] = "Payment overtime";
    }
    return sent.dump();
}

mixpay::expected_payment documented_order() {
    mixpay::expected_payment expected;
    expected.payee_id = payee;
    expected.quote_amount = "10.00";
    expected.quote_asset_id = "usd";
    expected.trace_id = documented_trace;
    return expected;
}

} // namespace

TEST_CASE("documented answers verify by the lookup key the expectation names",
          "[merchant][verify]") {
    std::string status = "success";
    httplib::Params asked;
    fake_api api([&](fake_api&, int, const httplib::Request& request, httplib::Response& response) {
        asked = request.params;
        response.set_content(documented_answer(status), "application/json");
    });
    const merchant_client client(quick_options(api.api_base(), "https://mixpay.me"));

    SECTION("by traceId: the query names the traceId alone") {
        const auto verdict = client.verify(documented_order());
        CHECK(verdict.paid);
        CHECK(verdict.result.transactions.size() == 2);
        CHECK(verdict.result.payment.is_fully_paid == true);
        REQUIRE(asked.count("traceId") == 1);
        CHECK(asked.find("traceId")->second == documented_trace);
        CHECK(asked.count("orderId") == 0);
        CHECK(asked.count("payeeId") == 0);
    }
    SECTION("by orderId: the query names orderId and payeeId; the answer has no orderId") {
        auto expected = documented_order();
        expected.looked_up_by = mixpay::lookup_key::order_id;
        expected.order_id = "order-4001";
        const auto verdict = client.verify(expected);
        CHECK(verdict.paid);
        CHECK(asked.count("traceId") == 0);
        REQUIRE(asked.count("orderId") == 1);
        CHECK(asked.find("orderId")->second == "order-4001");
        REQUIRE(asked.count("payeeId") == 1);
        CHECK(asked.find("payeeId")->second == payee);
        expected.trace_id = "00000000-0000-4000-8000-000000000000";
        CHECK(codes(client.verify(expected)) == codes_t{"trace_mismatch"});
    }
    SECTION("an orderId beside a lookup by traceId is refused without a request") {
        auto expected = documented_order();
        expected.order_id = "order-4001";
        const auto verdict = client.verify(expected);
        CHECK_FALSE(verdict.paid);
        REQUIRE(codes(verdict) == codes_t{"expectation_invalid"});
        CHECK(verdict.mismatches[0].field == "orderId");
        CHECK(api.requests() == 0);
    }
    SECTION("every status but success is not paid, each with its code") {
        const std::pair<const char*, const char*> statuses[] = {
            {"unpaid", "status_unpaid"},       {"confirming", "status_confirming"},
            {"paid_less", "status_paid_less"}, {"pending", "status_pending"},
            {"auditing", "status_auditing"},   {"failed", "status_failed"},
            {"refunded", "status_unknown"}};
        for (const auto& [word, code] : statuses) {
            INFO(word);
            status = word;
            const auto verdict = client.verify(documented_order());
            CHECK_FALSE(verdict.paid);
            CHECK(codes(verdict) == codes_t{code});
            CHECK(verdict.result.status_text == word);
        }
        CHECK(api.requests() == 7);
    }
}
