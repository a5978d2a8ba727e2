#include <catch2/catch.hpp>

#include <string>

#include "mixpay/request.hpp"
#include "mixpay/uuid.hpp"

#include "attempt_inputs.hpp"

using namespace mixpay;
using namespace attempt_inputs;

namespace {

// The value of `name` in a form body; nullopt when absent.
std::optional<std::string> form_value(const std::string& body, const std::string& name) {
    const auto pairs = decode_form(body);
    REQUIRE(pairs.has_value());
    for (const auto& [key, value] : *pairs) {
        if (key == name) {
            return value;
        }
    }
    return std::nullopt;
}

} // namespace

TEST_CASE("encode_form writes the parameters in API order", "[form]") {
    SECTION("minimal parameters, isTemp defaults to 1") {
        CHECK(encode_form(valid_params()) ==
              "payeeId=a0d7791408776b47eb1dd3f94ed15d6a&quoteAmount=10&quoteAssetId=usd"
              "&settlementAssetId=c6d0c728-2624-429b-8e0d-d9d19b6592fa&isTemp=1"
              "&orderId=order_1001");
    }
    SECTION("isTemp is written as 1 or 0") {
        payment_params p = valid_params();
        for (const auto& [given, sent] : {std::pair{"true", "1"}, std::pair{"1", "1"},
                                          std::pair{"false", "0"}, std::pair{"0", "0"}}) {
            p.is_temp = given;
            CHECK(form_value(encode_form(p), "isTemp") == std::string(sent));
        }
    }
    SECTION("the amount travels exactly as given") {
        payment_params p = valid_params();
        p.quote_amount = "10.50";
        CHECK(form_value(encode_form(p), "quoteAmount") == std::string("10.50"));
        p.quote_amount = "0.30000000000000000004";
        CHECK(encode_form(p).find("quoteAmount=0.30000000000000000004&") != std::string::npos);
    }
    SECTION("reserved and non-ASCII characters are escaped") {
        payment_params p = valid_params();
        p.remark = "a&b=c+d e%f#g?h/i";
        p.settlement_memo = "\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80";
        const std::string body = encode_form(p);
        CHECK(body.find("&remark=a%26b%3Dc%2Bd+e%25f%23g%3Fh%2Fi&") != std::string::npos);
        CHECK(body.find("&settlementMemo=%C3%A9%E2%82%AC%F0%9F%98%80") != std::string::npos);
    }
    SECTION("every parameter, in order") {
        payment_params p;
        for (const auto name : param_names()) {
            *param_field(p, name) = "v";
        }
        p.is_temp = "0";
        const auto pairs = decode_form(encode_form(p));
        REQUIRE(pairs.has_value());
        REQUIRE(pairs->size() == param_names().size());
        for (std::size_t i = 0; i < pairs->size(); ++i) {
            CHECK((*pairs)[i].first == param_names()[i]);
        }
    }
}

TEST_CASE("decode_form reads what encode_form writes", "[form]") {
    SECTION("round trip of awkward values") {
        payment_params p = valid_params();
        p.remark = "Caf\xC3\xA9 & tea = 10% off? #1 / 2 + 3";
        p.return_to = "https://shop.example/thanks?a=1&b=2#frag";
        const auto pairs = decode_form(encode_form(p));
        REQUIRE(pairs.has_value());
        const payment_params back = params_from_pairs(*pairs);
        CHECK(back.remark == p.remark);
        CHECK(back.return_to == p.return_to);
        CHECK(back.quote_amount == p.quote_amount);
        CHECK(back.is_temp == std::string("1"));
    }
    SECTION("empty parts, missing '=' and empty values") {
        const auto pairs = decode_form("a=1&&b&c=&=d");
        REQUIRE(pairs.has_value());
        REQUIRE(pairs->size() == 4);
        CHECK((*pairs)[0] == std::pair<std::string, std::string>{"a", "1"});
        CHECK((*pairs)[1] == std::pair<std::string, std::string>{"b", ""});
        CHECK((*pairs)[2] == std::pair<std::string, std::string>{"c", ""});
        CHECK((*pairs)[3] == std::pair<std::string, std::string>{"", "d"});
        CHECK(decode_form("")->empty());
    }
    SECTION("a malformed escape refuses the whole body") {
        CHECK_FALSE(decode_form("a=1&b=%ZZ").has_value());
        CHECK_FALSE(decode_form("a%=1").has_value());
    }
}

TEST_CASE("prepare_request completes, checks and encodes an attempt", "[form][request]") {
    const widget_options options;
    SECTION("a missing traceId is generated from the given bytes as a v4 UUID") {
        const auto request = prepare_request(valid_params(), options, now, random_bytes);
        REQUIRE(request.errors.empty());
        CHECK(request.trace_id == generated_trace_id);
        CHECK(request.trace_id[14] == '4');
        CHECK(std::string("89ab").find(request.trace_id[19]) != std::string::npos);
        CHECK(form_value(request.body, "traceId") == generated_trace_id);
        CHECK(request.order_id == "order_1001");
        CHECK(request.endpoint == "https://api.mixpay.me/v1/one_time_payment");
        CHECK(form_value(request.body, "isTemp") == std::string("1"));
    }
    SECTION("a given traceId is kept") {
        payment_params p = valid_params();
        p.trace_id = given_trace_id;
        const auto request = prepare_request(p, options, now, random_bytes);
        REQUIRE(request.errors.empty());
        CHECK(request.trace_id == given_trace_id);
        CHECK(form_value(request.body, "traceId") == given_trace_id);
    }
    SECTION("the same input gives the same bytes") {
        const auto first = prepare_request(valid_params(), options, now, random_bytes);
        const auto second = prepare_request(valid_params(), options, now, random_bytes);
        CHECK(first.body == second.body);
    }
    SECTION("without orderId the generated traceId satisfies the API") {
        payment_params p = valid_params();
        p.order_id.reset();
        const auto request = prepare_request(p, options, now, random_bytes);
        CHECK(request.errors.empty());
        CHECK(request.order_id.empty());
        CHECK_FALSE(form_value(request.body, "orderId").has_value());
    }
    SECTION("placeholders are filled, URL-encoded, before sending") {
        payment_params p = valid_params();
        p.order_id = "order_1001";
        p.return_to = "https://shop.example/thanks?order={orderId}&t={traceId}";
        p.failed_return_to = "https://shop.example/failed/{traceId}";
        const auto request = prepare_request(p, options, now, random_bytes);
        REQUIRE(request.errors.empty());
        CHECK(form_value(request.body, "returnTo") ==
              "https://shop.example/thanks?order=order_1001&t=" + generated_trace_id);
        CHECK(form_value(request.body, "failedReturnTo") ==
              "https://shop.example/failed/" + generated_trace_id);
    }
    SECTION("a placeholder in the host that makes the URL invalid is refused") {
        payment_params p = valid_params();
        p.order_id.reset();
        p.return_to = "https://{orderId}/thanks";
        const auto request = prepare_request(p, options, now, random_bytes);
        REQUIRE(request.errors.size() == 1);
        CHECK(request.errors[0].field == "returnTo");
        CHECK(request.body.empty());
        CHECK(request.endpoint.empty());
    }
    SECTION("a return URL that fills to nothing is refused, not dropped") {
        payment_params p = valid_params();
        p.order_id.reset();
        p.return_to = "{orderId}";
        p.failed_return_to = "{orderId}";
        const auto request = prepare_request(p, options, now, random_bytes);
        REQUIRE(request.errors.size() == 2);
        CHECK(request.errors[0].field == "returnTo");
        CHECK(request.errors[1].field == "failedReturnTo");
        CHECK(request.body.empty());
    }
    SECTION("errors of parameters and options together, nothing to send") {
        payment_params p = valid_params();
        p.quote_amount = "1e3";
        widget_options bad;
        bad.api_base = "ftp://api.example";
        bad.pay_base = "https://mixpay.me/?x=1";
        const auto request = prepare_request(p, bad, now, random_bytes);
        REQUIRE(request.errors.size() == 3);
        CHECK(request.errors[0].field == "quoteAmount");
        CHECK(request.errors[1].field == "apiBase");
        CHECK(request.errors[2].field == "payBase");
        CHECK(request.body.empty());
    }
    SECTION("the endpoint follows apiBase, with or without a trailing slash") {
        widget_options local;
        local.api_base = "http://127.0.0.1:8080/v1/";
        CHECK(prepare_request(valid_params(), local, now, random_bytes).endpoint ==
              "http://127.0.0.1:8080/v1/one_time_payment");
        local.api_base = "http://127.0.0.1:8080/v1";
        CHECK(prepare_request(valid_params(), local, now, random_bytes).endpoint ==
              "http://127.0.0.1:8080/v1/one_time_payment");
    }
}

TEST_CASE("validate_options checks apiBase and payBase", "[request]") {
    CHECK(validate_options(widget_options{}).empty());
    widget_options o;
    o.api_base = "/v1";
    o.pay_base = "https://mixpay.me#x";
    const auto errors = validate_options(o);
    REQUIRE(errors.size() == 2);
    CHECK(errors[0].field == "apiBase");
    CHECK(errors[1].field == "payBase");
    o.api_base = "https://user@api.example/v1";
    o.pay_base = "http://localhost:8080";
    REQUIRE(validate_options(o).size() == 1);
    CHECK(validate_options(o)[0].field == "apiBase");
}

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
