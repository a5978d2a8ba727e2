#include "workload.hpp"

#include "mixpay/response.hpp"

namespace mixpay_bench {

workload make_workload() {
    workload w;
    w.pairs = {
        {"payeeId", "a0d7791408776b47eb1dd3f94ed15d6a"},
        {"quoteAmount", "10.50"},
        {"quoteAssetId", "usd"},
        {"settlementAssetId", "c6d0c728-2624-429b-8e0d-d9d19b6592fa"},
        {"orderId", "order_1001"},
        {"remark", "Two coffees and a croissant, table 4"},
        {"expireSeconds", "900"},
        {"returnTo", "https://shop.example/thanks?order={orderId}"},
        {"failedReturnTo", "https://shop.example/failed?trace={traceId}"},
        {"callbackUrl", "https://shop.example/hooks/mixpay"},
    };
    w.params = mixpay::params_from_pairs(w.pairs);
    w.options.api_base = "https://api.mixpay.me/v1";
    w.options.pay_base = "https://mixpay.me";
    w.now_unix = 1767225600; // 2026-01-01T00:00:00Z
    for (std::size_t i = 0; i < w.random.size(); ++i) {
        w.random[i] = static_cast<std::uint8_t>(0x5a ^ (i * 37));
    }
    w.response_body = R"({"code":0,"success":true,"message":"",)"
                      R"("data":{"code":"7f0a3c3e-6c7b-4d3e-9a55-4bde0b0f1c2d"},)"
                      R"("timestampMs":1767225600123})";
    return w;
}

std::size_t validate_once(const workload& w) {
    mixpay::payment_params params = mixpay::params_from_pairs(w.pairs);
    return mixpay::validate(params, w.now_unix).size() + 1;
}

std::size_t encode_once(const workload& w) {
    return mixpay::encode_form(w.params).size();
}

std::size_t parse_once(const workload& w) {
    mixpay::create_result result = mixpay::parse_create_response(200, w.response_body);
    return result.code.size() + (result.ok ? 1 : 0);
}

std::size_t checkout_once(const workload& w) {
    mixpay::payment_params params = mixpay::params_from_pairs(w.pairs);
    mixpay::prepared_request prepared =
        mixpay::prepare_request(params, w.options, w.now_unix, w.random);
    mixpay::create_result result = mixpay::parse_create_response(200, w.response_body);
    std::string url = mixpay::code_url(w.options.pay_base, result.code);
    return prepared.body.size() + prepared.errors.size() + url.size();
}

} // namespace mixpay_bench
