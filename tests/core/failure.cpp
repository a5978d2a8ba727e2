#include <catch2/catch.hpp>

#include <string>

#include "mixpay/failure.hpp"

using namespace mixpay;

TEST_CASE("to_string: the contract's word for each failure kind", "[failure]") {
    CHECK(to_string(failure_kind::none).empty());
    CHECK(to_string(failure_kind::network) == "network");
    CHECK(to_string(failure_kind::timeout) == "timeout");
    CHECK(to_string(failure_kind::http) == "http");
    CHECK(to_string(failure_kind::api) == "api");
    CHECK(to_string(failure_kind::response) == "response");
    CHECK(to_string(attempt_failure{}.kind).empty());
}

TEST_CASE("no answer: one builder per kind, its words by the call", "[failure]") {
    for (const auto call : {api_call::create, api_call::lookup}) {
        const attempt_failure network = network_failure(call);
        const attempt_failure timeout = timeout_failure(call);
        CHECK(network.kind == failure_kind::network);
        CHECK(timeout.kind == failure_kind::timeout);
        for (const auto& failure : {network, timeout}) {
            CHECK(failure.transient);
            CHECK(failure.status == 0);
            CHECK(failure.code == 0);
        }
        CHECK(network.message.find("could not be reached") != std::string::npos);
        CHECK(timeout.message.find("did not answer in time") != std::string::npos);
    }
    SECTION("the create call by default") {
        CHECK(network_failure().message == network_failure(api_call::create).message);
        CHECK(timeout_failure().message == timeout_failure(api_call::create).message);
        CHECK(network_failure().message != network_failure(api_call::lookup).message);
        CHECK(timeout_failure().message != timeout_failure(api_call::lookup).message);
    }
}

TEST_CASE("response_failure: an unreadable answer, not retried", "[failure]") {
    const attempt_failure failure = response_failure(200, "unreadable");
    CHECK(failure.kind == failure_kind::response);
    CHECK(failure.status == 200);
    CHECK(failure.code == 0);
    CHECK(failure.message == "unreadable");
    CHECK_FALSE(failure.transient);
}
