// The merchant server's side of a MixPay checkout: create the one-time payment where the
// order's amount is decided, and verify its result before the order counts as paid. The
// same core as the browser button validates, encodes and reads the answers.
#pragma once

#include <chrono>
#include <string>
#include <string_view>
#include <vector>

#include "mixpay/params.hpp"
#include "mixpay/response.hpp"
#include "mixpay/result.hpp"
#include "mixpay/verify.hpp"

namespace mixpay {

struct merchant_options {
    std::string api_base = "https://api.mixpay.me/v1"; // http:// only for a local sandbox
    std::string pay_base = "https://mixpay.me";        // where payment codes are paid
    // Each attempt: connecting, each wait for bytes to send or receive, and the attempt as
    // a whole (also when the answer trickles in).
    std::chrono::milliseconds connect_timeout{5000};
    std::chrono::milliseconds read_timeout{10000};
    std::chrono::milliseconds write_timeout{5000};
    std::chrono::milliseconds attempt_timeout{15000};
    // Requests per call, the first included. Only transient failures are retried: no answer,
    // a timeout, HTTP 5xx or 429, API codes -1 and 1429.
    int max_attempts = 4;
    // The wait before retry n is drawn from [d/2, d] with d = min(backoff * 2^(n-1),
    // max_backoff), so clients that failed together do not retry together.
    std::chrono::milliseconds backoff{250};
    std::chrono::milliseconds max_backoff{4000};
    // PEM file of the authorities https answers are checked against; empty: the system's.
    std::string ca_cert_file;
};

struct created_payment {
    bool ok = false;
    std::string code;                // canonical UUID when ok
    std::string url;                 // <pay_base>/code/<code> when ok: send the buyer here
    std::string trace_id;            // the payment's traceId, sent on every attempt
    std::string order_id;            // empty when none was given
    std::vector<field_error> errors; // invalid parameters or options: nothing was sent
    attempt_failure failure;         // when !ok and errors is empty
    int attempts = 0;                // requests sent
};

struct verification {
    bool paid = false;                // true only when there is no mismatch at all
    payment_result result;            // the answer the verdict was drawn from
    std::vector<mismatch> mismatches; // every reason it is not paid (see verify_payment)
};

// Talks to the MixPay API over HTTPS (or HTTP for a local sandbox). Holds nothing but its
// options, so one client may serve any number of threads at once. No call throws; every
// call returns within max_attempts * attempt_timeout plus the backoff between attempts.
// Redirects are never followed and answers over max_response_bytes are not read.
class merchant_client {
public:
    explicit merchant_client(merchant_options options = {});

    // Errors in the options (fields "apiBase", "payBase", "connectTimeout", "readTimeout",
    // "writeTimeout", "attemptTimeout", "maxAttempts", "backoff", "maxBackoff"); while
    // there are any, nothing is ever sent: create_payment() returns them as its errors,
    // lookups fail as below. Worth checking once at start-up.
    const std::vector<field_error>& option_errors() const { return option_errors_; }

    // POST <api_base>/one_time_payment. The parameters are checked and encoded once by the
    // core (a missing traceId is generated, isTemp defaults to 1) and every retry sends
    // the same bytes with the same traceId, so a retry can never make a second payment.
    // Store trace_id with the order before sending the buyer to url.
    created_payment create_payment(const payment_params& params) const;

    // GET <api_base>/payments_result by traceId, or by orderId and payeeId. A reference
    // the API would refuse (not a UUID, an orderId of the wrong form) is refused without a
    // request as the API refuses it: an "api" failure with code 1017, status 0.
    mixpay::payment_result payment_result(std::string_view trace_id) const;
    mixpay::payment_result payment_result_by_order(std::string_view order_id,
                                                   std::string_view payee_id) const;

    // Looks the payment up as expected.looked_up_by says (by its traceId, or by its orderId
    // and payeeId) and checks it against the expectation with verify_payment(). Look up by
    // traceId whenever the order has one: MixPay's answer carries the traceId either way,
    // and never an orderId. Build the expectation from the merchant's own order, never from
    // what a callback or a return URL says. An unusable expectation is refused without a
    // request.
    verification verify(const expected_payment& expected) const;

private:
    mixpay::payment_result lookup(const payment_params& reference) const;

    merchant_options options_;
    std::vector<field_error> option_errors_;
};

} // namespace mixpay
