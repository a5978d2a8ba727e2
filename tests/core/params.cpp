#include <catch2/catch.hpp>

#include <limits>
#include <string>
#include <vector>

#include "mixpay/params.hpp"

#include "attempt_inputs.hpp"

using namespace mixpay;
using namespace attempt_inputs;

namespace {

std::vector<std::string> fields_of(const std::vector<field_error>& errors) {
    std::vector<std::string> fields;
    for (const auto& e : errors) {
        fields.push_back(e.field);
    }
    return fields;
}

// The fields in error when `name` is set to `value` on otherwise valid parameters.
std::vector<std::string> errors_with(std::string_view name, std::string value) {
    payment_params p = valid_params();
    *param_field(p, name) = std::move(value);
    return fields_of(validate(p, now));
}

bool accepts(std::string_view name, std::string value) {
    return errors_with(name, std::move(value)).empty();
}

bool refuses(std::string_view name, std::string value) {
    return errors_with(name, std::move(value)) == std::vector<std::string>{std::string(name)};
}

std::string repeat(std::string_view piece, std::size_t count) {
    std::string out;
    for (std::size_t i = 0; i < count; ++i) {
        out.append(piece);
    }
    return out;
}

const std::string euro = "\xE2\x82\xAC";

} // namespace

TEST_CASE("param_names lists the API's parameters in its order", "[params]") {
    const auto& names = param_names();
    CHECK(names.front() == "payeeId");
    CHECK(names[1] == "quoteAmount");
    CHECK(names.back() == "expiredTimestamp");
    payment_params p;
    for (const auto name : names) {
        INFO(name);
        auto* field = param_field(p, name);
        REQUIRE(field != nullptr);
        *field = std::string(name);
    }
    CHECK(p.payee_id == std::string("payeeId"));
    CHECK(p.failed_return_to == std::string("failedReturnTo"));
    CHECK(p.expired_timestamp == std::string("expiredTimestamp"));
    CHECK(param_field(p, "apiBase") == nullptr);
    CHECK(param_field(p, "payeeid") == nullptr);
}

TEST_CASE("params_from_pairs keeps parameters, drops others and empty values", "[params]") {
    const payment_params p = params_from_pairs({{"payeeId", "abc"},
                                                {"label", "Pay"},
                                                {"remark", ""},
                                                {"quoteAmount", "1"},
                                                {"quoteAmount", "2"}});
    CHECK(p.payee_id == std::string("abc"));
    CHECK_FALSE(p.remark.has_value());
    CHECK(p.quote_amount == std::string("2"));
    CHECK_FALSE(p.order_id.has_value());
}

TEST_CASE("valid parameters have no errors", "[params]") {
    CHECK(validate(valid_params(), now).empty());
    payment_params full = valid_params();
    full.is_temp = "false";
    full.payment_asset_id = "4d8c508b-91c5-375b-92b0-ee702ed2dac5";
    full.remark = "Order 1001";
    full.expire_seconds = "86400";
    full.trace_id = "525502dd-e552-4505-b114-32fe32ff23c2";
    full.settlement_memo = "memo";
    full.return_to = "https://shop.example/thanks?order={orderId}";
    full.failed_return_to = "https://shop.example/failed?trace={traceId}";
    full.callback_url = "https://shop.example/callback";
    full.expired_timestamp = std::to_string(now + 600);
    CHECK(validate(full, now).empty());
}

TEST_CASE("required parameters", "[params]") {
    SECTION("nothing given: every required field at once") {
        const auto errors = validate(payment_params{}, now);
        CHECK(fields_of(errors) == std::vector<std::string>{"payeeId", "quoteAmount",
                                                            "quoteAssetId", "settlementAssetId",
                                                            "orderId"});
        CHECK(errors[0].message == "payeeId is required.");
        CHECK(errors[4].message == "orderId or traceId is required.");
    }
    SECTION("an empty value counts as missing") {
        CHECK(refuses("quoteAmount", ""));
        CHECK(refuses("payeeId", ""));
    }
    SECTION("orderId or traceId") {
        payment_params p = valid_params();
        p.order_id.reset();
        CHECK(fields_of(validate(p, now)) == std::vector<std::string>{"orderId"});
        p.trace_id = "525502dd-e552-4505-b114-32fe32ff23c2";
        CHECK(validate(p, now).empty());
        p.trace_id = "";
        CHECK(fields_of(validate(p, now)) == std::vector<std::string>{"orderId"});
    }
}

TEST_CASE("payeeId is a UUID or 32 hex digits", "[params]") {
    CHECK(accepts("payeeId", "c6d0c728-2624-429b-8e0d-d9d19b6592fa"));
    CHECK(accepts("payeeId", "a0d7791408776b47eb1dd3f94ed15d6a"));
    CHECK(accepts("payeeId", "A0D7791408776B47EB1DD3F94ED15D6A"));
    CHECK(refuses("payeeId", repeat("a", 31)));
    CHECK(refuses("payeeId", repeat("a", 33)));
    CHECK(refuses("payeeId", repeat("a", 31) + "g"));
    CHECK(refuses("payeeId", "a0d7791408776b47eb1dd3f94ed15d6a\n"));
    const auto errors = [] {
        payment_params p = valid_params();
        p.payee_id = "nope";
        return validate(p, now);
    }();
    REQUIRE(errors.size() == 1);
    CHECK(errors[0].message == "payeeId must be a UUID or a 32-digit hexadecimal account id.");
}

TEST_CASE("quoteAmount is a positive decimal", "[params]") {
    for (const char* ok : {"10", "0.5", "10.50", "0.00000001"}) {
        INFO(ok);
        CHECK(accepts("quoteAmount", ok));
    }
    for (const char* bad : {"0", "0.0", "-1", "+1", "1e3", "1.", ".5", "1,5", " 1", "1 ", "1\n"}) {
        INFO(bad);
        CHECK(refuses("quoteAmount", bad));
    }
    payment_params p = valid_params();
    p.quote_amount = "1e3";
    const auto errors = validate(p, now);
    REQUIRE(errors.size() == 1);
    CHECK_THAT(errors[0].message,
               Catch::StartsWith("quoteAmount must be a positive decimal such as 10 or 0.5"));
}

TEST_CASE("quoteAssetId is a UUID or a fiat code", "[params]") {
    CHECK(accepts("quoteAssetId", "usd"));
    CHECK(accepts("quoteAssetId", "USD"));
    CHECK(accepts("quoteAssetId", "eur"));
    CHECK(accepts("quoteAssetId", "c6d0c728-2624-429b-8e0d-d9d19b6592fa"));
    CHECK(refuses("quoteAssetId", "us"));
    CHECK(refuses("quoteAssetId", "usdt"));
    CHECK(refuses("quoteAssetId", "u5d"));
    CHECK(refuses("quoteAssetId", "us\n"));
}

TEST_CASE("asset ids and traceId are UUIDs", "[params]") {
    for (const char* name : {"settlementAssetId", "paymentAssetId", "traceId"}) {
        INFO(name);
        CHECK(accepts(name, "C6D0C728-2624-429B-8E0D-D9D19B6592FA"));
        CHECK(refuses(name, "usd"));
        CHECK(refuses(name, "a0d7791408776b47eb1dd3f94ed15d6a"));
        CHECK(refuses(name, "c6d0c728-2624-429b-8e0d-d9d19b6592fa "));
    }
}

TEST_CASE("isTemp is true, false, 1 or 0", "[params]") {
    for (const char* ok : {"true", "false", "1", "0"}) {
        INFO(ok);
        CHECK(accepts("isTemp", ok));
    }
    for (const char* bad : {"yes", "TRUE", "2", "01", " 1", "true\n"}) {
        INFO(bad);
        CHECK(refuses("isTemp", bad));
    }
    SECTION("normalized to 1 or 0, absent means 1") {
        CHECK(normalized_is_temp(std::nullopt) == std::string("1"));
        CHECK(normalized_is_temp(std::string("")) == std::string("1"));
        CHECK(normalized_is_temp(std::string("true")) == std::string("1"));
        CHECK(normalized_is_temp(std::string("1")) == std::string("1"));
        CHECK(normalized_is_temp(std::string("false")) == std::string("0"));
        CHECK(normalized_is_temp(std::string("0")) == std::string("0"));
        CHECK_FALSE(normalized_is_temp(std::string("no")).has_value());
    }
}

TEST_CASE("orderId is 6 to 36 of letters, digits, '-' and '_'", "[params]") {
    CHECK(refuses("orderId", repeat("a", 5)));
    CHECK(accepts("orderId", repeat("a", 6)));
    CHECK(accepts("orderId", repeat("Z", 36)));
    CHECK(refuses("orderId", repeat("a", 37)));
    CHECK(accepts("orderId", "A-z_09"));
    for (const char* bad :
         {"order 1", "order.1", "order/1", "order#1", "order\n1", "ord\xC3\xA9r1"}) {
        INFO(bad);
        CHECK(refuses("orderId", bad));
    }
}

TEST_CASE("remark and settlementMemo are limited in characters", "[params][utf8]") {
    SECTION("remark: 50 characters, not bytes") {
        CHECK(accepts("remark", repeat("a", 50)));
        CHECK(refuses("remark", repeat("a", 51)));
        CHECK(accepts("remark", repeat(euro, 50))); // 150 bytes
        CHECK(refuses("remark", repeat(euro, 51)));
        CHECK(accepts("remark", repeat("\xF0\x9F\x98\x80", 50)));
    }
    SECTION("settlementMemo: 200 characters") {
        CHECK(accepts("settlementMemo", repeat(euro, 200)));
        CHECK(refuses("settlementMemo", repeat(euro, 201)));
        CHECK(accepts("settlementMemo", repeat("m", 200)));
        CHECK(refuses("settlementMemo", repeat("m", 201)));
    }
    SECTION("any printable text is fine") {
        CHECK(accepts("remark", "Caf\xC3\xA9 & <b>tea</b> = 10% \"off\" #1"));
    }
    SECTION("invalid UTF-8 is an error naming the field") {
        for (const char* name : {"remark", "settlementMemo"}) {
            payment_params p = valid_params();
            *param_field(p, name) = "ab\xC0\xAF";
            const auto errors = validate(p, now);
            REQUIRE(errors.size() == 1);
            CHECK(errors[0].field == name);
            CHECK(errors[0].message == std::string(name) + " must be valid UTF-8 text.");
        }
        CHECK(refuses("remark", "\xED\xA0\x80"));
        CHECK(refuses("remark", "\xE2\x82"));
        CHECK(refuses("remark", "\xF4\x90\x80\x80"));
    }
    SECTION("control characters are refused") {
        for (const std::string& bad :
             {std::string("a\nb"), std::string("a\rb"), std::string("a\tb"), std::string("a\0b", 3),
              std::string("a\x7F"), std::string("a\xC2\x85")}) {
            CHECK(refuses("remark", bad));
            CHECK(refuses("settlementMemo", bad));
        }
    }
}

TEST_CASE("expireSeconds is an integer from 1 to 31536000", "[params]") {
    CHECK(refuses("expireSeconds", "0"));
    CHECK(accepts("expireSeconds", "1"));
    CHECK(accepts("expireSeconds", "31536000"));
    CHECK(refuses("expireSeconds", "31536001"));
    for (const char* bad : {"1.5", "1e3", "-1", "+1", " 1", "abc", "99999999999999999999999999",
                            "18446744073709551617", "9223372036854775808"}) {
        INFO(bad);
        CHECK(refuses("expireSeconds", bad));
    }
}

TEST_CASE("expiredTimestamp lies more than 10 s and less than 240 min ahead", "[params]") {
    CHECK(refuses("expiredTimestamp", std::to_string(now + 10)));
    CHECK(accepts("expiredTimestamp", std::to_string(now + 11)));
    CHECK(accepts("expiredTimestamp", std::to_string(now + 14399)));
    CHECK(refuses("expiredTimestamp", std::to_string(now + 14400)));
    CHECK(refuses("expiredTimestamp", std::to_string(now)));
    CHECK(refuses("expiredTimestamp", "0"));
    for (const char* bad : {"-1", "+1700000100", "1700000100.0", "1.7e9", "99999999999999999999999",
                            "9223372036854775807"}) {
        INFO(bad);
        CHECK(refuses("expiredTimestamp", bad));
    }
    SECTION("an empty value counts as absent") {
        CHECK(accepts("expiredTimestamp", ""));
    }
    SECTION("a clock at the edge of the integer range refuses without overflowing") {
        payment_params p = valid_params();
        p.expired_timestamp = "9223372036854775807";
        CHECK(fields_of(validate(p, std::numeric_limits<std::int64_t>::max())) ==
              std::vector<std::string>{"expiredTimestamp"});
        CHECK(fields_of(validate(p, -1)) == std::vector<std::string>{"expiredTimestamp"});
    }
    SECTION("millisecond timestamps are refused") {
        CHECK(refuses("expiredTimestamp", std::to_string((now + 600) * 1000)));
    }
}

TEST_CASE("returnTo and failedReturnTo are absolute http(s) URLs", "[params][url]") {
    for (const char* name : {"returnTo", "failedReturnTo"}) {
        INFO(name);
        CHECK(accepts(name, "https://shop.example/thanks?order={orderId}"));
        CHECK(accepts(name, "http://localhost:8080/thanks"));
        CHECK(refuses(name, "javascript:alert(1)"));
        CHECK(refuses(name, "/thanks"));
        CHECK(refuses(name, "https://user:pw@shop.example/"));
        CHECK(refuses(name, "ftp://shop.example/"));
        CHECK(refuses(name, "https://shop.example/\r\n"));
    }
}

TEST_CASE("callbackUrl is an absolute https URL", "[params][url]") {
    CHECK(accepts("callbackUrl", "https://shop.example/callback"));
    CHECK(refuses("callbackUrl", "http://shop.example/callback"));
    CHECK(refuses("callbackUrl", "https://user@shop.example/callback"));
    payment_params p = valid_params();
    p.callback_url = "http://shop.example/";
    const auto errors = validate(p, now);
    REQUIRE(errors.size() == 1);
    CHECK(errors[0].message == "callbackUrl must be an absolute https URL without a user name.");
}

TEST_CASE("every error is reported at once, in parameter order", "[params]") {
    payment_params p;
    p.payee_id = "x";
    p.quote_amount = "-1";
    p.quote_asset_id = "dollars";
    p.settlement_asset_id = "usd";
    p.is_temp = "maybe";
    p.payment_asset_id = "x";
    p.remark = repeat("r", 51);
    p.expire_seconds = "0";
    p.trace_id = "not-a-uuid";
    p.order_id = "abc";
    p.settlement_memo = repeat("m", 201);
    p.return_to = "javascript:alert(1)";
    p.failed_return_to = "/failed";
    p.callback_url = "http://shop.example/";
    p.expired_timestamp = "1";
    const auto errors = validate(p, now);
    std::vector<std::string> expected(param_names().begin(), param_names().end());
    CHECK(fields_of(errors) == expected);
    for (const auto& error : errors) {
        INFO(error.field);
        CHECK_THAT(error.message, Catch::StartsWith(error.field));
        CHECK(error.message.back() == '.');
    }
}

TEST_CASE("the parameter table: API parameters first, in order, then the widget's options",
          "[params]") {
    std::size_t api = 0;
    for (const param_row& row : param_table) {
        INFO(row.name);
        CHECK((row.param == nullptr) != (row.option == nullptr));
        CHECK(find_param(row.name) == &row);
        if (row.param != nullptr) {
            REQUIRE(api < param_names().size());
            CHECK(param_names()[api++] == row.name);
        }
    }
    CHECK(api == param_names().size());
    CHECK(param_table[api].name == "apiBase");
    CHECK(find_param("label") == nullptr);
    CHECK(find_param("codeFields") == nullptr);
    // The required ones are the API's four.
    std::vector<std::string> required;
    for (const param_row& row : param_table) {
        if (row.required) {
            required.emplace_back(row.name);
        }
    }
    CHECK(required ==
          std::vector<std::string>{"payeeId", "quoteAmount", "quoteAssetId", "settlementAssetId"});
}

TEST_CASE("widget options: timeout 1000..120000 ms, retries 0..5, bases and endpoint URLs",
          "[params]") {
    const auto fields = [](widget_params options) { return fields_of(validate_widget(options)); };
    widget_params o;
    CHECK(fields(o).empty());
    CHECK(timeout_ms_of(o) == 15000);
    CHECK(retries_of(o) == 3);
    SECTION("timeout") {
        for (const char* good : {"1000", "15000", "120000"}) {
            o.timeout = good;
            CHECK(fields(o).empty());
        }
        CHECK(timeout_ms_of(o) == 120000);
        for (const char* bad :
             {"999", "120001", "1e4", "-5000", " 5000", "5000.0", "abc", "99999999999999999999"}) {
            INFO(bad);
            o.timeout = bad;
            CHECK(fields(o) == std::vector<std::string>{"timeout"});
        }
        CHECK(check_param("timeout", "50", 0) ==
              "timeout must be a whole number of milliseconds from 1000 to 120000");
    }
    SECTION("retries") {
        for (const char* good : {"0", "3", "5"}) {
            o.retries = good;
            CHECK(fields(o).empty());
        }
        CHECK(retries_of(o) == 5);
        for (const char* bad : {"6", "-1", "1.5", "x", "+1"}) {
            INFO(bad);
            o.retries = bad;
            CHECK(fields(o) == std::vector<std::string>{"retries"});
        }
        CHECK(check_param("retries", "9", 0) == "retries must be a whole number from 0 to 5");
    }
    SECTION("apiBase, payBase and codeEndpoint, every error at once in table order") {
        o.api_base = "ftp://api.example";
        o.pay_base = "https://mixpay.me/?x=1";
        o.code_endpoint = "https://shop.example/code#x";
        o.retries = "7";
        CHECK(fields(o) ==
              std::vector<std::string>{"apiBase", "payBase", "retries", "codeEndpoint"});
        o.code_endpoint = "https://shop.example/code?cart=1";
        o.api_base = "";
        CHECK(fields(o) == std::vector<std::string>{"payBase", "retries"});
    }
}
