#include <catch2/catch.hpp>

#include <string>

#include "mixpay/code_request.hpp"
#include "mixpay/response.hpp"

#include "attempt_inputs.hpp"

using namespace mixpay;
using namespace attempt_inputs;

namespace {

code_request valid_request() {
    code_request r;
    r.endpoint = "https://shop.example/checkout/mixpay";
    r.order_id = "order_1001";
    r.fields = {{"product", "mug"}, {"quantity", "2"}};
    return r;
}

bool has_error(const prepared_request& p, const std::string& field) {
    for (const auto& e : p.errors) {
        if (e.field == field) {
            return true;
        }
    }
    return false;
}

} // namespace

TEST_CASE("a code request sends the order reference and nothing else", "[code_request]") {
    SECTION("traceId first, then orderId, then the marked fields, form-encoded") {
        const auto p = prepare_code_request(valid_request(), {}, now, random_bytes);
        REQUIRE(p.errors.empty());
        CHECK(p.endpoint == "https://shop.example/checkout/mixpay");
        CHECK(p.trace_id == generated_trace_id);
        CHECK(p.order_id == "order_1001");
        CHECK(p.body ==
              "traceId=" + generated_trace_id + "&orderId=order_1001&product=mug&quantity=2");
    }
    SECTION("a given traceId is the attempt's; orderId is optional") {
        auto r = valid_request();
        r.trace_id = code;
        r.order_id.reset();
        r.fields = {{"note", "a b&c=d"}};
        const auto p = prepare_code_request(r, {}, now, random_bytes);
        REQUIRE(p.errors.empty());
        CHECK(p.body == "traceId=" + code + "&note=a+b%26c%3Dd");
        CHECK(p.order_id.empty());
    }
    SECTION("the same input gives the same bytes, so every retry sends one body") {
        const auto a = prepare_code_request(valid_request(), {}, now, random_bytes);
        const auto b = prepare_code_request(valid_request(), {}, now, random_bytes);
        CHECK(a.body == b.body);
    }
}

TEST_CASE("a code request is refused with every error named, and nothing to send",
          "[code_request]") {
    SECTION("the endpoint must be an absolute http(s) URL without fragment or user name") {
        for (const char* endpoint :
             {"", "/checkout", "ftp://shop.example/x", "https://shop.example/x#y",
              "https://user@shop.example/x", "javascript:alert(1)"}) {
            auto r = valid_request();
            r.endpoint = endpoint;
            const auto p = prepare_code_request(r, {}, now, random_bytes);
            CHECK(has_error(p, "codeEndpoint"));
            CHECK(p.body.empty());
        }
    }
    SECTION("orderId, traceId and failedReturnTo follow the API's rules") {
        auto r = valid_request();
        r.order_id = "short";
        r.trace_id = "not-a-uuid";
        r.failed_return_to = "/failed";
        const auto p = prepare_code_request(r, {}, now, random_bytes);
        CHECK(has_error(p, "orderId"));
        CHECK(has_error(p, "traceId"));
        CHECK(has_error(p, "failedReturnTo"));
        CHECK(p.errors.size() == 3);
        CHECK(p.body.empty());
    }
    SECTION("a failedReturnTo template that fills to nothing is refused") {
        auto r = valid_request();
        r.order_id.reset();
        r.failed_return_to = "{orderId}";
        CHECK(has_error(prepare_code_request(r, {}, now, random_bytes), "failedReturnTo"));
    }
    SECTION("a bad payBase is refused; apiBase is not used") {
        widget_options options;
        options.pay_base = "not a url";
        options.api_base = "also not a url";
        const auto p = prepare_code_request(valid_request(), options, now, random_bytes);
        REQUIRE(p.errors.size() == 1);
        CHECK(p.errors[0].field == "payBase");
    }
    SECTION("marked fields: names of data-* keys, other than traceId and orderId") {
        for (const char* name : {"", "1st", "a-b", "a b", "traceId", "orderId"}) {
            auto r = valid_request();
            r.fields = {{name, "x"}};
            const auto p = prepare_code_request(r, {}, now, random_bytes);
            CHECK_FALSE(p.errors.empty());
            CHECK(p.body.empty());
        }
    }
    SECTION("marked fields: text of at most 200 characters, no control characters") {
        auto r = valid_request();
        r.fields = {
            {"note", std::string(201, 'x')}, {"line", "a\nb"}, {"ok", std::string(200, 'x')}};
        const auto p = prepare_code_request(r, {}, now, random_bytes);
        CHECK(has_error(p, "note"));
        CHECK(has_error(p, "line"));
        CHECK_FALSE(has_error(p, "ok"));
    }
    SECTION("at most 16 marked fields") {
        auto r = valid_request();
        r.fields.clear();
        for (int i = 0; i < 17; ++i) {
            r.fields.emplace_back("f" + std::to_string(i), "x");
        }
        CHECK(has_error(prepare_code_request(r, {}, now, random_bytes), "codeParams"));
    }
}

TEST_CASE("the code endpoint's answer: only {\"code\": uuid} in a 2xx succeeds", "[code_request]") {
    SECTION("the code, canonical") {
        const auto r =
            parse_code_response(200, R"({"code":"525502DD-E552-4505-B114-32FE32FF23C2"})");
        REQUIRE(r.ok);
        CHECK(r.code == code);
    }
    SECTION("anything else in a 2xx is a response failure, not retried") {
        for (const char* body : {"", "null", "[]", R"({"code":0})", R"({"code":"../../evil"})",
                                 R"({"data":{"code":"x"}})", R"({"code":"https://evil.example/"})",
                                 "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[["}) {
            const auto r = parse_code_response(200, body);
            CHECK_FALSE(r.ok);
            CHECK(to_string(r.failure.kind) == "response");
            CHECK_FALSE(r.failure.transient);
        }
    }
    SECTION("a code nested elsewhere does not count") {
        CHECK_FALSE(parse_code_response(200, R"({"x":{"code":")" + code + R"("}})").ok);
    }
    SECTION("non-2xx statuses are http failures; 5xx and 429 are retried") {
        const auto refused = parse_code_response(403, R"({"code":")" + code + R"("})");
        CHECK_FALSE(refused.ok);
        CHECK(to_string(refused.failure.kind) == "http");
        CHECK_FALSE(refused.failure.transient);
        CHECK(parse_code_response(503, "").failure.transient);
        CHECK(parse_code_response(429, "").failure.transient);
        CHECK(to_string(parse_code_response(0, "").failure.kind) == "network");
    }
}
