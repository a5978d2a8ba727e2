#include <catch2/catch.hpp>

#include <algorithm>
#include <string>
#include <utility>
#include <vector>

#include "documented.hpp"
#include "mixpay/result.hpp"
#include "mixpay/verify.hpp"

using namespace mixpay;

namespace {

const std::string payee = "3a6b5a7c-1d2e-4f30-8a91-b2c3d4e5f607";
const std::string trace = "a0d77914-0877-4b47-8b1d-d3f94ed15d6a";
const std::string usdt = "4d8c508b-91c5-375b-92b0-ee702ed2dac5";

struct paid_fields {
    std::string status = "success";
    std::string payee_id = payee;
    std::string quote_amount = "10";
    std::string quote_asset_id = "usd";
    std::string trace_id = trace;
};

// A payment result as the API sends it, read by the core's own parser.
payment_result answer(const paid_fields& fields) {
    const std::string body = R"({"code":0,"success":true,"message":"","data":{"status":")" +
                             fields.status + R"(","quoteAmount":")" + fields.quote_amount +
                             R"(","quoteAssetId":")" + fields.quote_asset_id + R"(","payeeId":")" +
                             fields.payee_id + R"(","traceId":")" + fields.trace_id +
                             R"(","paymentAmount":"10"}})";
    payment_result result = parse_payment_result(200, body);
    REQUIRE(result.ok);
    return result;
}

payment_result paid() {
    return answer(paid_fields{});
}

// The order, looked up by its traceId.
expected_payment order() {
    expected_payment expected;
    expected.payee_id = payee;
    expected.quote_amount = "10";
    expected.quote_asset_id = "usd";
    expected.trace_id = trace;
    return expected;
}

// The same order looked up by its orderId and payeeId.
expected_payment order_by_order_id() {
    expected_payment expected = order();
    expected.looked_up_by = lookup_key::order_id;
    expected.order_id = "order-1001";
    return expected;
}

std::vector<std::string> codes(const std::vector<mismatch>& found) {
    std::vector<std::string> out;
    for (const auto& m : found) {
        out.emplace_back(to_string(m.code));
        CHECK_FALSE(m.message.empty());
    }
    return out;
}

using codes_t = std::vector<std::string>;

} // namespace

TEST_CASE("a paid payment that matches the order verifies", "[verify]") {
    SECTION("looked up by traceId") {
        CHECK(verify_payment(paid(), order()).empty());
    }
    SECTION("looked up by orderId and payeeId, with the order's traceId") {
        CHECK(verify_payment(paid(), order_by_order_id()).empty());
    }
    SECTION("looked up by orderId and payeeId, for an order without a traceId") {
        expected_payment expected = order_by_order_id();
        expected.trace_id.clear();
        CHECK(verify_payment(paid(), expected).empty());
    }
}

TEST_CASE("only success is paid; every other status has its own code", "[verify]") {
    const std::pair<const char*, const char*> not_yet[] = {
        {"unpaid", "status_unpaid"},       {"confirming", "status_confirming"},
        {"paid_less", "status_paid_less"}, {"pending", "status_pending"},
        {"auditing", "status_auditing"},
    };
    for (const auto& [status, code] : not_yet) {
        INFO(status);
        paid_fields fields;
        fields.status = status;
        for (const auto& expected : {order(), order_by_order_id()}) {
            const auto found = verify_payment(answer(fields), expected);
            REQUIRE(codes(found) == codes_t{code});
            CHECK(found[0].field == "status");
            CHECK(found[0].actual == status);
        }
    }
    SECTION("pending means paid but still processing: not paid") {
        paid_fields fields;
        fields.status = "pending";
        const auto found = verify_payment(answer(fields), order());
        REQUIRE(codes(found) == codes_t{"status_pending"});
        CHECK(found[0].message.find("not paid yet") != std::string::npos);
    }
    SECTION("failed carries the failure code and reason") {
        const auto result = parse_payment_result(
            200, R"({"success":true,"code":0,"data":{"status":"failed","quoteAmount":"10",)"
                 R"("quoteAssetId":"usd","payeeId":")" +
                     payee + R"(","traceId":")" + trace +
                     R"(","failureCode":"40000","failureReason":"Payment overtime"}})");
        const auto found = verify_payment(result, order());
        REQUIRE(codes(found) == codes_t{"status_failed"});
        CHECK(found[0].field == "failureCode");
        CHECK(found[0].actual == "40000");
        CHECK(found[0].message.find("40000") != std::string::npos);
        CHECK(found[0].message.find("Payment overtime") != std::string::npos);
    }
    SECTION("a status no document lists") {
        for (const char* status :
             {"SUCCESS", "Success", "paid", "", "refunded", "paid-less", "unknown", "success "}) {
            INFO(status);
            paid_fields fields;
            fields.status = status;
            const auto found = verify_payment(answer(fields), order());
            REQUIRE(codes(found) == codes_t{"status_unknown"});
            CHECK(found[0].field == "status");
            CHECK(found[0].actual == status);
        }
    }
    SECTION("a status that is not a string") {
        const auto result = parse_payment_result(
            200, R"({"success":true,"code":0,"data":{"status":1,"quoteAmount":"10",)"
                 R"("quoteAssetId":"usd","payeeId":")" +
                     payee + R"(","traceId":")" + trace + R"("}})");
        REQUIRE(result.ok);
        const auto found = verify_payment(result, order());
        REQUIRE(codes(found) == codes_t{"status_unknown"});
        CHECK(found[0].actual.empty());
    }
    SECTION("status_mismatch_code: one code per status, none for success") {
        CHECK_FALSE(status_mismatch_code(payment_status::success).has_value());
        const payment_status others[] = {payment_status::unpaid,    payment_status::confirming,
                                         payment_status::paid_less, payment_status::pending,
                                         payment_status::auditing,  payment_status::failed,
                                         payment_status::unknown};
        std::vector<std::string> seen;
        for (const auto status : others) {
            const std::string code(to_string(status_mismatch_code(status).value()));
            CHECK(code == "status_" + std::string(status_name(status)));
            CHECK(std::find(seen.begin(), seen.end(), code) == seen.end());
            seen.push_back(code);
        }
    }
}

namespace {

// The documented answers carry a placeholder payeeId ("xxxxx-xxx-…"): the test puts the
// merchant's in, as MixPay would for the merchant's own payment.
nlohmann::json documented_paid(std::string_view file) {
    nlohmann::json sent = documented::answer(file);
    sent["data"]["payeeId"] = payee;
    return sent;
}

payment_result read(const nlohmann::json& sent) {
    payment_result result = parse_payment_result(200, sent.dump());
    REQUIRE(result.ok);
    return result;
}

// The order the documented answers are for: 0.01 USD; its traceId is the documented one
// (a0d7791408776b47eb1dd3f94ed15d6a) as the UUID the button sends.
expected_payment documented_order() {
    expected_payment expected;
    expected.payee_id = payee;
    expected.quote_amount = "0.01";
    expected.quote_asset_id = "usd";
    expected.trace_id = "a0d77914-0877-6b47-eb1d-d3f94ed15d6a";
    return expected;
}

expected_payment documented_order_by_order_id() {
    expected_payment expected = documented_order();
    expected.looked_up_by = lookup_key::order_id;
    expected.order_id = "order-1001";
    return expected;
}

} // namespace

TEST_CASE("each documented answer verifies against the order it is for", "[verify][documented]") {
    for (const auto file : documented::payments_result_files) {
        INFO(file);
        const nlohmann::json sent = documented_paid(file);
        SECTION("by traceId") {
            CHECK(verify_payment(read(sent), documented_order()).empty());
        }
        SECTION("by orderId and payeeId, although no answer carries an orderId") {
            REQUIRE_FALSE(sent["data"].contains("orderId"));
            CHECK(verify_payment(read(sent), documented_order_by_order_id()).empty());
            expected_payment without_trace = documented_order_by_order_id();
            without_trace.trace_id.clear();
            CHECK(verify_payment(read(sent), without_trace).empty());
        }
        SECTION("the amount by value, the asset in any case") {
            for (const char* amount : {"0.010", "0.01000", "00.01"}) {
                expected_payment expected = documented_order();
                expected.quote_amount = amount;
                CHECK(verify_payment(read(sent), expected).empty());
            }
            expected_payment expected = documented_order();
            expected.quote_asset_id = "USD";
            CHECK(verify_payment(read(sent), expected).empty());
            nlohmann::json upper = sent;
            upper["data"]["quoteAssetId"] = "USD";
            CHECK(verify_payment(read(upper), documented_order()).empty());
        }
        SECTION("the traceId with or without dashes, in either case") {
            for (const char* spelling :
                 {"a0d77914-0877-6b47-eb1d-d3f94ed15d6a", "A0D77914-0877-6B47-EB1D-D3F94ED15D6A",
                  "A0D7791408776B47EB1DD3F94ED15D6A"}) {
                INFO(spelling);
                nlohmann::json other = sent;
                other["data"]["traceId"] = spelling;
                CHECK(verify_payment(read(other), documented_order()).empty());
            }
        }
        SECTION("the documented placeholder payeeId is no merchant's") {
            const nlohmann::json as_documented = documented::answer(file);
            CHECK(codes(verify_payment(read(as_documented), documented_order())) ==
                  codes_t{"payee_mismatch"});
        }
        SECTION("each status of the lifecycle, on the documented answer") {
            const std::pair<const char*, const char*> statuses[] = {
                {"unpaid", "status_unpaid"},       {"confirming", "status_confirming"},
                {"paid_less", "status_paid_less"}, {"pending", "status_pending"},
                {"auditing", "status_auditing"},   {"failed", "status_failed"},
                {"refunded", "status_unknown"}};
            for (const auto& [status, code] : statuses) {
                INFO(status);
                nlohmann::json other = sent;
                other["data"]["status"] = status;
                CHECK(codes(verify_payment(read(other), documented_order())) == codes_t{code});
                CHECK(codes(verify_payment(read(other), documented_order_by_order_id())) ==
                      codes_t{code});
            }
        }
        SECTION("a documented failure") {
            nlohmann::json failed = sent;
            failed["data"]["status"] = "failed";
            failed["data"]["failureCode"] = "40024";
            failed["data"]["failureReason"] = "Wrong Amount paid";
            const auto found = verify_payment(read(failed), documented_order());
            REQUIRE(codes(found) == codes_t{"status_failed"});
            CHECK(found[0].actual == "40024");
            CHECK(found[0].message.find("Wrong Amount paid") != std::string::npos);
        }
        SECTION("another payee, amount, asset or traceId") {
            nlohmann::json other = sent;
            other["data"]["payeeId"] = "3a6b5a7c-1d2e-4f30-8a91-b2c3d4e5f608";
            CHECK(codes(verify_payment(read(other), documented_order())) ==
                  codes_t{"payee_mismatch"});
            other = sent;
            other["data"]["quoteAmount"] = "0.011";
            CHECK(codes(verify_payment(read(other), documented_order())) ==
                  codes_t{"amount_mismatch"});
            other = sent;
            other["data"]["quoteAssetId"] = "eur";
            CHECK(codes(verify_payment(read(other), documented_order())) ==
                  codes_t{"asset_mismatch"});
            other = sent;
            other["data"]["traceId"] = "a0d7791408776b47eb1dd3f94ed15d6b";
            CHECK(codes(verify_payment(read(other), documented_order())) ==
                  codes_t{"trace_mismatch"});
            CHECK(codes(verify_payment(read(other), documented_order_by_order_id())) ==
                  codes_t{"trace_mismatch"});
        }
    }
}

TEST_CASE("an orderId is only ever the key of the lookup", "[verify]") {
    SECTION("an orderId beside a lookup by traceId is refused: nothing could check it") {
        expected_payment expected = order();
        expected.order_id = "order-1001";
        const auto found = verify_payment(paid(), expected);
        REQUIRE(codes(found) == codes_t{"expectation_invalid"});
        CHECK(found[0].field == "orderId");
        CHECK(found[0].actual == "order-1001");
    }
    SECTION("an orderId in an answer is not compared, whatever it says") {
        nlohmann::json sent = documented_paid("payments_result.current.json");
        sent["data"]["orderId"] = "someone-elses";
        CHECK(verify_payment(read(sent), documented_order_by_order_id()).empty());
        CHECK(verify_payment(read(sent), documented_order()).empty());
    }
    SECTION("a lookup by orderId needs the orderId; by traceId, the traceId") {
        expected_payment by_order = order_by_order_id();
        by_order.order_id.clear();
        auto found = verify_payment(paid(), by_order);
        REQUIRE(codes(found) == codes_t{"expectation_invalid"});
        CHECK(found[0].field == "orderId");
        expected_payment by_trace = order();
        by_trace.trace_id.clear();
        found = verify_payment(paid(), by_trace);
        REQUIRE(codes(found) == codes_t{"expectation_invalid"});
        CHECK(found[0].field == "traceId");
    }
}

TEST_CASE("the payeeId must be the merchant's", "[verify]") {
    SECTION("another payee") {
        paid_fields fields;
        fields.payee_id = "3a6b5a7c-1d2e-4f30-8a91-b2c3d4e5f608";
        const auto found = verify_payment(answer(fields), order());
        REQUIRE(codes(found) == codes_t{"payee_mismatch"});
        CHECK(found[0].field == "payeeId");
        CHECK(found[0].actual == fields.payee_id);
    }
    SECTION("a UUID in another case is the same payee") {
        paid_fields fields;
        fields.payee_id = "3A6B5A7C-1D2E-4F30-8A91-B2C3D4E5F607";
        CHECK(verify_payment(answer(fields), order()).empty());
        expected_payment expected = order();
        expected.payee_id = fields.payee_id;
        CHECK(verify_payment(paid(), expected).empty());
    }
    SECTION("a 32-hex account id, in either case") {
        paid_fields fields;
        fields.payee_id = "A0D7791408776B47EB1DD3F94ED15D6A";
        expected_payment expected = order();
        expected.payee_id = "a0d7791408776b47eb1dd3f94ed15d6a";
        CHECK(verify_payment(answer(fields), expected).empty());
        fields.payee_id = "a0d7791408776b47eb1dd3f94ed15d6b";
        CHECK(codes(verify_payment(answer(fields), expected)) == codes_t{"payee_mismatch"});
    }
    SECTION("the same hex in the other form, or padded, is not the same id") {
        expected_payment expected = order();
        expected.payee_id = "3a6b5a7c1d2e4f308a91b2c3d4e5f607";
        CHECK(codes(verify_payment(paid(), expected)) == codes_t{"payee_mismatch"});
        for (const std::string& other :
             {" " + payee, payee + " ", "{" + payee + "}", "urn:uuid:" + payee, std::string()}) {
            INFO(other);
            paid_fields fields;
            fields.payee_id = other;
            CHECK(codes(verify_payment(answer(fields), order())) == codes_t{"payee_mismatch"});
        }
    }
    SECTION("a payeeId that is not a string") {
        const auto result = parse_payment_result(
            200, R"({"success":true,"code":0,"data":{"status":"success","quoteAmount":"10",)"
                 R"("quoteAssetId":"usd","payeeId":null,"traceId":")" +
                     trace + R"("}})");
        REQUIRE(result.ok);
        CHECK(codes(verify_payment(result, order())) == codes_t{"payee_mismatch"});
    }
}

TEST_CASE("the quoteAmount must equal the order's by decimal value", "[verify]") {
    SECTION("the same value in other spellings") {
        for (const char* amount : {"10", "10.0", "10.00", "010", "10.000000000000000000000"}) {
            INFO(amount);
            paid_fields fields;
            fields.quote_amount = amount;
            CHECK(verify_payment(answer(fields), order()).empty());
        }
        expected_payment expected = order();
        expected.quote_amount = "10.00";
        CHECK(verify_payment(paid(), expected).empty());
    }
    SECTION("the buyer edited the link's amount (the guidelines' own case)") {
        paid_fields fields;
        fields.quote_amount = "0.01";
        expected_payment expected = order();
        expected.quote_amount = "1000";
        const auto found = verify_payment(answer(fields), expected);
        REQUIRE(codes(found) == codes_t{"amount_mismatch"});
        CHECK(found[0].field == "quoteAmount");
        CHECK(found[0].actual == "0.01");
        CHECK(found[0].message.find("1000") != std::string::npos);
    }
    SECTION("other values, however close") {
        for (const char* amount :
             {"10.001", "9.999", "1", "100", "0", "10.0000000000000000000001", "0.10"}) {
            INFO(amount);
            paid_fields fields;
            fields.quote_amount = amount;
            CHECK(codes(verify_payment(answer(fields), order())) == codes_t{"amount_mismatch"});
        }
    }
    SECTION("amounts a float cannot tell apart") {
        expected_payment expected = order();
        expected.quote_amount = "9007199254740993";
        paid_fields fields;
        fields.quote_amount = "9007199254740992";
        CHECK(codes(verify_payment(answer(fields), expected)) == codes_t{"amount_mismatch"});
        fields.quote_amount = "9007199254740993.0";
        CHECK(verify_payment(answer(fields), expected).empty());
        const std::string huge = "1" + std::string(400, '0');
        expected.quote_amount = huge;
        fields.quote_amount = huge + ".000";
        CHECK(verify_payment(answer(fields), expected).empty());
        fields.quote_amount = huge + ".001";
        CHECK(codes(verify_payment(answer(fields), expected)) == codes_t{"amount_mismatch"});
    }
    SECTION("an amount that is not a decimal is a mismatch") {
        for (const char* amount : {"", "1e1", "10e0", "+10", "-10", " 10", "10 ", "10.", ".10",
                                   "10,00", "ten", "10 USD", "0x0A", "NaN", "Infinity"}) {
            INFO(amount);
            paid_fields fields;
            fields.quote_amount = amount;
            CHECK(codes(verify_payment(answer(fields), order())) == codes_t{"amount_mismatch"});
        }
    }
    SECTION("an amount sent as a number is no amount") {
        const auto result = parse_payment_result(
            200, R"({"success":true,"code":0,"data":{"status":"success","quoteAmount":10,)"
                 R"("quoteAssetId":"usd","payeeId":")" +
                     payee + R"(","traceId":")" + trace + R"("}})");
        REQUIRE(result.ok);
        CHECK(codes(verify_payment(result, order())) == codes_t{"amount_mismatch"});
    }
}

TEST_CASE("the quoteAssetId must be the order's", "[verify]") {
    SECTION("a fiat code in any case") {
        for (const char* asset : {"usd", "USD", "Usd"}) {
            INFO(asset);
            paid_fields fields;
            fields.quote_asset_id = asset;
            CHECK(verify_payment(answer(fields), order()).empty());
        }
    }
    SECTION("an asset UUID in any case") {
        expected_payment expected = order();
        expected.quote_asset_id = usdt;
        paid_fields fields;
        fields.quote_asset_id = "4D8C508B-91C5-375B-92B0-EE702ED2DAC5";
        CHECK(verify_payment(answer(fields), expected).empty());
    }
    SECTION("another asset") {
        for (const std::string& asset : {std::string("eur"), std::string("usdt"), std::string("us"),
                                         usdt, std::string(" usd"), std::string()}) {
            INFO(asset);
            paid_fields fields;
            fields.quote_asset_id = asset;
            const auto found = verify_payment(answer(fields), order());
            REQUIRE(codes(found) == codes_t{"asset_mismatch"});
            CHECK(found[0].field == "quoteAssetId");
            CHECK(found[0].actual == asset);
        }
    }
}

TEST_CASE("the result must be the payment looked up", "[verify]") {
    SECTION("another traceId") {
        paid_fields fields;
        fields.trace_id = "a0d77914-0877-4b47-8b1d-d3f94ed15d6b";
        const auto found = verify_payment(answer(fields), order());
        REQUIRE(codes(found) == codes_t{"trace_mismatch"});
        CHECK(found[0].field == "traceId");
    }
    SECTION("a traceId in another case is the same") {
        paid_fields fields;
        fields.trace_id = "A0D77914-0877-4B47-8B1D-D3F94ED15D6A";
        CHECK(verify_payment(answer(fields), order()).empty());
    }
    SECTION("the same traceId as its 32 digits alone") {
        paid_fields fields;
        fields.trace_id = "a0d7791408774b478b1dd3f94ed15d6a";
        CHECK(verify_payment(answer(fields), order()).empty());
        fields.trace_id = "A0D7791408774B478B1DD3F94ED15D6A";
        CHECK(verify_payment(answer(fields), order()).empty());
    }
    SECTION("another traceId in any spelling, or a malformed one") {
        for (const std::string& other :
             {std::string("a0d7791408774b478b1dd3f94ed15d6b"), std::string("a0d77914087"),
              std::string("a0d7791408774b478b1dd3f94ed15d6az"), "{" + trace + "}", " " + trace,
              std::string("a0d77914-0877-4b47-8b1d-d3f94ed15d6"),
              std::string("a0d7791408774b478b1dd3f94ed15d6"),
              std::string("a0d77914-08774b47-8b1d-d3f94ed15d6a"), std::string()}) {
            INFO(other);
            paid_fields fields;
            fields.trace_id = other;
            CHECK(codes(verify_payment(answer(fields), order())) == codes_t{"trace_mismatch"});
        }
    }
    SECTION("by orderId, the traceId is checked when the order has one") {
        paid_fields fields;
        fields.trace_id = "a0d77914-0877-4b47-8b1d-d3f94ed15d6b";
        CHECK(codes(verify_payment(answer(fields), order_by_order_id())) ==
              codes_t{"trace_mismatch"});
        expected_payment without_trace = order_by_order_id();
        without_trace.trace_id.clear();
        CHECK(verify_payment(answer(fields), without_trace).empty());
        fields.trace_id = "";
        CHECK(verify_payment(answer(fields), without_trace).empty());
    }
}

TEST_CASE("every mismatch is reported at once", "[verify]") {
    paid_fields fields;
    fields.status = "pending";
    fields.payee_id = "ffffffff-ffff-4fff-8fff-ffffffffffff";
    fields.quote_amount = "0.01";
    fields.quote_asset_id = "eur";
    fields.trace_id = "00000000-0000-4000-8000-000000000000";
    CHECK(codes(verify_payment(answer(fields), order())) ==
          codes_t{"status_pending", "payee_mismatch", "amount_mismatch", "asset_mismatch",
                  "trace_mismatch"});
    CHECK(codes(verify_payment(answer(fields), order_by_order_id())) ==
          codes_t{"status_pending", "payee_mismatch", "amount_mismatch", "asset_mismatch",
                  "trace_mismatch"});
    SECTION("an empty data object matches nothing") {
        const auto result = parse_payment_result(200, R"({"success":true,"code":0,"data":{}})");
        REQUIRE(result.ok);
        CHECK(codes(verify_payment(result, order())) == codes_t{"status_unknown", "payee_mismatch",
                                                                "amount_mismatch", "asset_mismatch",
                                                                "trace_mismatch"});
    }
}

TEST_CASE("an answer that is no result is never verified", "[verify]") {
    SECTION("the API refused the lookup") {
        const auto result = parse_payment_result(
            200, R"({"success":false,"code":40022,"message":"TraceID does not exist.","data":[]})");
        const auto found = verify_payment(result, order());
        REQUIRE(codes(found) == codes_t{"api_error"});
        CHECK(found[0].actual == "40022");
        CHECK(found[0].message.find("TraceID does not exist.") != std::string::npos);
    }
    SECTION("an answer that could not be read") {
        for (const char* body : {"", "{", "[]", R"({"success":true,"code":0,"data":[]})"}) {
            INFO(body);
            CHECK(codes(verify_payment(parse_payment_result(200, body), order())) ==
                  codes_t{"result_unreadable"});
        }
    }
    SECTION("no usable answer") {
        CHECK(codes(verify_payment(parse_payment_result(500, "oops"), order())) ==
              codes_t{"result_unavailable"});
        CHECK(codes(verify_payment(parse_payment_result(0, ""), order())) ==
              codes_t{"result_unavailable"});
        payment_result timed_out;
        timed_out.failure = timeout_failure(api_call::lookup);
        CHECK(codes(verify_payment(timed_out, order())) == codes_t{"result_unavailable"});
    }
    SECTION("a default-constructed result") {
        CHECK(codes(verify_payment(payment_result{}, order())) == codes_t{"result_unavailable"});
    }
}

TEST_CASE("an unusable expectation is refused, not verified against", "[verify]") {
    const auto refused = [](const expected_payment& expected, const std::string& field) {
        const auto found = verify_payment(paid(), expected);
        REQUIRE(codes(found) == codes_t{"expectation_invalid"});
        CHECK(found[0].field == field);
    };
    SECTION("an amount that is not a positive decimal") {
        for (const char* amount :
             {"", "0", "0.00", "-10", "+10", "1e1", "10.", " 10", "ten", "10.0.0", "NaN"}) {
            INFO(amount);
            expected_payment expected = order();
            expected.quote_amount = amount;
            refused(expected, "quoteAmount");
        }
    }
    SECTION("a zero expectation is refused even against a zero result") {
        expected_payment expected = order();
        expected.quote_amount = "0";
        paid_fields fields;
        fields.quote_amount = "0";
        CHECK(codes(verify_payment(answer(fields), expected)) == codes_t{"expectation_invalid"});
    }
    SECTION("a payee that is no account id") {
        for (const char* id : {"", "payee_username", "xxxxx-xxx-xxx-xxx-xxxxxxx", "usd"}) {
            INFO(id);
            expected_payment expected = order();
            expected.payee_id = id;
            refused(expected, "payeeId");
        }
    }
    SECTION("an asset that is neither a UUID nor a fiat code") {
        for (const char* asset : {"", "dollar", "us", "a0d7791408776b47eb1dd3f94ed15d6a"}) {
            INFO(asset);
            expected_payment expected = order();
            expected.quote_asset_id = asset;
            refused(expected, "quoteAssetId");
        }
    }
    SECTION("references that are malformed or missing") {
        expected_payment bad_trace = order();
        bad_trace.trace_id = "not-a-uuid";
        refused(bad_trace, "traceId");
        expected_payment bad_order = order_by_order_id();
        bad_order.order_id = "abc";
        refused(bad_order, "orderId");
        expected_payment bad_trace_by_order = order_by_order_id();
        bad_trace_by_order.trace_id = "not-a-uuid";
        refused(bad_trace_by_order, "traceId");
        expected_payment neither = order();
        neither.trace_id.clear();
        refused(neither, "traceId");
        expected_payment neither_by_order = order_by_order_id();
        neither_by_order.trace_id.clear();
        neither_by_order.order_id.clear();
        refused(neither_by_order, "orderId");
    }
    SECTION("check_expectation says the same without a result") {
        CHECK(check_expectation(order()).empty());
        CHECK(check_expectation(order_by_order_id()).empty());
        expected_payment by_order = order_by_order_id();
        by_order.trace_id.clear();
        CHECK(check_expectation(by_order).empty());
        expected_payment bad = order();
        bad.quote_amount = "1e1";
        const auto found = check_expectation(bad);
        REQUIRE(found.size() == 1);
        CHECK(to_string(found[0].code) == "expectation_invalid");
        CHECK(found[0].field == "quoteAmount");
        CHECK(found[0].actual == "1e1");
    }
    SECTION("every unusable field at once, and nothing else") {
        const auto found = verify_payment(parse_payment_result(500, ""), expected_payment{});
        REQUIRE(codes(found) == codes_t{"expectation_invalid", "expectation_invalid",
                                        "expectation_invalid", "expectation_invalid"});
        CHECK(found[0].field == "payeeId");
        CHECK(found[1].field == "quoteAmount");
        CHECK(found[2].field == "quoteAssetId");
        CHECK(found[3].field == "traceId");
        expected_payment by_order;
        by_order.looked_up_by = lookup_key::order_id;
        const auto by_order_found = verify_payment(parse_payment_result(500, ""), by_order);
        REQUIRE(by_order_found.size() == 4);
        CHECK(by_order_found[3].field == "orderId");
    }
}
