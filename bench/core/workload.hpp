// The core's work for one checkout, shared by the native benchmark (Google Benchmark)
// and the WebAssembly one (a plain timing loop under Node), so both run the same code.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "mixpay/params.hpp"
#include "mixpay/request.hpp"

namespace mixpay_bench {

// A merchant's button as the page reads it: its data-* values, the widget options, the
// clock and the random bytes of one attempt, and the API's answer to it.
struct workload {
    std::vector<std::pair<std::string, std::string>> pairs;
    mixpay::payment_params params; // `pairs` parsed, for encode_once
    mixpay::widget_options options;
    std::int64_t now_unix = 0;
    std::array<std::uint8_t, 16> random{};
    std::string response_body;
};

workload make_workload();

// Each returns a number that depends on the work done, so the optimizer cannot drop it.

// params_from_pairs + validate (what the page does for every button when it is ready).
std::size_t validate_once(const workload& w);
// encode_form of the parsed parameters.
std::size_t encode_once(const workload& w);
// parse_create_response of the API's success answer.
std::size_t parse_once(const workload& w);
// One whole attempt: params_from_pairs + prepare_request (complete, validate, encode)
// + parse_create_response + code_url.
std::size_t checkout_once(const workload& w);

} // namespace mixpay_bench
