#include <catch2/catch.hpp>

#include <set>
#include <string>

#include <nlohmann/json.hpp>

#include "mixpay/checkout.hpp"

#include "attempt_inputs.hpp"

using namespace mixpay;
using namespace attempt_inputs;

namespace {

nlohmann::json valid() {
    return {{"payeeId", "a0d7791408776b47eb1dd3f94ed15d6a"},
            {"quoteAmount", "10.50"},
            {"quoteAssetId", "usd"},
            {"settlementAssetId", "c6d0c728-2624-429b-8e0d-d9d19b6592fa"},
            {"orderId", "order_1001"}};
}

checkout_params read(const nlohmann::json& params) {
    return read_checkout_params(params.dump());
}

std::string identity(nlohmann::json over) {
    nlohmann::json params = valid();
    if (!over.is_null()) {
        params.update(over);
    }
    return attempt_identity(read(params));
}

std::vector<std::string> fields_of(const std::vector<field_error>& errors) {
    std::vector<std::string> fields;
    for (const auto& e : errors) {
        fields.push_back(e.field);
    }
    return fields;
}

nlohmann::json json_of(const std::string& text) {
    return nlohmann::json::parse(text);
}

} // namespace

TEST_CASE("read_checkout_params reads every row of the table by its name", "[checkout]") {
    SECTION("parameters, options and code fields") {
        nlohmann::json params = valid();
        for (const param_row& row : param_table) {
            params[std::string(row.name)] = "v-" + std::string(row.name);
        }
        params["codeFields"] = {"productId", "mug", "size", "L", "odd"};
        params["label"] = "Pay";
        params["pinned"] = {"payeeId"};
        params["nested"] = {{"payeeId", "not this one"}};
        const checkout_params input = read(params);
        CHECK(input.errors.empty());
        for (const param_row& row : param_table) {
            INFO(row.name);
            const auto& value =
                row.param != nullptr ? input.params.*(row.param) : input.options.*(row.option);
            CHECK(value == "v-" + std::string(row.name));
        }
        REQUIRE(input.code_fields.size() == 2);
        CHECK(input.code_fields[0] == std::pair<std::string, std::string>{"productId", "mug"});
        CHECK(input.code_fields[1] == std::pair<std::string, std::string>{"size", "L"});
    }
    SECTION("null is absent, an empty string is kept, other types name the field (in the "
            "text's order; dump() sorts the keys)") {
        const checkout_params input = read({{"remark", nullptr},
                                            {"orderId", ""},
                                            {"quoteAmount", 10},
                                            {"isTemp", true},
                                            {"timeout", {"5000"}},
                                            {"payeeId", {{"a", "b"}}},
                                            {"retries", 1.5}});
        CHECK_FALSE(input.params.remark.has_value());
        CHECK(input.params.order_id == std::string());
        CHECK_FALSE(input.params.quote_amount.has_value());
        CHECK(fields_of(input.errors) ==
              std::vector<std::string>{"isTemp", "payeeId", "quoteAmount", "retries", "timeout"});
        CHECK(input.errors[2].message == "quoteAmount must be a string");
    }
    SECTION("not an object, not JSON, or too big: an error on params") {
        for (const std::string& text :
             {std::string("null"), std::string("\"payeeId=x\""), std::string("[1]"),
              std::string("{\"payeeId\":"),
              std::string("{\"remark\":\"") + std::string(70000, 'x') + "\"}"}) {
            const checkout_params input = read_checkout_params(text);
            REQUIRE(input.errors.size() == 1);
            CHECK(input.errors[0].field == "params");
            CHECK(input.errors[0].message == "params must be an object");
        }
    }
    SECTION("codeFields must be an array of strings, when there is a code endpoint") {
        nlohmann::json params = {{"codeEndpoint", "https://shop.example/code"},
                                 {"codeFields", {{"productId", "mug"}}}};
        CHECK(fields_of(read(params).errors) == std::vector<std::string>{"codeFields"});
        params["codeFields"] = "productId";
        CHECK(read(params).errors.at(0).message ==
              "codeFields must be an array of names and values");
        params["codeFields"] = {"productId", 2};
        CHECK(read(params).errors.at(0).message == "codeFields must hold strings only");
        params["codeFields"] = {"productId", {"mug"}};
        CHECK(read(params).errors.at(0).message == "codeFields must hold strings only");
        params.erase("codeEndpoint");
        CHECK(read(params).errors.empty());
    }
}

TEST_CASE("attempt_identity: everything that is sent, and nothing else", "[checkout]") {
    SECTION("the same configuration is the same attempt") {
        CHECK(identity({}) == identity({}));
        CHECK(identity({}) == attempt_identity(read(valid())));
    }
    SECTION("every parameter sent, the API's base and the code endpoint make another attempt") {
        const std::vector<std::string> sent = {
            "payeeId",     "quoteAmount",      "quoteAssetId", "settlementAssetId",
            "isTemp",      "paymentAssetId",   "remark",       "expireSeconds",
            "orderId",     "settlementMemo",   "returnTo",     "failedReturnTo",
            "callbackUrl", "expiredTimestamp", "apiBase",      "codeEndpoint"};
        std::set<std::string> identities = {identity({})};
        const nlohmann::json base = valid();
        for (const std::string& name : sent) {
            identities.insert(identity({{name, "x" + base.value(name, std::string())}}));
        }
        CHECK(identities.size() == sent.size() + 1);
        // 10.5 and 10.50 are sent as different strings: different attempts.
        CHECK(identity({{"quoteAmount", "10.5"}}) != identity({}));
    }
    SECTION("the traceId, payBase, timeout and retries are not the attempt") {
        for (const auto& [name, value] :
             {std::pair{"traceId", "6f1c1b5e-8f0e-4c5b-9a57-3b8c0f3c2f11"},
              std::pair{"payBase", "https://pay.example"}, std::pair{"timeout", "5000"},
              std::pair{"retries", "0"}}) {
            INFO(name);
            CHECK(identity({{name, value}}) == identity({}));
        }
    }
    SECTION("values cannot run into each other: lengths separate them; absent is not empty") {
        CHECK(identity({{"remark", "ab"}, {"settlementMemo", "c"}}) !=
              identity({{"remark", "a"}, {"settlementMemo", "bc"}}));
        CHECK(identity({{"remark", ""}}) != identity({}));
        CHECK(identity({{"remark", "-"}}) != identity({}));
    }
    SECTION("server-created payments: the fields sent to the endpoint are the attempt") {
        const nlohmann::json base = {{"codeEndpoint", "https://shop.example/checkout"},
                                     {"orderId", "order_1001"}};
        const auto with = [&](nlohmann::json fields) {
            nlohmann::json params = base;
            params["codeFields"] = std::move(fields);
            return attempt_identity(read(params));
        };
        CHECK(with({"productId", "mug"}) == with({"productId", "mug"}));
        CHECK(with({"productId", "cup"}) != with({"productId", "mug"}));
        CHECK(with({"product", "Idmug"}) != with({"productId", "mug"}));
    }
}

TEST_CASE("plan_checkout: one attempt checked, completed and encoded once", "[checkout]") {
    SECTION("a direct payment: the body, the options and the filled failedReturnTo") {
        nlohmann::json params = valid();
        params["failedReturnTo"] = "https://shop.example/failed?t={traceId}&o={orderId}";
        params["timeout"] = "5000";
        params["retries"] = "1";
        params["payBase"] = "https://pay.example";
        const checkout_plan plan = plan_checkout(read(params), now, random_bytes);
        REQUIRE(plan.request.errors.empty());
        CHECK_FALSE(plan.server);
        CHECK(plan.timeout_ms == 5000);
        CHECK(plan.retries == 1);
        CHECK(plan.pay_base == "https://pay.example");
        CHECK(plan.request.trace_id == generated_trace_id);
        CHECK(plan.request.failed_return_to ==
              "https://shop.example/failed?t=" + generated_trace_id + "&o=order_1001");
        CHECK(plan.request.body.find("failedReturnTo=https%3A%2F%2Fshop.example%2Ffailed%3Ft%3D" +
                                     generated_trace_id) != std::string::npos);
        CHECK(plan.identity == attempt_identity(read(params)));
    }
    SECTION("timeout and retries are checked with the rest, read errors last") {
        nlohmann::json params = valid();
        params["quoteAmount"] = "1e3";
        params["timeout"] = "50";
        params["retries"] = "9";
        params["remark"] = 5;
        const checkout_plan plan = plan_checkout(read(params), now, random_bytes);
        CHECK(fields_of(plan.request.errors) ==
              std::vector<std::string>{"quoteAmount", "timeout", "retries", "remark"});
        CHECK(plan.request.body.empty());
    }
    SECTION("a server-created payment reads only the order reference and the fields") {
        const nlohmann::json params = {{"codeEndpoint", "https://shop.example/code"},
                                       {"orderId", "order_1001"},
                                       {"quoteAmount", "not read"},
                                       {"codeFields", {"productId", "mug"}}};
        const checkout_plan plan = plan_checkout(read(params), now, random_bytes);
        REQUIRE(plan.request.errors.empty());
        CHECK(plan.server);
        CHECK(plan.request.endpoint == "https://shop.example/code");
        CHECK(plan.request.body ==
              "traceId=" + generated_trace_id + "&orderId=order_1001&productId=mug");
    }
}

TEST_CASE("one result per attempt, as one JSON text", "[checkout]") {
    nlohmann::json params = valid();
    params["failedReturnTo"] = "https://shop.example/failed?t={traceId}";
    const checkout_plan plan = plan_checkout(read(params), now, random_bytes);
    const std::string failed_url = "https://shop.example/failed?t=" + generated_trace_id;
    SECTION("invalid: the errors, nothing else") {
        params["quoteAmount"] = "-1";
        const auto result =
            json_of(to_json(unsent_result(plan_checkout(read(params), now, random_bytes))));
        CHECK(result == json_of(R"({"status":"invalid","errors":[{"field":"quoteAmount",
              "message":"quoteAmount must be a positive decimal such as 10 or 0.5, without sign, exponent or spaces."}]})"));
    }
    SECTION("canceled: the attempt the page stopped") {
        CHECK(json_of(to_json(unsent_result(plan))) ==
              nlohmann::json{{"status", "canceled"},
                             {"traceId", generated_trace_id},
                             {"orderId", "order_1001"}});
    }
    SECTION("created: the code and the only URL the buyer is sent to") {
        create_result ok;
        ok.ok = true;
        ok.code = code;
        CHECK(json_of(to_json(finish_checkout(plan, ok))) ==
              nlohmann::json{{"status", "created"},
                             {"traceId", generated_trace_id},
                             {"orderId", "order_1001"},
                             {"code", code},
                             {"url", "https://mixpay.me/code/" + code}});
    }
    SECTION("failed: the failure as the core decided it, failedReturnTo filled once") {
        const auto result = json_of(to_json(finish_checkout(
            plan,
            parse_create_response(
                200,
                R"({"code":1017,"success":false,"message":"No \"such\"\nasset","data":{}})"))));
        CHECK(result == nlohmann::json{{"status", "failed"},
                                       {"traceId", generated_trace_id},
                                       {"orderId", "order_1001"},
                                       {"kind", "api"},
                                       {"httpStatus", 200},
                                       {"apiCode", 1017},
                                       {"message", "No \"such\" asset"},
                                       {"transient", false},
                                       {"createdNothing", true},
                                       {"failedReturnTo", failed_url}});
        const auto lost = json_of(to_json(finish_checkout(plan, {false, "", network_failure()})));
        CHECK(lost["kind"] == "network");
        CHECK(lost["transient"] == true);
        CHECK(lost["createdNothing"] == false);
    }
    SECTION("a success whose code gives no payment page is the unusable-code failure") {
        nlohmann::json bad_base = valid();
        bad_base["payBase"] = "https://pay.example/?x=1";
        checkout_plan odd = plan;
        odd.pay_base = "not a url";
        create_result ok;
        ok.ok = true;
        ok.code = code;
        const auto result = json_of(to_json(finish_checkout(odd, ok)));
        CHECK(result["status"] == "failed");
        CHECK(result["kind"] == "response");
        CHECK(result["httpStatus"] == 200);
        CHECK(result["message"] == unusable_code_failure().message);
        CHECK(result["createdNothing"] == false);
    }
    SECTION(
        "what would be sent: errors, traceId, orderId and identity; control characters escaped") {
        params["remark"] = "tab\there \\ \"quoted\"";
        const checkout_plan with_tab = plan_checkout(read(params), now, random_bytes);
        const auto result = json_of(plan_json(with_tab));
        CHECK(result["errors"].size() == 1);
        CHECK(result["errors"][0]["field"] == "remark");
        CHECK(result["traceId"] == generated_trace_id);
        CHECK(result["orderId"] == "order_1001");
        CHECK(result["identity"] == with_tab.identity);
    }
}

TEST_CASE("param_table_names: every row's name, space-separated", "[checkout]") {
    CHECK(param_table_names() ==
          "payeeId quoteAmount quoteAssetId settlementAssetId isTemp paymentAssetId remark "
          "expireSeconds traceId orderId settlementMemo returnTo failedReturnTo callbackUrl "
          "expiredTimestamp apiBase payBase timeout retries codeEndpoint");
}
