#include <catch2/catch.hpp>

#include <string>

#include "request.hpp"

using namespace mixpay;

namespace {

const std::string code = "525502dd-e552-4505-b114-32fe32ff23c2";

} // namespace

TEST_CASE("code_url sends the buyer only to <payBase>/code/<uuid>", "[links]") {
    SECTION("the canonical form") {
        CHECK(code_url("https://mixpay.me", code) == "https://mixpay.me/code/" + code);
        CHECK(code_url("https://mixpay.me/", code) == "https://mixpay.me/code/" + code);
        CHECK(code_url("http://127.0.0.1:8080/", code) == "http://127.0.0.1:8080/code/" + code);
        CHECK(code_url("https://pay.example/checkout//", code) ==
              "https://pay.example/checkout/code/" + code);
    }
    SECTION("an uppercase code becomes lowercase") {
        CHECK(code_url("https://mixpay.me", "525502DD-E552-4505-B114-32FE32FF23C2") ==
              "https://mixpay.me/code/" + code);
    }
    SECTION("anything but a UUID is refused") {
        for (const char* bad : {"../x", "https://evil", "https://evil.example/", "", "x",
                                "525502dd-e552-4505-b114-32fe32ff23c2/../../x",
                                "525502dd-e552-4505-b114-32fe32ff23c", "%2e%2e%2fx"}) {
            INFO(bad);
            CHECK(code_url("https://mixpay.me", bad).empty());
        }
    }
    SECTION("an unusable payBase is refused") {
        for (const char* bad : {"", "/pay", "javascript:alert(1)", "https://mixpay.me?x=1",
                                "https://mixpay.me#x", "https://user@mixpay.me"}) {
            INFO(bad);
            CHECK(code_url(bad, code).empty());
        }
    }
}

TEST_CASE("pay_link builds the long GET /pay link", "[links]") {
    payment_params p;
    p.payee_id = "a0d7791408776b47eb1dd3f94ed15d6a";
    p.quote_amount = "10";
    p.quote_asset_id = "usd";
    p.settlement_asset_id = "c6d0c728-2624-429b-8e0d-d9d19b6592fa";
    SECTION("the API document's example") {
        CHECK(pay_link("https://mixpay.me", p) ==
              "https://mixpay.me/pay?payeeId=a0d7791408776b47eb1dd3f94ed15d6a"
              "&quoteAmount=10&quoteAssetId=usd"
              "&settlementAssetId=c6d0c728-2624-429b-8e0d-d9d19b6592fa");
        CHECK(pay_link("https://mixpay.me/", p).rfind("https://mixpay.me/pay?payeeId=", 0) == 0);
    }
    SECTION("values are percent-encoded, in API order, absent ones left out") {
        p.remark = "Tea & cake = 5\xE2\x82\xAC";
        p.order_id = "order_1001";
        p.return_to = "https://shop.example/thanks?order=order_1001";
        const std::string link = pay_link("https://mixpay.me", p);
        CHECK(link == "https://mixpay.me/pay?payeeId=a0d7791408776b47eb1dd3f94ed15d6a"
                      "&quoteAmount=10&quoteAssetId=usd"
                      "&settlementAssetId=c6d0c728-2624-429b-8e0d-d9d19b6592fa"
                      "&remark=Tea%20%26%20cake%20%3D%205%E2%82%AC&orderId=order_1001"
                      "&returnTo=https%3A%2F%2Fshop.example%2Fthanks%3Forder%3Dorder_1001");
        CHECK(link.find("traceId") == std::string::npos);
    }
    SECTION("parameters GET /pay does not take are left out") {
        p.is_temp = "1";
        p.payment_asset_id = "4d8c508b-91c5-375b-92b0-ee702ed2dac5";
        p.expire_seconds = "60";
        const std::string link = pay_link("https://mixpay.me", p);
        CHECK(link.find("isTemp") == std::string::npos);
        CHECK(link.find("paymentAssetId") == std::string::npos);
        CHECK(link.find("expireSeconds") == std::string::npos);
    }
    SECTION("an unusable payBase gives no link") {
        CHECK(pay_link("ftp://mixpay.me", p).empty());
        CHECK(pay_link("mixpay.me", p).empty());
    }
}

TEST_CASE("prepare_lookup: the payments_result URL of one payment", "[links]") {
    widget_options options;
    options.api_base = "https://api.mixpay.me/v1/";
    SECTION("by traceId") {
        payment_params p;
        p.trace_id = "525502dd-e552-4505-b114-32fe32ff23c2";
        const auto lookup = prepare_lookup(p, options);
        REQUIRE(lookup.errors.empty());
        CHECK(lookup.endpoint == "https://api.mixpay.me/v1/"
                                 "payments_result?traceId=525502dd-e552-4505-b114-32fe32ff23c2");
        CHECK(lookup.body.empty());
    }
    SECTION("by orderId and payeeId when there is no traceId") {
        payment_params p;
        p.order_id = "order_1001";
        p.payee_id = "a0d7791408776b47eb1dd3f94ed15d6a";
        const auto lookup = prepare_lookup(p, options);
        REQUIRE(lookup.errors.empty());
        CHECK(lookup.endpoint == "https://api.mixpay.me/v1/payments_result?orderId=order_1001"
                                 "&payeeId=a0d7791408776b47eb1dd3f94ed15d6a");
    }
    SECTION("nothing to look up by, or values the API would refuse: errors, no URL") {
        payment_params none;
        CHECK(prepare_lookup(none, options).errors.at(0).field == "traceId");
        payment_params bad;
        bad.trace_id = "x&y=1";
        const auto refused = prepare_lookup(bad, options);
        CHECK(refused.errors.at(0).field == "traceId");
        CHECK(refused.endpoint.empty());
        payment_params order_only;
        order_only.order_id = "order_1001";
        CHECK_FALSE(prepare_lookup(order_only, options).errors.empty());
    }
    SECTION("a bad apiBase is named") {
        payment_params p;
        p.trace_id = "525502dd-e552-4505-b114-32fe32ff23c2";
        widget_options bad;
        bad.api_base = "javascript:alert(1)";
        CHECK(prepare_lookup(p, bad).errors.at(0).field == "apiBase");
    }
}
