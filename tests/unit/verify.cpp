#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "result.hpp"
#include "verify.hpp"

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
    std::string order_id = "order-1001";
};

// A payment result as the API sends it, read by the core's own parser.
payment_result answer(const paid_fields& fields) {
    const std::string body = R"({"code":0,"success":true,"message":"","data":{"status":")" +
                             fields.status + R"(","quoteAmount":")" + fields.quote_amount +
                             R"(","quoteAssetId":")" + fields.quote_asset_id + R"(","payeeId":")" +
                             fields.payee_id + R"(","traceId":")" + fields.trace_id +
                             R"(","orderId":")" + fields.order_id + R"(","paymentAmount":"10"}})";
    payment_result result = parse_payment_result(200, body);
    REQUIRE(result.ok);
    return result;
}

payment_result paid() {
    return answer(paid_fields{});
}

expected_payment order() {
    expected_payment expected;
    expected.payee_id = payee;
    expected.quote_amount = "10";
    expected.quote_asset_id = "usd";
    expected.trace_id = trace;
    expected.order_id = "order-1001";
    return expected;
}

std::vector<std::string> codes(const std::vector<mismatch>& found) {
    std::vector<std::string> out;
    for (const auto& m : found) {
        out.push_back(m.code);
        CHECK_FALSE(m.message.empty());
    }
    return out;
}

using codes_t = std::vector<std::string>;

} // namespace

TEST_CASE("a paid payment that matches the order verifies", "[verify]") {
    CHECK(verify_payment(paid(), order()).empty());
    SECTION("looked up by traceId alone") {
        expected_payment expected = order();
        expected.order_id.clear();
        CHECK(verify_payment(paid(), expected).empty());
    }
    SECTION("looked up by orderId alone") {
        expected_payment expected = order();
        expected.trace_id.clear();
        CHECK(verify_payment(paid(), expected).empty());
    }
}

TEST_CASE("the status must be success", "[verify]") {
    for (const char* status : {"unpaid", "pending", "failed", "SUCCESS", "paid", ""}) {
        INFO(status);
        paid_fields fields;
        fields.status = status;
        const auto found = verify_payment(answer(fields), order());
        REQUIRE(codes(found) == codes_t{"status_not_success"});
        CHECK(found[0].field == "status");
        CHECK(found[0].actual == status);
    }
    SECTION("a status that is not a string") {
        const auto result = parse_payment_result(
            200, R"({"success":true,"code":0,"data":{"status":1,"quoteAmount":"10",)"
                 R"("quoteAssetId":"usd","payeeId":")" +
                     payee + R"(","traceId":")" + trace + R"(","orderId":"order-1001"}})");
        REQUIRE(result.ok);
        CHECK(codes(verify_payment(result, order())) == codes_t{"status_not_success"});
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
                     trace + R"(","orderId":"order-1001"}})");
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
                     payee + R"(","traceId":")" + trace + R"(","orderId":"order-1001"}})");
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
    SECTION("another orderId; orderIds are compared exactly") {
        for (const char* order_id : {"order-1002", "ORDER-1001", "order-1001 ", ""}) {
            INFO(order_id);
            paid_fields fields;
            fields.order_id = order_id;
            const auto found = verify_payment(answer(fields), order());
            REQUIRE(codes(found) == codes_t{"order_mismatch"});
            CHECK(found[0].field == "orderId");
        }
    }
    SECTION("only the references looked up are checked") {
        paid_fields fields;
        fields.order_id = "someone-elses";
        expected_payment by_trace = order();
        by_trace.order_id.clear();
        CHECK(verify_payment(answer(fields), by_trace).empty());
        fields = paid_fields{};
        fields.trace_id = "";
        expected_payment by_order = order();
        by_order.trace_id.clear();
        CHECK(verify_payment(answer(fields), by_order).empty());
    }
}

TEST_CASE("every mismatch is reported at once", "[verify]") {
    paid_fields fields;
    fields.status = "pending";
    fields.payee_id = "ffffffff-ffff-4fff-8fff-ffffffffffff";
    fields.quote_amount = "0.01";
    fields.quote_asset_id = "eur";
    fields.trace_id = "00000000-0000-4000-8000-000000000000";
    fields.order_id = "other-order";
    CHECK(codes(verify_payment(answer(fields), order())) ==
          codes_t{"status_not_success", "payee_mismatch", "amount_mismatch", "asset_mismatch",
                  "trace_mismatch", "order_mismatch"});
    SECTION("an empty data object matches nothing") {
        const auto result = parse_payment_result(200, R"({"success":true,"code":0,"data":{}})");
        REQUIRE(result.ok);
        CHECK(codes(verify_payment(result, order())) ==
              codes_t{"status_not_success", "payee_mismatch", "amount_mismatch", "asset_mismatch",
                      "trace_mismatch", "order_mismatch"});
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
        timed_out.failure = result_timeout_failure();
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
        expected_payment bad_order = order();
        bad_order.order_id = "abc";
        refused(bad_order, "orderId");
        expected_payment neither = order();
        neither.trace_id.clear();
        neither.order_id.clear();
        refused(neither, "orderId");
    }
    SECTION("check_expectation says the same without a result") {
        CHECK(check_expectation(order()).empty());
        expected_payment by_order = order();
        by_order.trace_id.clear();
        CHECK(check_expectation(by_order).empty());
        expected_payment bad = order();
        bad.quote_amount = "1e1";
        const auto found = check_expectation(bad);
        REQUIRE(found.size() == 1);
        CHECK(found[0].code == "expectation_invalid");
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
        CHECK(found[3].field == "orderId");
    }
}
