// MixPay's documented payments_result answers (tests/fixtures/mixpay-api, embedded in the
// test binary), to be varied in a test and never in the file.
#pragma once

#include <catch2/catch.hpp>

#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "mixpay_fixtures.hpp"

namespace documented {

// The documented answers, one per version of the page.
constexpr std::string_view payments_result_files[] = {"payments_result.2022.json",
                                                      "payments_result.current.json"};

// The fixture's text, as the API sends it.
inline std::string text(std::string_view file) {
    const std::string_view found = mixpay_fixtures::text(file);
    REQUIRE_FALSE(found.empty());
    return std::string(found);
}

// The fixture parsed, to be edited before it is sent again with dump().
inline nlohmann::json answer(std::string_view file) {
    nlohmann::json parsed = nlohmann::json::parse(text(file), nullptr, false);
    REQUIRE(parsed.is_object());
    REQUIRE(parsed["data"].is_object());
    return parsed;
}

} // namespace documented
