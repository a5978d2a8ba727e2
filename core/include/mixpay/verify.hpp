// The merchant's check of a payment result against its own order, as MixPay's security
// guidelines require before an order is marked paid: status success, and payeeId,
// quoteAmount and quoteAssetId equal to the order's. A page's parameters can be edited by
// the buyer, so only this check on the merchant's server says an order is paid.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "mixpay/result.hpp"

namespace mixpay {

// What payments_result was asked for: a traceId, or an orderId with the payeeId. The
// answer carries the payment's traceId either way and never an orderId, so an orderId is
// bound by the query that names it and by nothing else.
enum class lookup_key { trace_id, order_id };

// What the merchant's own records say, never what the buyer or a callback sent.
struct expected_payment {
    std::string payee_id;       // the merchant's payeeId: a UUID or a 32-hex account id
    std::string quote_amount;   // the order's amount, a positive decimal
    std::string quote_asset_id; // an asset UUID or a 3-letter fiat code such as "usd"
    // By trace_id: the traceId looked up (required). By order_id: the order's traceId when
    // it has one; the answer's traceId must then be it.
    std::string trace_id;
    // By order_id: the orderId looked up with payee_id (required). By trace_id: must be
    // empty, since nothing in the answer could show the payment is that order's.
    std::string order_id;
    lookup_key looked_up_by = lookup_key::trace_id;
};

// One reason the payment does not count as paid. to_string() gives the code's stable word
// (its name, "amount_mismatch") at the edges:
//   expectation_invalid  the expectation itself is unusable (field says which); nothing
//                        else is checked
//   api_error            the API refused the lookup (actual: its code, e.g. 40022)
//   result_unavailable   no usable answer (network, timeout, http); asking again may help
//   result_unreadable    the answer could not be read as a payment result
//   status_unpaid        no payment yet                              } field "status",
//   status_confirming    paid, waiting for on-chain confirmations    } actual: the status
//   status_paid_less     confirmed, less than payable: may be topped up } as sent; the
//   status_pending       fully paid, still being processed           } status may still
//   status_auditing      under review                                } become success
//   status_failed        failed for good (field "failureCode", actual: the code as sent;
//                        the message carries failureReason)
//   status_unknown       a status no document lists, or none (actual: as sent, or empty)
//   payee_mismatch       data.payeeId is not the merchant's
//   amount_mismatch      data.quoteAmount is not the order's amount by decimal value
//   asset_mismatch       data.quoteAssetId is not the order's asset
//   trace_mismatch       data.traceId is not the expected traceId
enum class mismatch_code {
    expectation_invalid,
    api_error,
    result_unavailable,
    result_unreadable,
    status_unpaid,
    status_confirming,
    status_paid_less,
    status_pending,
    status_auditing,
    status_failed,
    status_unknown,
    payee_mismatch,
    amount_mismatch,
    asset_mismatch,
    trace_mismatch,
};

std::string_view to_string(mismatch_code code);

struct mismatch {
    mismatch_code code;
    std::string field;   // the API's name of the field ("quoteAmount"); empty for the answer
    std::string actual;  // what the result says there (expectation_invalid: the expected value)
    std::string message; // a plain sentence for the merchant's log
};

// The mismatch code of a status that is not success (nullopt for success).
std::optional<mismatch_code> status_mismatch_code(payment_status status);

// The expectation's own problems, as expectation_invalid mismatches: payeeId, quoteAmount
// and quoteAssetId are required, and the reference looked_up_by names; each must pass the
// rule of the API parameter of the same name. Empty when it can be verified against.
std::vector<mismatch> check_expectation(const expected_payment& expected);

// Every mismatch at once, not only the first; empty means verified: the order is paid.
// Identifiers are compared without regard to ASCII case (UUIDs, 32-hex account ids, fiat
// codes); a traceId also in its 32-digit form without dashes (the spelling of MixPay's
// example answer); the amount by decimal value ("10" == "10.00", never through a float).
// A result field that is absent or malformed is a mismatch. The orderId is never compared:
// no answer carries one.
std::vector<mismatch> verify_payment(const payment_result& result,
                                     const expected_payment& expected);

} // namespace mixpay
