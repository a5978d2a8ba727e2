#include "mixpay/merchant.hpp"

#include <algorithm>
#include <array>
#include <climits>
#include <cstdint>
#include <ctime>
#include <random>
#include <thread>

#include "http.hpp"
#include "mixpay/request.hpp"
#include "mixpay/retry.hpp"

namespace mixpay {

namespace {

// The operating system's generator: a traceId must not be guessable, and the jitter
// must differ between processes that start together.
std::array<std::uint8_t, 16> random_bytes() {
    std::random_device device;
    std::array<std::uint8_t, 16> bytes{};
    for (auto& byte : bytes) {
        byte = static_cast<std::uint8_t>(device() & 0xFF);
    }
    return bytes;
}

// The wait before retry `retry` (1-based), by the core's retry policy (mixpay/retry.hpp):
// drawn from [d/2, d] with d = min(backoff * 2^(retry-1), max_backoff).
std::chrono::milliseconds backoff_delay(const merchant_options& options, int retry) {
    // d * 1000 must fit in 64 bits: a ceiling of 292,000 years is no ceiling.
    const std::int64_t ceiling =
        std::min<std::int64_t>(options.max_backoff.count(), INT64_MAX / 1000);
    const retry_policy<std::int64_t> policy{options.backoff.count(), ceiling, 500, 1000};
    std::random_device device;
    const auto random_byte = static_cast<std::uint8_t>(device() & 0xFF);
    return std::chrono::milliseconds(retry_delay_ms(policy, retry - 1, random_byte));
}

// Sends until the outcome is not a transient failure or the attempts are used up. Every
// attempt sends the same method, URL and body.
template <typename Outcome, typename Read>
Outcome with_retries(const merchant_options& options, const std::string& method,
                     const std::string& url, const std::string& body, Read read, int& attempts) {
    for (int attempt = 1;; ++attempt) {
        Outcome outcome = read(http_exchange(options, method, url, body));
        attempts = attempt;
        if (outcome.ok || !outcome.failure.transient || attempt >= options.max_attempts) {
            return outcome;
        }
        std::this_thread::sleep_for(backoff_delay(options, attempt));
    }
}

std::string with_transport_error(std::string message, const http_answer& answer) {
    if (!answer.error.empty()) {
        message += " (" + answer.error + ")";
    }
    return message;
}

create_result read_create(const http_answer& answer) {
    if (answer.status <= 0) {
        create_result lost;
        lost.failure = answer.timed_out ? timeout_failure() : network_failure();
        lost.failure.message = with_transport_error(std::move(lost.failure.message), answer);
        return lost;
    }
    return answer.cut_off ? cut_off_response(answer.status)
                          : parse_create_response(answer.status, answer.body);
}

payment_result read_result(const http_answer& answer) {
    payment_result result;
    if (answer.status <= 0) {
        result.failure = answer.timed_out ? timeout_failure(api_call::lookup)
                                          : network_failure(api_call::lookup);
        result.failure.message = with_transport_error(std::move(result.failure.message), answer);
        return result;
    }
    if (answer.cut_off) {
        result.failure = cut_off_response(answer.status).failure;
        return result;
    }
    return parse_payment_result(answer.status, answer.body);
}

// A lookup refused before sending, as the API refuses invalid parameters: code 1017.
mixpay::payment_result not_sent(const std::vector<field_error>& errors) {
    mixpay::payment_result refused;
    refused.failure.kind = failure_kind::api;
    refused.failure.code = 1017;
    refused.failure.message = "Nothing was sent:";
    for (const auto& error : errors) {
        refused.failure.message += " " + error.message;
    }
    return refused;
}

std::vector<field_error> check_options(const merchant_options& options) {
    widget_options bases;
    bases.api_base = options.api_base;
    bases.pay_base = options.pay_base;
    std::vector<field_error> errors = validate_options(bases);
    const std::pair<const char*, std::chrono::milliseconds> timeouts[] = {
        {"connectTimeout", options.connect_timeout},
        {"readTimeout", options.read_timeout},
        {"writeTimeout", options.write_timeout},
        {"attemptTimeout", options.attempt_timeout},
    };
    for (const auto& [field, value] : timeouts) {
        if (value.count() <= 0) {
            errors.push_back({field, std::string(field) + " must be longer than zero."});
        }
    }
    if (options.max_attempts < 1) {
        errors.push_back({"maxAttempts", "maxAttempts must be at least 1."});
    }
    if (options.backoff.count() < 0) {
        errors.push_back({"backoff", "backoff must not be negative."});
    }
    if (options.max_backoff < options.backoff) {
        errors.push_back({"maxBackoff", "maxBackoff must not be shorter than backoff."});
    }
    return errors;
}

} // namespace

merchant_client::merchant_client(merchant_options options)
    : options_(std::move(options)), option_errors_(check_options(options_)) {}

created_payment merchant_client::create_payment(const payment_params& params) const {
    created_payment created;
    if (!option_errors_.empty()) {
        created.errors = option_errors_;
        return created;
    }
    widget_options bases;
    bases.api_base = options_.api_base;
    bases.pay_base = options_.pay_base;
    const prepared_request request = prepare_request(
        params, bases, static_cast<std::int64_t>(std::time(nullptr)), random_bytes());
    created.trace_id = request.trace_id;
    created.order_id = request.order_id;
    if (!request.errors.empty()) {
        created.errors = request.errors;
        return created;
    }
    const create_result result = with_retries<create_result>(
        options_, "POST", request.endpoint, request.body, read_create, created.attempts);
    if (!result.ok) {
        created.failure = result.failure;
        return created;
    }
    created.ok = true;
    created.code = result.code;
    created.url = code_url(options_.pay_base, result.code);
    return created;
}

mixpay::payment_result merchant_client::payment_result(std::string_view trace_id) const {
    payment_params reference;
    reference.trace_id = std::string(trace_id);
    return lookup(reference);
}

mixpay::payment_result merchant_client::payment_result_by_order(std::string_view order_id,
                                                                std::string_view payee_id) const {
    payment_params reference;
    reference.order_id = std::string(order_id);
    reference.payee_id = std::string(payee_id);
    return lookup(reference);
}

mixpay::payment_result merchant_client::lookup(const payment_params& reference) const {
    if (!option_errors_.empty()) {
        return not_sent(option_errors_);
    }
    widget_options bases;
    bases.api_base = options_.api_base;
    bases.pay_base = options_.pay_base;
    const prepared_request request = prepare_lookup(reference, bases);
    if (!request.errors.empty()) {
        return not_sent(request.errors);
    }
    int attempts = 0;
    return with_retries<mixpay::payment_result>(options_, "GET", request.endpoint, std::string(),
                                                read_result, attempts);
}

verification merchant_client::verify(const expected_payment& expected) const {
    verification verdict;
    verdict.mismatches = check_expectation(expected);
    if (!verdict.mismatches.empty()) {
        return verdict;
    }
    verdict.result = expected.looked_up_by == lookup_key::order_id
                         ? payment_result_by_order(expected.order_id, expected.payee_id)
                         : payment_result(expected.trace_id);
    verdict.mismatches = verify_payment(verdict.result, expected);
    verdict.paid = verdict.mismatches.empty();
    return verdict;
}

} // namespace mixpay
