// The answer to GET /v1/payments_result, read without trusting it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "mixpay/payment_status.hpp"
#include "mixpay/response.hpp"

namespace mixpay {

// One entry of data.transactions (asked for with with=transactions): a transfer that pays
// toward the payment. For display only: the top-level paymentAmount is MixPay's own total.
struct payment_transaction {
    std::string payment_amount;
    std::string payment_asset_id;
    std::string payment_asset_symbol;
    std::string payment_asset_version; // the chain's token standard, e.g. "ERC20"; may be ""
    std::string txid;
    std::string block_explorer_url;
    std::string broadcast_at;           // ISO 8601 text as sent
    std::int64_t required_confirms = 0; // 0 when absent or not an integer
    std::int64_t confirmations = -1;    // -1 when absent or not an integer
    std::int64_t confirm_seconds = 0;   // 0 when absent or not an integer
};

// data.payment (asked for with with=payment).
struct payment_summary {
    bool present = false; // data.payment was an object
    std::optional<bool> is_multi_pay;
    std::optional<bool> is_fully_paid;
    std::string total_transactions_amount;
};

// At most this many entries of data.transactions are kept; transactions_cut_off says when
// there were more.
constexpr std::size_t max_result_transactions = 100;

// The payment as the API describes it, or why the answer could not be had. Every field any
// documented version of the answer carries (the December 2022 page and the current one) is
// read; none is required, and members no document lists are ignored (there is no orderId:
// no version of the answer carries one). Every text field holds the API's string as sent; a
// field that is absent or not a JSON string is empty. Amounts stay decimal strings.
struct payment_result {
    bool ok = false;
    payment_status status = payment_status::unknown;
    std::string status_text;           // data.status as sent, empty when not a string
    std::string quote_amount;          // the amount the payment was created for
    std::string quote_asset_id;        // an asset UUID or a fiat code such as "usd"
    std::string quote_symbol;          // "USD"
    std::string quote_asset_version;   // since 2023
    std::string payment_amount;        // what the buyer paid, in the payment asset
    std::string payment_asset_id;      // the asset the buyer paid with
    std::string payment_symbol;        // "USDT"
    std::string payment_asset_version; // since 2023: "ERC20", "" ...
    std::string payable_amount;        // what the buyer had to pay, in the payment asset
    std::string payable_symbol;        // since 2023
    std::string payable_asset_id;      // since 2023
    std::string payable_asset_version; // since 2023
    std::string surplus_amount;        // paid beyond payable_amount
    std::string surplus_status;        // no / pending / sending / success: refund of the surplus
    std::string payee;                 // the payee's name
    std::string payee_id;
    std::string payee_mixin_number;
    std::string payee_avatar_url;
    std::string trace_id;
    std::string txid;               // on-chain transaction, when paid on chain
    std::string block_explorer_url; // since 2023: the txid's page, when paid on chain
    // "0" or a documented code such as "40000" (documented as a string; an integer is kept
    // as its decimal text).
    std::string failure_code;
    std::string failure_reason; // the API's sentence for failure_code
    std::string return_to;      // returnTo on success, failedReturnTo on failure
    // Settlement after a successful payment (since 2023): settle_status pending or success;
    // the other settle_ fields are empty while pending.
    std::string settle_status;
    std::string settle_amount;
    std::string settle_symbol;
    std::string settle_asset; // the settlement asset's id
    std::string settle_asset_version;
    std::string expired_at;          // the payment's deadline as sent (an integer as its text)
    std::int64_t date = 0;           // Unix seconds; 0 when absent or not an integer
    std::int64_t confirmations = -1; // on-chain confirmations while pending; -1 otherwise
    std::vector<payment_transaction> transactions; // with=transactions
    bool transactions_cut_off = false;             // more than max_result_transactions were sent
    payment_summary payment;                       // with=payment
    attempt_failure failure;                       // when !ok
};

// Reads an HTTP answer to payments_result. Never throws, whatever the bytes. ok when the
// status is 2xx, the envelope says success:true and "data" is an object; everything else
// is an attempt_failure in the same kinds, words and transience as parse_create_response
// gives ("api" for success:false, with the API's code such as 40022 for an unknown
// payment). A body nested deeper than max_json_depth is not read; one over
// max_response_bytes (a client may pass the first max_response_bytes + 1 bytes of a longer
// one) fails as cut_off_response() says. http_status <= 0 means no answer
// (network_failure(api_call::lookup)).
payment_result parse_payment_result(int http_status, std::string_view body);

} // namespace mixpay
