#include <catch2/catch.hpp>

#include <limits>
#include <string>

#include "documented.hpp"
#include "mixpay/response.hpp"
#include "mixpay/result.hpp"

using namespace mixpay;

namespace {

const std::string trace = "a0d77914-0877-4b47-8b1d-d3f94ed15d6a";

// The data of the December 2022 page's example answer.
std::string documented_data() {
    return documented::answer("payments_result.2022.json")["data"].dump();
}

std::string success_body(const std::string& data) {
    return R"({"code":0,"success":true,"message":"","data":)" + data +
           R"(,"timestampMs":1656561881048})";
}

std::string error_body(long long code, const std::string& message_json) {
    return R"({"code":)" + std::to_string(code) + R"(,"success":false,"message":)" + message_json +
           R"(,"data":[],"timestampMs":1635734004508})";
}

void check_failure(const payment_result& result, const std::string& kind, int status,
                   std::int64_t code, bool transient) {
    CHECK_FALSE(result.ok);
    CHECK(result.status == payment_status::unknown);
    CHECK(result.payee_id.empty());
    CHECK(result.quote_amount.empty());
    CHECK(to_string(result.failure.kind) == kind);
    CHECK(result.failure.status == status);
    CHECK(result.failure.code == code);
    CHECK(result.failure.transient == transient);
    CHECK_FALSE(result.failure.message.empty());
}

// A failure in the same kind, code, words and transience as the create call's.
void check_same_as_create(int status, const std::string& body) {
    INFO(body);
    const auto result = parse_payment_result(status, body);
    const auto create = parse_create_response(status, body);
    REQUIRE_FALSE(create.ok);
    CHECK_FALSE(result.ok);
    CHECK(result.failure.kind == create.failure.kind);
    CHECK(result.failure.status == create.failure.status);
    CHECK(result.failure.code == create.failure.code);
    CHECK(result.failure.message == create.failure.message);
    CHECK(result.failure.transient == create.failure.transient);
}

// Every member of data by the API's name, with the field that holds it.
struct read_member {
    const char* key;
    std::string (*text)(const payment_result&); // the text field, or the integer as text
};
#define TEXT_MEMBER(key, field)                                                                    \
    read_member {                                                                                  \
        key, [](const payment_result& r) { return r.field; }                                       \
    }
#define INTEGER_MEMBER(key, field)                                                                 \
    read_member {                                                                                  \
        key, [](const payment_result& r) { return std::to_string(r.field); }                       \
    }
const read_member data_members[] = {
    TEXT_MEMBER("status", status_text),
    TEXT_MEMBER("quoteAmount", quote_amount),
    TEXT_MEMBER("quoteSymbol", quote_symbol),
    TEXT_MEMBER("quoteAssetId", quote_asset_id),
    TEXT_MEMBER("quoteAssetVersion", quote_asset_version),
    TEXT_MEMBER("paymentAmount", payment_amount),
    TEXT_MEMBER("paymentSymbol", payment_symbol),
    TEXT_MEMBER("paymentAssetId", payment_asset_id),
    TEXT_MEMBER("paymentAssetVersion", payment_asset_version),
    TEXT_MEMBER("payee", payee),
    TEXT_MEMBER("payeeId", payee_id),
    TEXT_MEMBER("payeeMixinNumber", payee_mixin_number),
    TEXT_MEMBER("payeeAvatarUrl", payee_avatar_url),
    TEXT_MEMBER("txid", txid),
    TEXT_MEMBER("blockExplorerUrl", block_explorer_url),
    INTEGER_MEMBER("date", date),
    TEXT_MEMBER("surplusAmount", surplus_amount),
    TEXT_MEMBER("surplusStatus", surplus_status),
    INTEGER_MEMBER("confirmations", confirmations),
    TEXT_MEMBER("payableAmount", payable_amount),
    TEXT_MEMBER("payableSymbol", payable_symbol),
    TEXT_MEMBER("payableAssetId", payable_asset_id),
    TEXT_MEMBER("payableAssetVersion", payable_asset_version),
    TEXT_MEMBER("failureCode", failure_code),
    TEXT_MEMBER("failureReason", failure_reason),
    TEXT_MEMBER("returnTo", return_to),
    TEXT_MEMBER("traceId", trace_id),
    TEXT_MEMBER("settleStatus", settle_status),
    TEXT_MEMBER("settleAmount", settle_amount),
    TEXT_MEMBER("settleSymbol", settle_symbol),
    TEXT_MEMBER("settleAsset", settle_asset),
    TEXT_MEMBER("settleAssetVersion", settle_asset_version),
    TEXT_MEMBER("expiredAt", expired_at),
};
#undef TEXT_MEMBER
#undef INTEGER_MEMBER

const read_member* member_named(const std::string& key) {
    for (const auto& member : data_members) {
        if (key == member.key) {
            return &member;
        }
    }
    return nullptr;
}

// The JSON value as the result keeps it: a string as sent, an integer as its text.
std::string as_text(const nlohmann::json& value) {
    return value.is_string() ? value.get<std::string>() : value.dump();
}

void check_transaction(const payment_transaction& read, const nlohmann::json& sent) {
    CHECK(read.payment_amount == sent["paymentAmount"].get<std::string>());
    CHECK(read.payment_asset_id == sent["paymentAssetId"].get<std::string>());
    CHECK(read.payment_asset_symbol == sent["paymentAssetSymbol"].get<std::string>());
    CHECK(read.payment_asset_version == sent["paymentAssetVersion"].get<std::string>());
    CHECK(read.required_confirms == sent["requiredConfirms"].get<std::int64_t>());
    CHECK(read.confirmations == sent["confirmations"].get<std::int64_t>());
    CHECK(read.txid == sent["txid"].get<std::string>());
    CHECK(read.block_explorer_url == sent["blockExplorerUrl"].get<std::string>());
    CHECK(read.broadcast_at == sent["broadcastAt"].get<std::string>());
    CHECK(read.confirm_seconds == sent["confirmSeconds"].get<std::int64_t>());
}

} // namespace

TEST_CASE("every documented answer is read, field by field", "[result][documented]") {
    for (const auto file : documented::payments_result_files) {
        INFO(file);
        const nlohmann::json sent = documented::answer(file);
        const auto result = parse_payment_result(200, documented::text(file));
        REQUIRE(result.ok);
        CHECK(result.status == payment_status::success);
        for (const auto& [key, value] : sent["data"].items()) {
            INFO(key);
            if (key == "transactions") {
                REQUIRE(result.transactions.size() == value.size());
                for (std::size_t i = 0; i < value.size(); ++i) {
                    check_transaction(result.transactions[i], value[i]);
                }
                CHECK_FALSE(result.transactions_cut_off);
            } else if (key == "payment") {
                CHECK(result.payment.present);
                CHECK(result.payment.is_multi_pay == value["isMultiPay"].get<bool>());
                CHECK(result.payment.is_fully_paid == value["isFullyPaid"].get<bool>());
                CHECK(result.payment.total_transactions_amount ==
                      value["totalTransactionsAmount"].get<std::string>());
            } else {
                // A member of a documented answer that the result has no field for fails here.
                const read_member* member = member_named(key);
                REQUIRE(member != nullptr);
                CHECK(member->text(result) == as_text(value));
            }
        }
    }
    SECTION("the 2022 answer has no settlement, transactions or payment") {
        const auto result =
            parse_payment_result(200, documented::text("payments_result.2022.json"));
        REQUIRE(result.ok);
        CHECK(result.settle_status.empty());
        CHECK(result.transactions.empty());
        CHECK_FALSE(result.payment.present);
        CHECK_FALSE(result.payment.is_fully_paid.has_value());
    }
}

TEST_CASE("no documented field is required", "[result][documented]") {
    const auto empty = parse_payment_result(200, R"({"success":true,"code":0,"data":{}})");
    REQUIRE(empty.ok);
    for (const auto file : documented::payments_result_files) {
        const nlohmann::json sent = documented::answer(file);
        for (const auto& [key, value] : sent["data"].items()) {
            INFO(file << " without " << key);
            nlohmann::json without = sent;
            without["data"].erase(key);
            const auto result = parse_payment_result(200, without.dump());
            REQUIRE(result.ok);
            CHECK(result.status ==
                  (key == "status" ? payment_status::unknown : payment_status::success));
            if (key != "quoteAmount") {
                CHECK(result.quote_amount == "0.01");
            }
            if (const read_member* member = member_named(key)) {
                CHECK(member->text(result) == member->text(empty));
            }
        }
    }
}

TEST_CASE("members no document lists are ignored", "[result][documented]") {
    nlohmann::json sent = documented::answer("payments_result.current.json");
    const auto plain = parse_payment_result(200, sent.dump());
    sent["data"]["orderId"] = "order-1001";
    sent["data"]["newField"] = {{"status", "failed"}, {"payeeId", "someone"}};
    sent["data"]["payment"]["isRefunded"] = true;
    sent["data"]["transactions"][0]["memo"] = "x";
    sent["data"]["transactions"].push_back("not an object");
    sent["extra"] = nlohmann::json::array({1, 2});
    const auto result = parse_payment_result(200, sent.dump());
    REQUIRE(result.ok);
    CHECK(result.status == payment_status::success);
    CHECK(result.payee_id == plain.payee_id);
    CHECK(result.trace_id == plain.trace_id);
    REQUIRE(result.transactions.size() == 2);
    CHECK(result.transactions[0].txid == plain.transactions[0].txid);
    CHECK(result.payment.is_fully_paid == plain.payment.is_fully_paid);
}

TEST_CASE("failureCode and expiredAt as a string or an integer", "[result]") {
    nlohmann::json sent = documented::answer("payments_result.2022.json");
    sent["data"]["status"] = "failed";
    sent["data"]["failureCode"] = "40024";
    sent["data"]["failureReason"] = "Wrong Amount paid";
    sent["data"]["expiredAt"] = "2026-12-01T10:00:00.000000Z";
    auto result = parse_payment_result(200, sent.dump());
    REQUIRE(result.ok);
    CHECK(result.status == payment_status::failed);
    CHECK(result.failure_code == "40024");
    CHECK(result.failure_reason == "Wrong Amount paid");
    CHECK(result.expired_at == "2026-12-01T10:00:00.000000Z");
    sent["data"]["failureCode"] = 40024;
    sent["data"]["expiredAt"] = 1764583200;
    result = parse_payment_result(200, sent.dump());
    CHECK(result.failure_code == "40024");
    CHECK(result.expired_at == "1764583200");
    for (const auto& other :
         {nlohmann::json(1.5), nlohmann::json(nullptr), nlohmann::json(true),
          nlohmann::json::array({"40024"}), nlohmann::json(18446744073709551615ULL)}) {
        INFO(other.dump());
        sent["data"]["failureCode"] = other;
        CHECK(parse_payment_result(200, sent.dump()).failure_code.empty());
    }
}

TEST_CASE("transactions and payment are read without trusting them", "[result]") {
    const nlohmann::json current = documented::answer("payments_result.current.json");
    SECTION("wrong types leave fields absent") {
        nlohmann::json sent = current;
        auto& first = sent["data"]["transactions"][0];
        first["paymentAmount"] = 0.2;
        first["requiredConfirms"] = "1";
        first["confirmations"] = nullptr;
        first["confirmSeconds"] = 1.5;
        first["txid"] = nlohmann::json::array();
        sent["data"]["payment"]["isFullyPaid"] = "true";
        sent["data"]["payment"]["totalTransactionsAmount"] = 0.3;
        const auto result = parse_payment_result(200, sent.dump());
        REQUIRE(result.ok);
        REQUIRE(result.transactions.size() == 2);
        const auto& read = result.transactions[0];
        CHECK(read.payment_amount.empty());
        CHECK(read.required_confirms == 0);
        CHECK(read.confirmations == -1);
        CHECK(read.confirm_seconds == 0);
        CHECK(read.txid.empty());
        CHECK(read.payment_asset_symbol == "TRX");
        CHECK(result.payment.present);
        CHECK(result.payment.is_multi_pay == true);
        CHECK_FALSE(result.payment.is_fully_paid.has_value());
        CHECK(result.payment.total_transactions_amount.empty());
    }
    SECTION("a payment or transactions of the wrong shape are none") {
        for (const auto& shape :
             {nlohmann::json(nullptr), nlohmann::json("x"), nlohmann::json::array({1}),
              nlohmann::json::object({{"isFullyPaid", true}})}) {
            INFO(shape.dump());
            nlohmann::json sent = current;
            sent["data"]["transactions"] = shape;
            sent["data"]["payment"] = shape.is_object() ? nlohmann::json(1) : shape;
            const auto result = parse_payment_result(200, sent.dump());
            REQUIRE(result.ok);
            CHECK(result.transactions.empty());
            CHECK_FALSE(result.payment.present);
            CHECK_FALSE(result.payment.is_fully_paid.has_value());
        }
    }
    SECTION("only the members of data's own payment and transactions count") {
        nlohmann::json sent = current;
        sent["data"]["transactions"][0]["transactions"] = current["data"]["transactions"];
        sent["data"]["transactions"][1]["payment"] = {{"isFullyPaid", false}};
        sent["data"]["payment"]["payment"] = {{"isFullyPaid", false}};
        sent["data"]["other"] = {{"transactions", current["data"]["transactions"]}};
        sent["transactions"] = current["data"]["transactions"];
        const auto result = parse_payment_result(200, sent.dump());
        REQUIRE(result.ok);
        CHECK(result.transactions.size() == 2);
        CHECK(result.payment.is_fully_paid == true);
    }
    SECTION("given twice: the last one counts") {
        const std::string data = current["data"].dump();
        const std::string body =
            R"({"success":true,"code":0,"data":)" + data.substr(0, data.size() - 1) +
            R"(,"transactions":[{"txid":"t"}],"payment":{"isFullyPaid":false}}})";
        const auto result = parse_payment_result(200, body);
        REQUIRE(result.ok);
        REQUIRE(result.transactions.size() == 1);
        CHECK(result.transactions[0].txid == "t");
        CHECK(result.transactions[0].confirmations == -1);
        CHECK(result.payment.is_fully_paid == false);
        CHECK_FALSE(result.payment.is_multi_pay.has_value());
    }
    SECTION("at most max_result_transactions are kept") {
        nlohmann::json sent = current;
        sent["data"]["transactions"] = nlohmann::json::array();
        for (std::size_t i = 0; i < max_result_transactions; ++i) {
            sent["data"]["transactions"].push_back({{"txid", std::to_string(i)}});
        }
        auto result = parse_payment_result(200, sent.dump());
        REQUIRE(result.transactions.size() == max_result_transactions);
        CHECK_FALSE(result.transactions_cut_off);
        sent["data"]["transactions"].push_back({{"txid", "one more"}});
        result = parse_payment_result(200, sent.dump());
        REQUIRE(result.ok);
        REQUIRE(result.transactions.size() == max_result_transactions);
        CHECK(result.transactions.back().txid == std::to_string(max_result_transactions - 1));
        CHECK(result.transactions_cut_off);
        CHECK(result.status == payment_status::success);
    }
}

TEST_CASE("a payment result gives every field of data", "[result]") {
    SECTION("the API document's example") {
        const auto result = parse_payment_result(200, success_body(documented_data()));
        REQUIRE(result.ok);
        CHECK(result.status == payment_status::success);
        CHECK(result.status_text == "success");
        CHECK(result.quote_amount == "0.01");
        CHECK(result.quote_asset_id == "usd");
        CHECK(result.quote_symbol == "USD");
        CHECK(result.payment_amount == "0.010013");
        CHECK(result.payment_asset_id == "4d8c508b-91c5-375b-92b0-ee702ed2dac5");
        CHECK(result.payment_symbol == "USDT");
        CHECK(result.payable_amount == "0.010013");
        CHECK(result.surplus_amount == "0");
        CHECK(result.surplus_status == "no");
        CHECK(result.payee == "payee_username");
        CHECK(result.payee_id == "xxxxx-xxx-xxx-xxx-xxxxxxx");
        CHECK(result.payee_mixin_number == "38xxxxx08");
        CHECK(result.trace_id == "a0d7791408776b47eb1dd3f94ed15d6a");
        CHECK(result.txid.empty());
        CHECK(result.failure_code == "0");
        CHECK(result.failure_reason.empty());
        CHECK(result.return_to == "https://www.exmaple.com/show_payment_success?order_id=xxxxx");
        CHECK(result.date == 1656513302);
        CHECK(result.confirmations == -1);
        CHECK(to_string(result.failure.kind).empty());
    }
    SECTION("a failed payment with its reason and confirmations") {
        const auto result =
            parse_payment_result(200, success_body(R"({"status":"failed","failureCode":"40000",)"
                                                   R"("failureReason":"Payment overtime",)"
                                                   R"("confirmations":3,"traceId":")" +
                                                   trace + R"("})"));
        REQUIRE(result.ok);
        CHECK(result.status == payment_status::failed);
        CHECK(result.failure_code == "40000");
        CHECK(result.failure_reason == "Payment overtime");
        CHECK(result.trace_id == trace);
        CHECK(result.confirmations == 3);
        CHECK(result.date == 0);
    }
    SECTION("any 2xx status and any code beside success:true") {
        CHECK(parse_payment_result(203, success_body(R"({"status":"unpaid"})")).ok);
        CHECK(parse_payment_result(200, R"({"success":true,"code":7,"data":{}})").ok);
    }
}

TEST_CASE("the status is one of the documented words or unknown", "[result]") {
    SECTION("the seven words: 2022's four, auditing (2023), confirming and paid_less") {
        const std::pair<const char*, payment_status> words[] = {
            {"unpaid", payment_status::unpaid},      {"pending", payment_status::pending},
            {"success", payment_status::success},    {"failed", payment_status::failed},
            {"auditing", payment_status::auditing},  {"confirming", payment_status::confirming},
            {"paid_less", payment_status::paid_less}};
        for (const auto& [word, status] : words) {
            INFO(word);
            const auto result = parse_payment_result(
                200, success_body(R"({"status":")" + std::string(word) + R"("})"));
            REQUIRE(result.ok);
            CHECK(result.status == status);
            CHECK(result.status_text == word);
            CHECK(status_name(status) == word);
            // Only success and failed are final, as the lifecycle page says.
            CHECK(status_is_final(status) ==
                  (std::string(word) == "success" || std::string(word) == "failed"));
        }
        CHECK(status_name(payment_status::unknown) == "unknown");
        CHECK_FALSE(status_is_final(payment_status::unknown));
    }
    SECTION("another word, another case or spacing") {
        for (const char* word :
             {"SUCCESS", "Success", " success", "success ", "paid", "", "refunded",
              "success\\u0000", "paid-less", "PAID_LESS", "Auditing", "confirmed", "unknown"}) {
            INFO(word);
            const auto result = parse_payment_result(
                200, success_body(R"({"status":")" + std::string(word) + R"("})"));
            REQUIRE(result.ok);
            CHECK(result.status == payment_status::unknown);
        }
    }
    SECTION("a missing status, or one that is not a string") {
        for (const char* data :
             {R"({})", R"({"status":true})", R"({"status":1})", R"({"status":null})",
              R"({"status":["success"]})", R"({"status":{"status":"success"}})"}) {
            INFO(data);
            const auto result = parse_payment_result(200, success_body(data));
            REQUIRE(result.ok);
            CHECK(result.status == payment_status::unknown);
            CHECK(result.status_text.empty());
        }
    }
    SECTION("only data's own members count") {
        const auto outside = parse_payment_result(
            200, R"({"success":true,"code":0,"status":"success","quoteAmount":"10","data":{}})");
        REQUIRE(outside.ok);
        CHECK(outside.status == payment_status::unknown);
        CHECK(outside.quote_amount.empty());
        const auto nested = parse_payment_result(
            200, success_body(R"({"x":{"status":"success","payeeId":"p"},)"
                              R"("y":[{"status":"success"}],"quoteAmount":"1"})"));
        REQUIRE(nested.ok);
        CHECK(nested.status == payment_status::unknown);
        CHECK(nested.payee_id.empty());
        CHECK(nested.quote_amount == "1");
        const auto after_data =
            parse_payment_result(200, R"({"success":true,"code":0,"data":{"status":"pending"},)"
                                      R"("extra":{"status":"success"}})");
        REQUIRE(after_data.ok);
        CHECK(after_data.status == payment_status::pending);
    }
}

TEST_CASE("a field of the wrong type is absent", "[result]") {
    SECTION("amounts and ids that are not strings") {
        const auto result = parse_payment_result(
            200, success_body(R"({"status":"success","quoteAmount":10,"payeeId":null,)"
                              R"("quoteAssetId":["usd"],"traceId":{"a":1},)"
                              R"("paymentAmount":10.5})"));
        REQUIRE(result.ok);
        CHECK(result.status == payment_status::success);
        CHECK(result.quote_amount.empty());
        CHECK(result.payee_id.empty());
        CHECK(result.quote_asset_id.empty());
        CHECK(result.trace_id.empty());
        CHECK(result.payment_amount.empty());
    }
    SECTION("a date or confirmations that is not an integer") {
        for (const char* data :
             {R"({"date":"1656513302","confirmations":"3"})", R"({"date":1.5,"confirmations":2.0})",
              R"({"date":null,"confirmations":[]})",
              R"({"date":18446744073709551615,"confirmations":9223372036854775808})"}) {
            INFO(data);
            const auto result = parse_payment_result(200, success_body(data));
            REQUIRE(result.ok);
            CHECK(result.date == 0);
            CHECK(result.confirmations == -1);
        }
        const auto largest = parse_payment_result(
            200,
            success_body(R"({"date":9223372036854775807,"confirmations":-9223372036854775808})"));
        REQUIRE(largest.ok);
        CHECK(largest.date == 9223372036854775807LL);
        CHECK(largest.confirmations == std::numeric_limits<std::int64_t>::min());
    }
    SECTION("a key given twice counts with its last value") {
        const auto result = parse_payment_result(
            200, success_body(R"({"status":"unpaid","quoteAmount":"1","status":"success",)"
                              R"("quoteAmount":"2","date":1,"date":2})"));
        REQUIRE(result.ok);
        CHECK(result.status == payment_status::success);
        CHECK(result.quote_amount == "2");
        CHECK(result.date == 2);
        const auto retyped = parse_payment_result(
            200, success_body(R"({"status":"success","payeeId":"p","status":0,"payeeId":null,)"
                              R"("date":5,"date":"5"})"));
        REQUIRE(retyped.ok);
        CHECK(retyped.status == payment_status::unknown);
        CHECK(retyped.payee_id.empty());
        CHECK(retyped.date == 0);
    }
    SECTION("data given twice: only the last one") {
        const auto result = parse_payment_result(
            200, R"({"success":true,"code":0,"data":{"status":"success","quoteAmount":"10"},)"
                 R"("data":{"status":"pending"}})");
        REQUIRE(result.ok);
        CHECK(result.status == payment_status::pending);
        CHECK(result.quote_amount.empty());
        const auto then_not_object = parse_payment_result(
            200, R"({"success":true,"code":0,"data":{"status":"success"},"data":[]})");
        check_failure(then_not_object, "response", 200, 0, false);
    }
}

TEST_CASE("success without a data object is a response failure", "[result]") {
    for (const std::string data :
         {"[]", "null", "\"x\"", "0", "true", "[{\"status\":\"success\"}]"}) {
        INFO(data);
        const auto result = parse_payment_result(200, success_body(data));
        check_failure(result, "response", 200, 0, false);
        CHECK(result.failure.message == "The payment service did not return a payment result.");
    }
    SECTION("no data at all") {
        check_failure(parse_payment_result(200, R"({"success":true,"code":0})"), "response", 200, 0,
                      false);
    }
}

TEST_CASE("a refused lookup is an api failure as for the create call", "[result]") {
    SECTION("an unknown payment keeps the API's code and message") {
        const auto result =
            parse_payment_result(200, error_body(40022, R"("TraceID does not exist.")"));
        check_failure(result, "api", 200, 40022, false);
        CHECK(result.failure.message == "TraceID does not exist.");
    }
    SECTION("the same kinds, codes, words and transience") {
        check_same_as_create(200, error_body(1017, R"("Parameter error.")"));
        check_same_as_create(200, error_body(-1, R"("Server error")"));
        check_same_as_create(200, error_body(1429, R"("Too fast")"));
        check_same_as_create(200, R"({"success":false,"code":10002})");
        check_same_as_create(200, error_body(1017, R"("a\nb\u0000c")"));
        check_same_as_create(400, error_body(1017, R"("Parameter error.")"));
        check_same_as_create(503, error_body(10008, R"("Maintenance")"));
        CHECK(parse_payment_result(200, error_body(-1, "null")).failure.transient);
        CHECK(parse_payment_result(200, error_body(1429, "null")).failure.transient);
    }
    SECTION("success:false with a data object is still refused") {
        check_failure(parse_payment_result(
                          200, R"({"success":false,"code":40022,"data":{"status":"success"}})"),
                      "api", 200, 40022, false);
    }
}

TEST_CASE("a non-2xx lookup answer without an envelope is an http failure", "[result]") {
    check_same_as_create(500, "Internal Server Error");
    check_failure(parse_payment_result(502, "<html>Bad gateway</html>"), "http", 502, 0, true);
    check_failure(parse_payment_result(429, ""), "http", 429, 0, true);
    check_failure(parse_payment_result(404, "Not Found"), "http", 404, 0, false);
    SECTION("a redirect is not followed") {
        check_failure(parse_payment_result(302, ""), "http", 302, 0, false);
    }
    SECTION("success:true on an error status is not trusted") {
        check_failure(parse_payment_result(500, success_body(documented_data())), "http", 500, 0,
                      true);
        check_failure(parse_payment_result(404, success_body(documented_data())), "http", 404, 0,
                      false);
    }
}

TEST_CASE("a 2xx answer that cannot be read is a response failure", "[result]") {
    SECTION("garbage and half envelopes") {
        for (const std::string& body :
             {std::string(""), std::string("null"), std::string("[]"), std::string("{"),
              std::string("not json"), std::string(R"({"success":true,"data":{}})"),
              std::string(R"({"code":0,"data":{}})"),
              std::string(R"({"success":"true","code":0,"data":{}})"),
              std::string(R"({"success":true,"code":"0","data":{}})"),
              std::string(R"({"success":true,"code":0.0,"data":{}})"),
              success_body(documented_data()) + " trailing",
              success_body("{}") + success_body("{}")}) {
            INFO(body);
            check_failure(parse_payment_result(200, body), "response", 200, 0, false);
            check_same_as_create(200, body);
        }
    }
    SECTION("huge numbers") {
        for (const std::string& body :
             {std::string(R"({"success":true,"code":1e400,"data":{}})"),
              std::string(R"({"success":true,"code":99999999999999999999,"data":{}})"),
              success_body(R"({"status":"success","date":1e400})"),
              success_body(R"({"status":"success","quoteAmount":"10","x":-1e999})")}) {
            INFO(body);
            check_failure(parse_payment_result(200, body), "response", 200, 0, false);
        }
        const auto big_date =
            parse_payment_result(200, success_body(R"({"date":99999999999999999999})"));
        REQUIRE(big_date.ok);
        CHECK(big_date.date == 0);
        const std::string long_amount(5000, '9');
        const auto big_amount =
            parse_payment_result(200, success_body(R"({"quoteAmount":")" + long_amount + "\"}"));
        REQUIRE(big_amount.ok);
        CHECK(big_amount.quote_amount == long_amount);
    }
    SECTION("NUL bytes and invalid UTF-8") {
        const std::string nul_after = success_body(documented_data()) + std::string(1, '\0');
        check_failure(parse_payment_result(200, nul_after), "response", 200, 0, false);
        const std::string nul_inside =
            success_body(R"({"status":"success","payeeId":"a)" + std::string(1, '\0') + "b\"}");
        check_failure(parse_payment_result(200, nul_inside), "response", 200, 0, false);
        const std::string nul_then_garbage =
            success_body(documented_data()) + std::string(1, '\0') + "garbage";
        check_failure(parse_payment_result(200, nul_then_garbage), "response", 200, 0, false);
        check_failure(parse_payment_result(200, success_body(R"({"payeeId":"\xC0\xAF"})")),
                      "response", 200, 0, false);
        check_failure(parse_payment_result(200, success_body(R"({"payeeId":"\xED\xA0\x80"})")),
                      "response", 200, 0, false);
        const auto escaped_nul =
            parse_payment_result(200, success_body(R"({"status":"success","payeeId":"a\u0000b"})"));
        REQUIRE(escaped_nul.ok);
        CHECK(escaped_nul.payee_id == std::string("a\0b", 3));
    }
    SECTION("too deep") {
        check_failure(parse_payment_result(200, std::string(10000, '[')), "response", 200, 0,
                      false);
        check_failure(parse_payment_result(200, std::string(100000, '{')), "response", 200, 0,
                      false);
        const std::string deep_inside = success_body(
            R"({"status":"success","x":)" + std::string(100, '[') + std::string(100, ']') + "}");
        check_failure(parse_payment_result(200, deep_inside), "response", 200, 0, false);
        check_failure(parse_payment_result(503, R"({"success":false,"code":-1,"x":)" +
                                                    std::string(10000, '{')),
                      "http", 503, 0, true);
    }
    SECTION("nesting at the limit is read") {
        std::string nested = "0";
        for (int i = 0; i < max_json_depth - 2; ++i) {
            nested = "[" + nested + "]";
        }
        const auto result =
            parse_payment_result(200, success_body(R"({"status":"success","x":)" + nested + "}"));
        REQUIRE(result.ok);
        CHECK(result.status == payment_status::success);
        const auto one_more =
            parse_payment_result(200, success_body(R"({"status":"success","x":[)" + nested + "]}"));
        check_failure(one_more, "response", 200, 0, false);
    }
    SECTION("too big") {
        const std::string head =
            R"({"code":0,"success":true,"message":"","data":{"status":"success","pad":")";
        const std::string tail = R"("},"timestampMs":1656561881048})";
        const std::string padded =
            head + std::string(max_response_bytes - head.size() - tail.size(), 'x') + tail;
        REQUIRE(padded.size() == max_response_bytes);
        CHECK(parse_payment_result(200, padded).ok);
        const std::string over = padded.substr(0, 100) + "x" + padded.substr(100);
        REQUIRE(over.size() == max_response_bytes + 1);
        const auto result = parse_payment_result(200, over);
        check_failure(result, "response", 200, 0, false);
        CHECK(result.failure.message.find("too large") != std::string::npos);
        check_failure(parse_payment_result(503, over), "http", 503, 0, true);
        check_failure(parse_payment_result(200, std::string(1 << 20, ' ')), "response", 200, 0,
                      false);
    }
}

TEST_CASE("no answer to a lookup", "[result]") {
    SECTION("status 0 is read as no answer") {
        const auto result = parse_payment_result(0, "");
        check_failure(result, "network", 0, 0, true);
        CHECK(result.failure.message == network_failure(api_call::lookup).message);
        check_failure(parse_payment_result(-1, success_body(documented_data())), "network", 0, 0,
                      true);
    }
    SECTION("the merchant is told asking again is safe, not that a payment may be created") {
        for (const auto& failure :
             {network_failure(api_call::lookup), timeout_failure(api_call::lookup)}) {
            CHECK(failure.transient);
            CHECK(failure.status == 0);
            CHECK(failure.message.find("Asking again is safe") != std::string::npos);
            CHECK(failure.message.find("created") == std::string::npos);
        }
        CHECK(to_string(network_failure(api_call::lookup).kind) == "network");
        CHECK(to_string(timeout_failure(api_call::lookup).kind) == "timeout");
    }
}
