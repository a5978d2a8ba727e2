#include <catch2/catch.hpp>

#include <string>

#include "mixpay/response.hpp"

#include "attempt_inputs.hpp"

using namespace mixpay;
using namespace attempt_inputs;

namespace {

std::string success_body(const std::string& data) {
    return R"({"code":0,"success":true,"message":"","data":)" + data +
           R"(,"timestampMs":1645411665245})";
}

std::string error_body(long long code, const std::string& message_json) {
    return R"({"code":)" + std::to_string(code) + R"(,"success":false,"message":)" + message_json +
           R"(,"data":[],"timestampMs":1635734004508})";
}

void check_failure(const create_result& result, const std::string& kind, int status,
                   std::int64_t code, bool transient) {
    CHECK_FALSE(result.ok);
    CHECK(result.code.empty());
    CHECK(to_string(result.failure.kind) == kind);
    CHECK(result.failure.status == status);
    CHECK(result.failure.code == code);
    CHECK(result.failure.transient == transient);
    CHECK_FALSE(result.failure.message.empty());
}

} // namespace

TEST_CASE("a successful answer gives the canonical payment code", "[response]") {
    SECTION("the API's own example") {
        const auto result =
            parse_create_response(200, success_body(R"({"code":")" + code + R"("})"));
        CHECK(result.ok);
        CHECK(result.code == code);
    }
    SECTION("an uppercase code becomes lowercase") {
        const auto result = parse_create_response(
            200, success_body(R"({"code":"525502DD-E552-4505-B114-32FE32FF23C2"})"));
        CHECK(result.ok);
        CHECK(result.code == code);
    }
    SECTION("any 2xx status, extra fields and whitespace") {
        const auto result = parse_create_response(
            201, "\n { \"success\" : true , \"code\" : 0, \"extra\": [1,{\"a\":null}], "
                 "\"data\": {\"code\": \"" +
                     code + "\", \"x\": 1.5} }\n");
        CHECK(result.ok);
        CHECK(result.code == code);
    }
}

TEST_CASE("success without a UUID in data.code is a response failure", "[response]") {
    for (const std::string data :
         {R"({"code":"../../evil"})", R"({"code":"https://evil.example/"})", R"({"code":0})",
          R"({"code":null})", R"({})", R"([])", R"("x")", R"({"code":["x"]})",
          R"({"code":" 525502dd-e552-4505-b114-32fe32ff23c2"})",
          R"({"code":"525502dd-e552-4505-b114-32fe32ff23c2/../x"})"}) {
        INFO(data);
        check_failure(parse_create_response(200, success_body(data)), "response", 200, 0, false);
    }
    SECTION("no data at all") {
        check_failure(parse_create_response(200, R"({"success":true,"code":0})"), "response", 200,
                      0, false);
    }
}

TEST_CASE("an envelope with success:false is an api failure", "[response]") {
    SECTION("a permanent error keeps the API's code and message") {
        const auto result = parse_create_response(200, error_body(1017, R"("Parameter error.")"));
        check_failure(result, "api", 200, 1017, false);
        CHECK(result.failure.message == "Parameter error.");
    }
    SECTION("code -1 and 1429 are transient") {
        check_failure(parse_create_response(200, error_body(-1, R"("Server error")")), "api", 200,
                      -1, true);
        check_failure(parse_create_response(200, error_body(1429, R"("Too fast")")), "api", 200,
                      1429, true);
        check_failure(parse_create_response(200, error_body(10008, R"("Maintenance")")), "api", 200,
                      10008, false);
    }
    SECTION("a missing or unusable message gets a plain default") {
        const auto no_message = parse_create_response(200, R"({"success":false,"code":10002})");
        check_failure(no_message, "api", 200, 10002, false);
        CHECK(no_message.failure.message ==
              "The payment service refused the payment (code 10002).");
        const auto busy = parse_create_response(200, error_body(1429, "42"));
        CHECK(busy.failure.message == "The payment service is busy. Please try again.");
        const auto blank = parse_create_response(200, error_body(-1, R"("  ")"));
        CHECK(blank.failure.message == "The payment service had a problem. Please try again.");
    }
    SECTION("control characters in the message become spaces, long ones are cut") {
        const auto result = parse_create_response(200, error_body(1017, R"("a\nb\u0000c")"));
        CHECK(result.failure.message == "a b c");
        std::string long_message(1000, 'x');
        const auto cut = parse_create_response(200, error_body(1017, '"' + long_message + '"'));
        CHECK(cut.failure.message == std::string(300, 'x'));
        std::string euros;
        for (int i = 0; i < 400; ++i) {
            euros += "\xE2\x82\xAC";
        }
        const auto cut_euros = parse_create_response(200, error_body(1017, '"' + euros + '"'));
        CHECK(cut_euros.failure.message == euros.substr(0, 900));
    }
    SECTION("an envelope on a non-2xx status is still the API speaking") {
        check_failure(parse_create_response(400, error_body(1017, R"("Parameter error.")")), "api",
                      400, 1017, false);
        check_failure(parse_create_response(503, error_body(10008, R"("Maintenance")")), "api", 503,
                      10008, true);
        check_failure(parse_create_response(429, error_body(1429, R"("Too fast")")), "api", 429,
                      1429, true);
    }
    SECTION("codes beyond 64 bits are not an envelope") {
        check_failure(parse_create_response(200, R"({"success":false,"code":9223372036854775808})"),
                      "response", 200, 0, false);
        const auto largest =
            parse_create_response(200, R"({"success":false,"code":9223372036854775807})");
        check_failure(largest, "api", 200, 9223372036854775807LL, false);
    }
}

TEST_CASE("a non-2xx answer without an envelope is an http failure", "[response]") {
    SECTION("5xx and 429 are transient") {
        const auto result = parse_create_response(500, "Internal Server Error");
        check_failure(result, "http", 500, 0, true);
        CHECK(result.failure.message ==
              "The payment service is not available right now. Please try again.");
        check_failure(parse_create_response(502, "<html>Bad gateway</html>"), "http", 502, 0, true);
        check_failure(parse_create_response(599, ""), "http", 599, 0, true);
        const auto busy = parse_create_response(429, "");
        check_failure(busy, "http", 429, 0, true);
        CHECK(busy.failure.message == "The payment service is busy. Please try again.");
    }
    SECTION("other statuses are not") {
        const auto result = parse_create_response(404, "Not Found");
        check_failure(result, "http", 404, 0, false);
        CHECK(result.failure.message ==
              "The payment service could not handle the request (HTTP 404).");
        check_failure(parse_create_response(400, "{}"), "http", 400, 0, false);
        check_failure(parse_create_response(301, ""), "http", 301, 0, false);
        check_failure(parse_create_response(600, ""), "http", 600, 0, false);
    }
    SECTION("success:true on an error status is not trusted") {
        check_failure(parse_create_response(
                          500, success_body(R"({"code":"525502dd-e552-4505-b114-32fe32ff23c2"})")),
                      "http", 500, 0, true);
    }
}

TEST_CASE("a 2xx answer that is not an envelope is a response failure", "[response]") {
    SECTION("garbage") {
        for (const std::string& body :
             {std::string(""), std::string("null"), std::string("[]"), std::string("\"x\""),
              std::string("0"), std::string("true"), std::string("{"), std::string("not json"),
              std::string("<html></html>"), std::string(R"({"success":true})"),
              std::string(R"({"code":0})"), std::string(R"({"success":"true","code":0})"),
              std::string(R"({"success":1,"code":0})"),
              std::string(R"({"success":true,"code":"0"})"),
              std::string(R"({"success":false,"code":"1017"})"),
              std::string(R"({"success":false,"code":1017.5})"),
              std::string(R"({"success":false,"code":null})"),
              std::string(R"({"success":true,"code":0,"data":{"code":")") + code +
                  R"("}} trailing)",
              std::string(R"({"success":true,"code":0} {"success":true,"code":0})")}) {
            INFO(body);
            check_failure(parse_create_response(200, body), "response", 200, 0, false);
        }
    }
    SECTION("huge numbers") {
        for (const std::string& body :
             {std::string(R"({"success":false,"code":1e400})"),
              std::string(R"({"success":false,"code":99999999999999999999})"),
              std::string(R"({"success":false,"code":-99999999999999999999})"),
              std::string(R"({"success":false,"code":1e3})")}) {
            INFO(body);
            check_failure(parse_create_response(200, body), "response", 200, 0, false);
        }
        const auto big_elsewhere =
            parse_create_response(200, success_body(R"({"code":")" + code + R"(","n":1e400})"));
        CHECK_FALSE(big_elsewhere.ok);
        CHECK(to_string(big_elsewhere.failure.kind) == "response");
    }
    SECTION("NUL bytes and invalid UTF-8") {
        const std::string with_nul = std::string(R"({"success":true,"code":0,"data":{"code":")") +
                                     code + "\"}}" + std::string(1, '\0');
        check_failure(parse_create_response(200, with_nul), "response", 200, 0, false);
        const std::string nul_in_string =
            std::string(R"({"success":false,"code":1017,"message":"a)") + std::string(1, '\0') +
            "b\"}";
        check_failure(parse_create_response(200, nul_in_string), "response", 200, 0, false);
        const std::string garbage_after_nul =
            std::string(R"({"success":true,"code":0,"data":{"code":")") + code + "\"}}" +
            std::string(1, '\0') + "garbage";
        check_failure(parse_create_response(200, garbage_after_nul), "response", 200, 0, false);
        check_failure(
            parse_create_response(200, R"({"success":false,"code":1017,"message":"\xC0\xAF"})"),
            "response", 200, 0, false);
        check_failure(
            parse_create_response(200, R"({"success":false,"code":1017,"message":"\xED\xA0\x80"})"),
            "response", 200, 0, false);
    }
    SECTION("too deep") {
        check_failure(parse_create_response(200, std::string(10000, '[')), "response", 200, 0,
                      false);
        std::string deep_inside = R"({"success":true,"code":0,"data":{"code":")" + code +
                                  R"("},"x":)" + std::string(100, '[') + std::string(100, ']') +
                                  "}";
        check_failure(parse_create_response(200, deep_inside), "response", 200, 0, false);
        const auto deep_error = parse_create_response(500, R"({"success":false,"code":-1,"x":)" +
                                                               std::string(10000, '{'));
        check_failure(deep_error, "http", 500, 0, true);
    }
    SECTION("depth counts brackets outside strings only") {
        const std::string brackets_in_text =
            R"({"success":false,"code":1017,"message":")" + std::string(100, '[') + R"(\"[[[ \\"})";
        const auto result = parse_create_response(200, brackets_in_text);
        check_failure(result, "api", 200, 1017, false);
        CHECK(result.failure.message == std::string(100, '[') + "\"[[[ \\");
    }
    SECTION("nesting at the limit is read") {
        std::string nested = "0";
        for (int i = 0; i < max_json_depth - 1; ++i) {
            nested = "[" + nested + "]";
        }
        const auto result =
            parse_create_response(200, R"({"success":true,"code":0,"x":)" + nested +
                                           R"(,"data":{"code":")" + code + R"("}})");
        CHECK(result.ok);
    }
    SECTION("too big") {
        std::string padded =
            R"({"success":true,"code":0,"data":{"code":")" + code + R"("},"pad":")";
        const std::size_t filler = max_response_bytes - padded.size() - 2;
        padded += std::string(filler, 'x') + "\"}";
        REQUIRE(padded.size() == max_response_bytes);
        CHECK(parse_create_response(200, padded).ok);
        const std::string over = padded.substr(0, padded.size() - 2) + "x\"}";
        REQUIRE(over.size() == max_response_bytes + 1);
        check_failure(parse_create_response(200, over), "response", 200, 0, false);
    }
}

TEST_CASE("failures without an HTTP answer", "[response]") {
    const auto network = network_failure();
    CHECK(to_string(network.kind) == "network");
    CHECK(network.status == 0);
    CHECK(network.code == 0);
    CHECK(network.transient);
    CHECK_FALSE(network.message.empty());
    const auto timeout = timeout_failure();
    CHECK(to_string(timeout.kind) == "timeout");
    CHECK(timeout.status == 0);
    CHECK(timeout.transient);
    CHECK_FALSE(timeout.message.empty());
    SECTION("the buyer is told the outcome is unknown and a retry is safe") {
        for (const auto& failure : {network, timeout}) {
            CHECK(failure.message.find("not known whether the payment was created") !=
                  std::string::npos);
            CHECK(failure.message.find("continues the same payment") != std::string::npos);
        }
    }
    SECTION("status 0 is read as no answer") {
        check_failure(parse_create_response(0, ""), "network", 0, 0, true);
    }
}

TEST_CASE("an answer cut off for its size is judged by its status alone", "[response]") {
    SECTION("a 2xx is a response failure that says why, not retried") {
        const auto result = cut_off_response(200);
        check_failure(result, "response", 200, 0, false);
        CHECK(result.failure.message.find("too large") != std::string::npos);
    }
    SECTION("5xx and 429 stay transient http failures") {
        check_failure(cut_off_response(502), "http", 502, 0, true);
        check_failure(cut_off_response(429), "http", 429, 0, true);
    }
    SECTION("other statuses are http failures, not retried") {
        check_failure(cut_off_response(404), "http", 404, 0, false);
    }
    SECTION("no status is no answer") {
        check_failure(cut_off_response(0), "network", 0, 0, true);
    }
}

TEST_CASE("createdNothing: only MixPay refusing the request proves no payment exists",
          "[response]") {
    const auto created_nothing = [](int status, const std::string& body) {
        return parse_create_response(status, body).failure.created_nothing;
    };
    SECTION("an API error other than -1 and 1429, whatever the status") {
        CHECK(created_nothing(200, error_body(1017, "\"Invalid\"")));
        CHECK(created_nothing(400, error_body(10001, "\"Invalid\"")));
        CHECK(created_nothing(500, error_body(10001, "\"Invalid\"")));
        CHECK_FALSE(created_nothing(200, error_body(-1, "\"Busy\"")));
        CHECK_FALSE(created_nothing(200, error_body(1429, "\"Busy\"")));
        CHECK_FALSE(created_nothing(429, error_body(1429, "\"Busy\"")));
    }
    SECTION("an HTTP 4xx without an envelope, but 429") {
        CHECK(created_nothing(400, "Bad request"));
        CHECK(created_nothing(404, ""));
        CHECK(created_nothing(499, "<html>"));
        CHECK_FALSE(created_nothing(429, "Too many"));
        CHECK_FALSE(created_nothing(502, "Bad gateway"));
        CHECK_FALSE(created_nothing(302, ""));
        CHECK(parse_code_response(403, "no").failure.created_nothing);
        CHECK_FALSE(cut_off_response(503).failure.created_nothing);
        CHECK(cut_off_response(413).failure.created_nothing);
    }
    SECTION("no answer, no readable answer, or no usable code: it may exist") {
        CHECK_FALSE(network_failure().created_nothing);
        CHECK_FALSE(timeout_failure().created_nothing);
        CHECK_FALSE(created_nothing(200, "not json"));
        CHECK_FALSE(created_nothing(200, success_body(R"({"code":"nope"})")));
        CHECK_FALSE(unusable_code_failure().created_nothing);
        CHECK(to_string(unusable_code_failure().kind) == "response");
        CHECK(unusable_code_failure().status == 200);
        CHECK_FALSE(unusable_code_failure().transient);
    }
}
