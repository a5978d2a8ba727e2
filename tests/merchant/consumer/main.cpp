// Uses the installed library as the README shows, without a network: parameters refused
// before sending, a result verified, and a client with no API to reach.
#include <cstdio>
#include <string>

#include <mixpay/merchant.hpp>

namespace {

int failures = 0;

void check(bool condition, const char* what) {
    if (!condition) {
        std::fprintf(stderr, "consumer: failed: %s\n", what);
        ++failures;
    }
}

} // namespace

int main() {
    mixpay::merchant_options options;
    options.api_base = "http://127.0.0.1:9/v1"; // the discard port: nothing answers
    options.max_attempts = 1;
    const mixpay::merchant_client client(options);
    check(client.option_errors().empty(), "options are valid");

    mixpay::payment_params params;
    params.payee_id = "a0d7791408776b47eb1dd3f94ed15d6a";
    params.quote_amount = "ten";
    params.quote_asset_id = "usd";
    params.settlement_asset_id = "c6d0c728-2624-429b-8e0d-d9d19b6592fa";
    const mixpay::created_payment refused = client.create_payment(params);
    check(!refused.ok && refused.attempts == 0, "invalid parameters are not sent");
    check(refused.errors.size() == 1 && refused.errors[0].field == "quoteAmount",
          "the invalid field is named");

    params.quote_amount = "10";
    const mixpay::created_payment unreachable = client.create_payment(params);
    check(!unreachable.ok && mixpay::to_string(unreachable.failure.kind) == "network" &&
              unreachable.failure.transient && !unreachable.trace_id.empty(),
          "no API is a transient network failure with the traceId to retry with");

    const std::string trace = "525502dd-e552-4505-b114-32fe32ff23c2";
    const mixpay::payment_result result = mixpay::parse_payment_result(
        200, R"({"code":0,"success":true,"message":"","data":{"status":"success",)"
             R"("quoteAmount":"10.00","quoteAssetId":"USD",)"
             R"("payeeId":"a0d7791408776b47eb1dd3f94ed15d6a","traceId":")" +
                 trace + R"("}})");
    mixpay::expected_payment order;
    order.payee_id = "a0d7791408776b47eb1dd3f94ed15d6a";
    order.quote_amount = "10";
    order.quote_asset_id = "usd";
    order.trace_id = trace;
    check(mixpay::verify_payment(result, order).empty(), "a matching result verifies");
    order.quote_amount = "1000";
    const auto found = mixpay::verify_payment(result, order);
    check(found.size() == 1 && mixpay::to_string(found[0].code) == "amount_mismatch",
          "another amount does not");

    if (failures == 0) {
        std::printf("consumer: the installed mixpay::merchant works\n");
    }
    return failures == 0 ? 0 : 1;
}
