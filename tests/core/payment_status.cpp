#include <catch2/catch.hpp>

#include <string>

#include "mixpay/payment_status.hpp"

using namespace mixpay;

TEST_CASE("status_from_name: each documented word, exactly as written", "[payment_status]") {
    const payment_status listed[] = {payment_status::unpaid,    payment_status::confirming,
                                     payment_status::paid_less, payment_status::pending,
                                     payment_status::auditing,  payment_status::success,
                                     payment_status::failed};
    for (const auto status : listed) {
        CHECK(status_from_name(status_name(status)) == status);
    }
    const std::string others[] = {"",         "unknown", "Success",   "SUCCESS",
                                  " success", "paid",    "paid-less", std::string("success\0", 8)};
    for (const auto& other : others) {
        CHECK(status_from_name(other) == payment_status::unknown);
    }
}
