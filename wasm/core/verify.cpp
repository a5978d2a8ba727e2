#include "verify.hpp"

#include <utility>

#include "decimal.hpp"
#include "params.hpp"

namespace mixpay {

namespace {

char to_lower_ascii(char c) {
    return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}

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

mismatch answer_failed(const attempt_failure& failure) {
    if (failure.kind == "api") {
        return {"api_error", "", std::to_string(failure.code),
                "The payment service refused the lookup: " + failure.message};
    }
    if (failure.kind == "response") {
        return {"result_unreadable", "", "",
                "The payment result could not be read: " + failure.message};
    }
    return {"result_unavailable", "", "",
            "The payment result could not be had: " + failure.message};
}

mismatch differs(std::string code, std::string field, const std::string& actual,
                 std::string_view expected) {
    std::string message = field + " is \"" + actual + "\" where the order says \"";
    message.append(expected);
    message += "\".";
    return {std::move(code), std::move(field), actual, std::move(message)};
}

} // namespace

// The same rules as for the parameters of the payment the expectation describes, so an
// order that could not have been created cannot be verified either.
std::vector<mismatch> check_expectation(const expected_payment& expected) {
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
        if (!value->empty()) {
            message = check_param(field, *value, 0);
        } else if (field == "payeeId" || field == "quoteAmount" || field == "quoteAssetId") {
            message = std::string(field) + " is required.";
        } else if (field == "orderId" && expected.trace_id.empty()) {
            message = "traceId or orderId is required: the one the payment was looked up by.";
        }
        if (!message.empty()) {
            found.push_back({"expectation_invalid", std::string(field), *value,
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
        found.push_back(
            {"status_not_success", "status", result.status_text,
             "The payment's status is \"" + result.status_text + "\", not \"success\"."});
    }
    if (!same_identifier(result.payee_id, expected.payee_id)) {
        found.push_back(differs("payee_mismatch", "payeeId", result.payee_id, expected.payee_id));
    }
    if (!decimal_equal(result.quote_amount, expected.quote_amount)) {
        found.push_back(
            differs("amount_mismatch", "quoteAmount", result.quote_amount, expected.quote_amount));
    }
    if (!same_identifier(result.quote_asset_id, expected.quote_asset_id)) {
        found.push_back(differs("asset_mismatch", "quoteAssetId", result.quote_asset_id,
                                expected.quote_asset_id));
    }
    if (!expected.trace_id.empty() && !same_identifier(result.trace_id, expected.trace_id)) {
        found.push_back(differs("trace_mismatch", "traceId", result.trace_id, expected.trace_id));
    }
    if (!expected.order_id.empty() && result.order_id != expected.order_id) {
        found.push_back(differs("order_mismatch", "orderId", result.order_id, expected.order_id));
    }
    return found;
}

} // namespace mixpay
