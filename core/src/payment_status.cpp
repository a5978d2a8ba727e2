#include "mixpay/payment_status.hpp"

namespace mixpay {

namespace {

constexpr payment_status listed_statuses[] = {
    payment_status::unpaid,  payment_status::confirming, payment_status::paid_less,
    payment_status::pending, payment_status::auditing,   payment_status::success,
    payment_status::failed,
};

} // namespace

payment_status status_from_name(std::string_view text) {
    for (const auto status : listed_statuses) {
        if (text == status_name(status)) {
            return status;
        }
    }
    return payment_status::unknown;
}

std::string_view status_name(payment_status status) {
    switch (status) {
    case payment_status::unpaid:
        return "unpaid";
    case payment_status::pending:
        return "pending";
    case payment_status::success:
        return "success";
    case payment_status::failed:
        return "failed";
    case payment_status::auditing:
        return "auditing";
    case payment_status::confirming:
        return "confirming";
    case payment_status::paid_less:
        return "paid_less";
    case payment_status::unknown:
        break;
    }
    return "unknown";
}

bool status_is_final(payment_status status) {
    return status == payment_status::success || status == payment_status::failed;
}

} // namespace mixpay
