#include <catch2/catch.hpp>

#include <chrono>
#include <string>

#include "mixpay/merchant.hpp"
#include "mixpay/uuid.hpp"
#include "sandbox_process.hpp"
#include "shop.hpp"

using namespace merchant_test;
using mixpay::merchant_client;

namespace {

void queue_fault(const sandbox_process& sandbox, const std::string& query,
                 const std::string& body = "") {
    REQUIRE(sandbox.post("/__sandbox/fault?" + query, body).status == 200);
}

// Every create request the sandbox received carried the same form, and so the same
// traceId; returns how many there were.
std::size_t identical_requests(const sandbox_process& sandbox, const std::string& trace_id) {
    const auto requests = sandbox.create_requests();
    REQUIRE(!requests.empty());
    for (const auto& request : requests) {
        CHECK(request["body"] == requests[0]["body"]);
        CHECK(request["params"]["traceId"] == trace_id);
    }
    return requests.size();
}

// The sandbox knows exactly one payment for the traceId, with the order's amount.
void one_payment(const sandbox_process& sandbox, const std::string& trace_id) {
    const auto result = sandbox.get("/v1/payments_result?traceId=" + trace_id);
    REQUIRE(result.status == 200);
    CHECK(result.body["success"] == true);
    CHECK(result.body["data"]["traceId"] == trace_id);
    CHECK(result.body["data"]["quoteAmount"] == "10");
}

} // namespace

TEST_CASE("create_payment makes the payment on the API", "[merchant][create]") {
    sandbox_process sandbox;
    const merchant_client client(quick_options(sandbox.api_base(), sandbox.url()));
    REQUIRE(client.option_errors().empty());

    SECTION("the code, the URL to send the buyer to and the traceId") {
        const auto created = client.create_payment(order_params("order-1001"));
        REQUIRE(created.ok);
        CHECK(created.errors.empty());
        CHECK(mixpay::is_uuid(created.code));
        CHECK(mixpay::canonical_uuid(created.code) == created.code);
        CHECK(created.url == sandbox.url() + "/code/" + created.code);
        CHECK(mixpay::is_uuid(created.trace_id));
        CHECK(created.order_id == "order-1001");
        CHECK(created.attempts == 1);
        const auto requests = sandbox.create_requests();
        REQUIRE(requests.size() == 1);
        CHECK(requests[0]["contentType"] == "application/x-www-form-urlencoded");
        CHECK(requests[0]["params"]["traceId"] == created.trace_id);
        CHECK(requests[0]["params"]["quoteAmount"] == "10");
        CHECK(requests[0]["params"]["isTemp"] == "1");
        one_payment(sandbox, created.trace_id);
    }
    SECTION("a traceId given is the one sent") {
        auto params = order_params();
        params.trace_id = "525502dd-e552-4505-b114-32fe32ff23c2";
        const auto created = client.create_payment(params);
        REQUIRE(created.ok);
        CHECK(created.trace_id == *params.trace_id);
        CHECK(created.code == *params.trace_id);
    }
    SECTION("two payments get two traceIds") {
        const auto first = client.create_payment(order_params());
        const auto second = client.create_payment(order_params());
        REQUIRE(first.ok);
        REQUIRE(second.ok);
        CHECK(first.trace_id != second.trace_id);
    }
    SECTION("invalid parameters: nothing is sent and every field is named") {
        auto params = order_params();
        params.payee_id.reset();
        params.quote_amount = "1e3";
        params.callback_url = "http://shop.example/callback";
        const auto created = client.create_payment(params);
        CHECK_FALSE(created.ok);
        REQUIRE(created.errors.size() == 3);
        CHECK(created.errors[0].field == "payeeId");
        CHECK(created.errors[1].field == "quoteAmount");
        CHECK(created.errors[2].field == "callbackUrl");
        CHECK(mixpay::to_string(created.failure.kind).empty());
        CHECK(created.attempts == 0);
        CHECK(sandbox.create_requests().empty());
    }
    SECTION("the API refuses what the core allowed: an api failure, not retried") {
        auto first = order_params();
        first.trace_id = "525502dd-e552-4505-b114-32fe32ff23c2";
        REQUIRE(client.create_payment(first).ok);
        auto reused = first;
        reused.quote_amount = "0.01";
        const auto created = client.create_payment(reused);
        CHECK_FALSE(created.ok);
        CHECK(mixpay::to_string(created.failure.kind) == "api");
        CHECK(created.failure.code == 1017);
        CHECK(created.attempts == 1);
    }
}

TEST_CASE("transient failures are retried with the same traceId and body",
          "[merchant][create][retry]") {
    sandbox_process sandbox;
    auto options = quick_options(sandbox.api_base(), sandbox.url());
    const auto started = std::chrono::steady_clock::now();

    SECTION("HTTP 500 twice") {
        queue_fault(sandbox, "mode=http500&count=2");
        const auto created = merchant_client(options).create_payment(order_params());
        REQUIRE(created.ok);
        CHECK(created.attempts == 3);
        CHECK(identical_requests(sandbox, created.trace_id) == 3);
        one_payment(sandbox, created.trace_id);
    }
    SECTION("API codes -1 and 1429") {
        queue_fault(sandbox, "mode=api&count=1&code=-1");
        queue_fault(sandbox, "mode=api&count=1&code=1429");
        const auto created = merchant_client(options).create_payment(order_params());
        REQUIRE(created.ok);
        CHECK(created.attempts == 3);
        CHECK(identical_requests(sandbox, created.trace_id) == 3);
    }
    SECTION("HTTP 503 with a page for a body") {
        queue_fault(sandbox, "mode=body&count=1&status=503&type=text/html",
                    "<html>Service Unavailable</html>");
        const auto created = merchant_client(options).create_payment(order_params());
        REQUIRE(created.ok);
        CHECK(created.attempts == 2);
    }
    SECTION("a lost answer after the payment was made: the retry gets the same payment") {
        queue_fault(sandbox, "mode=drop&count=1");
        const auto created = merchant_client(options).create_payment(order_params());
        REQUIRE(created.ok);
        CHECK(created.attempts == 2);
        CHECK(created.code == created.trace_id);
        CHECK(identical_requests(sandbox, created.trace_id) == 2);
        one_payment(sandbox, created.trace_id);
    }
    SECTION("no answer in time: the attempt is given up and retried, in bounded time") {
        queue_fault(sandbox, "mode=hang&count=1&seconds=3");
        options.read_timeout = std::chrono::milliseconds(500);
        const auto created = merchant_client(options).create_payment(order_params());
        REQUIRE(created.ok);
        CHECK(created.attempts == 2);
        CHECK(elapsed_ms(started) < 2500);
        CHECK(identical_requests(sandbox, created.trace_id) == 2);
        one_payment(sandbox, created.trace_id);
    }
    SECTION("the whole attempt is bounded too") {
        queue_fault(sandbox, "mode=hang&count=1&seconds=3");
        options.attempt_timeout = std::chrono::milliseconds(500);
        const auto created = merchant_client(options).create_payment(order_params());
        REQUIRE(created.ok);
        CHECK(created.attempts == 2);
        CHECK(elapsed_ms(started) < 2500);
    }
    SECTION("attempts run out: the last failure, still transient") {
        queue_fault(sandbox, "mode=http500&count=10");
        options.max_attempts = 3;
        const auto created = merchant_client(options).create_payment(order_params());
        CHECK_FALSE(created.ok);
        CHECK(mixpay::to_string(created.failure.kind) == "http");
        CHECK(created.failure.status == 500);
        CHECK(created.failure.transient);
        CHECK(created.attempts == 3);
        CHECK(identical_requests(sandbox, created.trace_id) == 3);
        CHECK(elapsed_ms(started) < 2000);
    }
    SECTION("timeouts every time: bounded by attempts and timeouts") {
        queue_fault(sandbox, "mode=hang&count=3&seconds=5");
        options.max_attempts = 3;
        options.read_timeout = std::chrono::milliseconds(300);
        const auto created = merchant_client(options).create_payment(order_params());
        CHECK_FALSE(created.ok);
        CHECK(mixpay::to_string(created.failure.kind) == "timeout");
        CHECK(created.failure.transient);
        CHECK(created.attempts == 3);
        CHECK(elapsed_ms(started) < 3 * 300 + 2 * 100 + 1500);
    }
}

TEST_CASE("failures that a retry cannot mend are not retried", "[merchant][create][retry]") {
    sandbox_process sandbox;
    const merchant_client client(quick_options(sandbox.api_base(), sandbox.url()));
    const auto started = std::chrono::steady_clock::now();

    SECTION("a parameter error") {
        queue_fault(sandbox, "mode=api&count=5&code=1017");
        const auto created = client.create_payment(order_params());
        CHECK(mixpay::to_string(created.failure.kind) == "api");
        CHECK(created.failure.code == 1017);
        CHECK_FALSE(created.failure.transient);
        CHECK(created.attempts == 1);
    }
    SECTION("a code that is no UUID is never turned into a URL") {
        queue_fault(sandbox, "mode=badcode&count=5");
        const auto created = client.create_payment(order_params());
        CHECK_FALSE(created.ok);
        CHECK(created.url.empty());
        CHECK(mixpay::to_string(created.failure.kind) == "response");
        CHECK(created.attempts == 1);
    }
    SECTION("an answer over 64 KiB is not read") {
        queue_fault(sandbox, "mode=oversized&count=5&kib=2048");
        const auto created = client.create_payment(order_params());
        CHECK_FALSE(created.ok);
        CHECK(mixpay::to_string(created.failure.kind) == "response");
        CHECK(created.failure.message.find("too large") != std::string::npos);
        CHECK(created.attempts == 1);
        CHECK(elapsed_ms(started) < 2000);
    }
    SECTION("an endless answer is cut off at 64 KiB") {
        queue_fault(sandbox, "mode=endless&count=5&seconds=60");
        const auto created = client.create_payment(order_params());
        CHECK_FALSE(created.ok);
        CHECK(mixpay::to_string(created.failure.kind) == "response");
        CHECK(created.failure.message.find("too large") != std::string::npos);
        CHECK(created.attempts == 1);
        CHECK(elapsed_ms(started) < 2000);
    }
    SECTION("an unreadable success") {
        queue_fault(sandbox, "mode=malformed&count=5");
        const auto created = client.create_payment(order_params());
        CHECK(mixpay::to_string(created.failure.kind) == "response");
        CHECK(created.attempts == 1);
    }
    SECTION("a client error status") {
        queue_fault(sandbox, "mode=body&count=5&status=404&type=text/plain", "Not Found");
        const auto created = client.create_payment(order_params());
        CHECK(mixpay::to_string(created.failure.kind) == "http");
        CHECK(created.failure.status == 404);
        CHECK(created.attempts == 1);
    }
}
