// The statuses of a one-time payment, as GET /v1/payments_result words them.
#pragma once

#include <string_view>

namespace mixpay {

// data.status, every word MixPay documents (2022: unpaid, pending, failed, success; 2023:
// auditing; the payment lifecycle page: confirming, paid_less). Only success and failed are
// final; only success is paid. `pending` is "fully paid, still being processed", not paid.
// `unknown` covers a word no document lists, and a missing status: never paid.
enum class payment_status {
    unpaid,     // no valid payment recognized yet
    confirming, // paid on chain, waiting for confirmations
    paid_less,  // confirmed, but less than payableAmount: the buyer may still top up
    pending,    // fully paid and confirmed, still being processed
    auditing,   // under risk, compliance or manual review
    success,
    failed, // see failure_code and failure_reason
    unknown
};

// The API's word for a status ("unknown" for unknown).
std::string_view status_name(payment_status status);

// The status a word names, exactly as the API writes it; unknown for any other text.
payment_status status_from_name(std::string_view text);

// success and failed: the status will not change again. Ask again for any other.
bool status_is_final(payment_status status);

} // namespace mixpay
