#include "mixpay/failure.hpp"

#include <utility>

namespace mixpay {

namespace {

attempt_failure no_answer(failure_kind kind, const char* message) {
    attempt_failure failure;
    failure.kind = kind;
    failure.message = message;
    failure.transient = true;
    return failure;
}

} // namespace

std::string_view to_string(failure_kind kind) {
    switch (kind) {
    case failure_kind::network:
        return "network";
    case failure_kind::timeout:
        return "timeout";
    case failure_kind::http:
        return "http";
    case failure_kind::api:
        return "api";
    case failure_kind::response:
        return "response";
    case failure_kind::none:
        break;
    }
    return "";
}

attempt_failure network_failure(api_call call) {
    return no_answer(failure_kind::network,
                     call == api_call::create
                         ? "The payment service could not be reached, so it is not known whether "
                           "the payment was created. Trying again continues the same payment."
                         : "The payment service could not be reached, so the payment's result "
                           "is not known. Asking again is safe.");
}

attempt_failure timeout_failure(api_call call) {
    return no_answer(failure_kind::timeout,
                     call == api_call::create
                         ? "The payment service did not answer in time, so it is not known "
                           "whether the payment was created. Trying again continues the same "
                           "payment."
                         : "The payment service did not answer in time, so the payment's result "
                           "is not known. Asking again is safe.");
}

attempt_failure response_failure(int status, std::string message) {
    attempt_failure failure;
    failure.kind = failure_kind::response;
    failure.status = status;
    failure.message = std::move(message);
    return failure;
}

} // namespace mixpay
