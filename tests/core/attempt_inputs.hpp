// The fixed inputs of the tests of one attempt (checkout.cpp, request.cpp, code_request.cpp,
// params.cpp, response.cpp): the clock and the random bytes handed to the core in place of
// the real ones, the traceId those bytes make, the code of a MixPay answer, and valid
// parameters.
#pragma once

#include <array>
#include <cstdint>
#include <string>

#include "mixpay/params.hpp"

namespace attempt_inputs {

// The current Unix time, in seconds.
inline constexpr std::int64_t now = 1700000000;

// The attempt's random bytes, and the version 4 UUID the core makes of them (uuid.cpp
// checks that making).
inline constexpr std::array<std::uint8_t, 16> random_bytes = {
    0x00, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88, 0x99, 0xAA, 0xBB, 0xCC, 0xDD, 0xEE, 0xFF};
inline const std::string generated_trace_id = "00112233-4455-4677-8899-aabbccddeeff";

// Another version 4 UUID: the code a MixPay answer carries, and the traceId a page gives.
inline const std::string code = "525502dd-e552-4505-b114-32fe32ff23c2";
inline const std::string& given_trace_id = code;

// The four required parameters and an orderId, each valid.
inline mixpay::payment_params valid_params() {
    mixpay::payment_params p;
    p.payee_id = "a0d7791408776b47eb1dd3f94ed15d6a";
    p.quote_amount = "10";
    p.quote_asset_id = "usd";
    p.settlement_asset_id = "c6d0c728-2624-429b-8e0d-d9d19b6592fa";
    p.order_id = "order_1001";
    return p;
}

} // namespace attempt_inputs
