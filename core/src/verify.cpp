#include "mixpay/verify.hpp"

#include <algorithm>
#include <utility>

#include "mixpay/ascii.hpp"
#include "mixpay/decimal.hpp"
#include "mixpay/params.hpp"
#include "mixpay/uuid.hpp"

namespace mixpay {

namespace {

// Identifiers whose case carries no meaning. The expectation has been checked to be a
// UUID, a 32-hex account id or a fiat code, so equality also proves the result's form.
bool same_identifier(std::string_view actual, std::string_view expected) {
    if (actual.size() != expected.size()) {
        return false;
    }
    for (std::size_t i = 0; i < actual.size(); ++i) {
        if (to_lower_ascii(actual[i]) != to_lower_ascii(expected[i])) {
            return false;
        }
    }
    return true;
}

// The 32 hex digits of a UUID, lowercase; empty when `text` is not a UUID.
std::string uuid_digits(std::string_view text) {
    std::string digits = canonical_uuid(text);
    digits.erase(std::remove(digits.begin(), digits.end(), '-'), digits.end());
    return digits;
}

// The expected traceId is a UUID (checked). The answer's is the same one in either case,
// with its dashes or as the 32 digits alone, as MixPay's documented example spells it.
bool same_trace(std::string_view actual, std::string_view expected) {
    if (actual.size() == 32) {
        const std::string digits = uuid_digits(expected);
        return same_identifier(actual, digits);
    }
    return same_identifier(actual, expected);
}

mismatch answer_failed(const attempt_failure& failure) {
    if (failure.kind == failure_kind::api) {
        return {mismatch_code::api_error, "", std::to_string(failure.code),
                "The payment service refused the lookup: " + failure.message};
    }
    if (failure.kind == failure_kind::response) {
        return {mismatch_code::result_unreadable, "", "",
                "The payment result could not be read: " + failure.message};
    }
    return {mismatch_code::result_unavailable, "", "",
            "The payment result could not be had: " + failure.message};
}

// Why a status that is not success is not paid, in the words of the lifecycle page.
mismatch not_paid(const payment_result& result) {
    // Never success: verify_payment asks only for a status that is not.
    const mismatch_code code =
        status_mismatch_code(result.status).value_or(mismatch_code::status_unknown);
    const std::string said = "The payment's status is \"" + result.status_text + "\"";
    switch (result.status) {
    case payment_status::unpaid:
        return {code, "status", result.status_text, said + ": nothing has been paid yet."};
    case payment_status::confirming:
        return {code, "status", result.status_text,
                said + ": paid on chain, waiting for confirmations; not paid yet."};
    case payment_status::paid_less:
        return {code, "status", result.status_text,
                said + ": less than the payable amount was paid; the buyer may still top it "
                       "up."};
    case payment_status::pending:
        return {code, "status", result.status_text,
                said + ": paid, still being processed by the payment service; not paid yet."};
    case payment_status::auditing:
        return {code, "status", result.status_text,
                said + ": under review by the payment service; not paid yet."};
    case payment_status::failed:
        return {code, "failureCode", result.failure_code,
                "The payment failed (failureCode \"" + result.failure_code + "\": \"" +
                    result.failure_reason + "\")."};
    case payment_status::success:
    case payment_status::unknown:
        break;
    }
    return {code, "status", result.status_text,
            said + ", which is not a documented status: not paid."};
}

mismatch differs(mismatch_code code, std::string field, const std::string& actual,
                 std::string_view expected) {
    std::string message = field + " is \"" + actual + "\" where the order says \"";
    message.append(expected);
    message += "\".";
    return {code, std::move(field), actual, std::move(message)};
}

} // namespace

std::string_view to_string(mismatch_code code) {
    switch (code) {
    case mismatch_code::expectation_invalid:
        return "expectation_invalid";
    case mismatch_code::api_error:
        return "api_error";
    case mismatch_code::result_unavailable:
        return "result_unavailable";
    case mismatch_code::result_unreadable:
        return "result_unreadable";
    case mismatch_code::status_unpaid:
        return "status_unpaid";
    case mismatch_code::status_confirming:
        return "status_confirming";
    case mismatch_code::status_paid_less:
        return "status_paid_less";
    case mismatch_code::status_pending:
        return "status_pending";
    case mismatch_code::status_auditing:
        return "status_auditing";
    case mismatch_code::status_failed:
        return "status_failed";
    case mismatch_code::status_unknown:
        return "status_unknown";
    case mismatch_code::payee_mismatch:
        return "payee_mismatch";
    case mismatch_code::amount_mismatch:
        return "amount_mismatch";
    case mismatch_code::asset_mismatch:
        return "asset_mismatch";
    case mismatch_code::trace_mismatch:
        break;
    }
    return "trace_mismatch";
}

std::optional<mismatch_code> status_mismatch_code(payment_status status) {
    switch (status) {
    case payment_status::success:
        return std::nullopt;
    case payment_status::unpaid:
        return mismatch_code::status_unpaid;
    case payment_status::confirming:
        return mismatch_code::status_confirming;
    case payment_status::paid_less:
        return mismatch_code::status_paid_less;
    case payment_status::pending:
        return mismatch_code::status_pending;
    case payment_status::auditing:
        return mismatch_code::status_auditing;
    case payment_status::failed:
        return mismatch_code::status_failed;
    case payment_status::unknown:
        break;
    }
    return mismatch_code::status_unknown;
}

// The same rules as for the parameters of the payment the expectation describes, so an
// order that could not have been created cannot be verified either.
std::vector<mismatch> check_expectation(const expected_payment& expected) {
    const bool by_trace = expected.looked_up_by == lookup_key::trace_id;
    const std::pair<std::string_view, const std::string*> fields[] = {
        {"payeeId", &expected.payee_id},
        {"quoteAmount", &expected.quote_amount},
        {"quoteAssetId", &expected.quote_asset_id},
        {"traceId", &expected.trace_id},
        {"orderId", &expected.order_id},
    };
    std::vector<mismatch> found;
    for (const auto& [field, value] : fields) {
        std::string message;
        if (field == "orderId" && by_trace && !value->empty()) {
            message = "orderId is not part of a lookup by traceId, and the answer carries no "
                      "orderId to compare: look the payment up by orderId, or leave it out.";
        } else if (!value->empty()) {
            message = check_param(field, *value, 0);
        } else if (field == "payeeId" || field == "quoteAmount" || field == "quoteAssetId") {
            message = std::string(field) + " is required.";
        } else if (field == "traceId" && by_trace) {
            message = "traceId is required: the payment is looked up by it.";
        } else if (field == "orderId" && !by_trace) {
            message = "orderId is required: the payment is looked up by it and payeeId.";
        }
        if (!message.empty()) {
            found.push_back({mismatch_code::expectation_invalid, std::string(field), *value,
                             "The expected payment is unusable: " + message});
        }
    }
    return found;
}

std::vector<mismatch> verify_payment(const payment_result& result,
                                     const expected_payment& expected) {
    std::vector<mismatch> found = check_expectation(expected);
    if (!found.empty()) {
        return found;
    }
    if (!result.ok) {
        found.push_back(answer_failed(result.failure));
        return found;
    }
    if (result.status != payment_status::success) {
        found.push_back(not_paid(result));
    }
    if (!same_identifier(result.payee_id, expected.payee_id)) {
        found.push_back(
            differs(mismatch_code::payee_mismatch, "payeeId", result.payee_id, expected.payee_id));
    }
    if (!decimal_equal(result.quote_amount, expected.quote_amount)) {
        found.push_back(differs(mismatch_code::amount_mismatch, "quoteAmount", result.quote_amount,
                                expected.quote_amount));
    }
    if (!same_identifier(result.quote_asset_id, expected.quote_asset_id)) {
        found.push_back(differs(mismatch_code::asset_mismatch, "quoteAssetId",
                                result.quote_asset_id, expected.quote_asset_id));
    }
    if (!expected.trace_id.empty() && !same_trace(result.trace_id, expected.trace_id)) {
        found.push_back(
            differs(mismatch_code::trace_mismatch, "traceId", result.trace_id, expected.trace_id));
    }
    return found;
}

} // namespace mixpay
