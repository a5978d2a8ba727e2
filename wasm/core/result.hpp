// The answer to GET /v1/payments_result, read without trusting it.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "response.hpp"

namespace mixpay {

// data.status. `unknown` covers a status the API document does not list, and a missing
// one: neither may ever be taken for paid.
enum class payment_status { unpaid, pending, success, failed, unknown };

// The API's word for a status ("unknown" for unknown).
std::string_view status_name(payment_status status);

// The payment as the API describes it, or why the answer could not be had. Every text
// field holds the API's string as sent; a field that is absent or not a JSON string is
// empty. Amounts stay decimal strings.
struct payment_result {
    bool ok = false;
    payment_status status = payment_status::unknown;
    std::string status_text;      // data.status as sent, empty when not a string
    std::string quote_amount;     // the amount the payment was created for
    std::string quote_asset_id;   // an asset UUID or a fiat code such as "usd"
    std::string quote_symbol;     // "USD"
    std::string payment_amount;   // what the buyer paid, in the payment asset
    std::string payment_asset_id; // the asset the buyer paid with
    std::string payment_symbol;   // "USDT"
    std::string payable_amount;   // what the buyer had to pay, in the payment asset
    std::string surplus_amount;   // paid beyond payable_amount
    std::string surplus_status;   // no / pending / sending / success: refund of the surplus
    std::string payee;            // the payee's name
    std::string payee_id;
    std::string trace_id;
    std::string order_id;
    std::string txid;                // on-chain transaction, when paid on chain
    std::string failure_code;        // "0" or a documented code such as "40000"
    std::string failure_reason;      // the API's sentence for failure_code
    std::string return_to;           // returnTo on success, failedReturnTo on failure
    std::int64_t date = 0;           // Unix seconds; 0 when absent or not an integer
    std::int64_t confirmations = -1; // on-chain confirmations while pending; -1 otherwise
    attempt_failure failure;         // when !ok
};

// Reads an HTTP answer to payments_result. Never throws, whatever the bytes. ok when the
// status is 2xx, the envelope says success:true and "data" is an object; everything else
// is an attempt_failure in the same kinds, words and transience as parse_create_response
// gives ("api" for success:false, with the API's code such as 40022 for an unknown
// payment). A body nested deeper than max_json_depth is not read; one over
// max_response_bytes (a client may pass the first max_response_bytes + 1 bytes of a longer
// one) fails as cut_off_response() says. http_status <= 0 means no answer
// (result_network_failure()).
payment_result parse_payment_result(int http_status, std::string_view body);

// No answer to a lookup: asking again is always safe, nothing is created by it.
attempt_failure result_network_failure();
attempt_failure result_timeout_failure();

} // namespace mixpay
