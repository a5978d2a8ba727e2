// The merchant's check of a payment result against its own order, as MixPay's security
// guidelines require before an order is marked paid: status success, and payeeId,
// quoteAmount and quoteAssetId equal to the order's. A page's parameters can be edited by
// the buyer, so only this check on the merchant's server says an order is paid.
#pragma once

#include <string>
#include <vector>

#include "result.hpp"

namespace mixpay {

// What the merchant's own records say, never what the buyer or a callback sent.
struct expected_payment {
    std::string payee_id;       // the merchant's payeeId: a UUID or a 32-hex account id
    std::string quote_amount;   // the order's amount, a positive decimal
    std::string quote_asset_id; // an asset UUID or a 3-letter fiat code such as "usd"
    std::string trace_id;       // the traceId looked up; empty when looked up by orderId
    std::string order_id;       // the orderId looked up; empty when there is none
};

// One reason the payment does not count as paid. `code` is stable:
//   expectation_invalid  the expectation itself is unusable (field says which); nothing
//                        else is checked
//   api_error            the API refused the lookup (actual: its code, e.g. 40022)
//   result_unavailable   no usable answer (network, timeout, http); asking again may help
//   result_unreadable    the answer could not be read as a payment result
//   status_not_success   data.status is not "success" (actual: the status as sent)
//   payee_mismatch       data.payeeId is not the merchant's
//   amount_mismatch      data.quoteAmount is not the order's amount by decimal value
//   asset_mismatch       data.quoteAssetId is not the order's asset
//   trace_mismatch       data.traceId is not the traceId looked up
//   order_mismatch       data.orderId is not the orderId looked up
struct mismatch {
    std::string code;
    std::string field;   // the API's name of the field ("quoteAmount"); empty for the answer
    std::string actual;  // what the result says there (expectation_invalid: the expected value)
    std::string message; // a plain sentence for the merchant's log
};

// The expectation's own problems, as expectation_invalid mismatches: payeeId, quoteAmount
// and quoteAssetId are required, and traceId or orderId; each must pass the rule of the
// API parameter of the same name. Empty when it can be verified against.
std::vector<mismatch> check_expectation(const expected_payment& expected);

// Every mismatch at once, not only the first; empty means verified: the order is paid.
// Identifiers are compared without regard to ASCII case (UUIDs, 32-hex account ids, fiat
// codes), the amount by decimal value ("10" == "10.00", never through a float), the
// orderId exactly. A result field that is absent or malformed is a mismatch.
std::vector<mismatch> verify_payment(const payment_result& result,
                                     const expected_payment& expected);

} // namespace mixpay
