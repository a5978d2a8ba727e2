#include "result.hpp"

#include <iterator>
#include <limits>

#include "json_read.hpp"

namespace mixpay {

namespace {

// The members of data the result carries, by the API's names.
struct text_member {
    std::string_view key;
    std::string payment_result::*member;
};
constexpr text_member text_members[] = {
    {"status", &payment_result::status_text},
    {"quoteAmount", &payment_result::quote_amount},
    {"quoteAssetId", &payment_result::quote_asset_id},
    {"quoteSymbol", &payment_result::quote_symbol},
    {"paymentAmount", &payment_result::payment_amount},
    {"paymentAssetId", &payment_result::payment_asset_id},
    {"paymentSymbol", &payment_result::payment_symbol},
    {"payableAmount", &payment_result::payable_amount},
    {"surplusAmount", &payment_result::surplus_amount},
    {"surplusStatus", &payment_result::surplus_status},
    {"payee", &payment_result::payee},
    {"payeeId", &payment_result::payee_id},
    {"traceId", &payment_result::trace_id},
    {"orderId", &payment_result::order_id},
    {"txid", &payment_result::txid},
    {"failureCode", &payment_result::failure_code},
    {"failureReason", &payment_result::failure_reason},
    {"returnTo", &payment_result::return_to},
};

struct integer_member {
    std::string_view key;
    std::int64_t payment_result::*member;
    std::int64_t absent;
};
constexpr integer_member integer_members[] = {
    {"date", &payment_result::date, 0},
    {"confirmations", &payment_result::confirmations, -1},
};

// Reads nlohmann/json's SAX events straight into a payment_result: the root object's
// "success", "code" and "data", and data's own members. A key given twice counts with its
// last value, as in the parsed object; a value of the wrong type leaves its field absent.
// read_json() has already refused text nested deeper than max_json_depth.
class result_reader {
public:
    using number_integer_t = nlohmann::json::number_integer_t;
    using number_unsigned_t = nlohmann::json::number_unsigned_t;
    using number_float_t = nlohmann::json::number_float_t;
    using string_t = nlohmann::json::string_t;
    using binary_t = nlohmann::json::binary_t;

    // A success envelope with "data" an object: the root is an object with a boolean
    // "success" that is true and an integer "code" that fits in 64 bits, as
    // parse_create_response requires of an envelope.
    bool success() const { return root_is_object_ && has_success_ && success_ && has_code_; }
    bool has_data() const { return data_is_object_; }
    payment_result& read() { return read_; }

    bool null() {
        take_value();
        return true;
    }
    bool boolean(bool value) {
        if (take_value() == at::success) {
            has_success_ = true;
            success_ = value;
        }
        return true;
    }
    bool number_integer(number_integer_t value) {
        integer(take_value(), value);
        return true;
    }
    bool number_unsigned(number_unsigned_t value) {
        const at where = take_value();
        if (value <= static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) {
            integer(where, static_cast<std::int64_t>(value));
        }
        return true;
    }
    bool number_float(number_float_t /*value*/, const string_t& /*text*/) {
        take_value();
        return true;
    }
    bool string(string_t& value) {
        if (take_value() == at::data_text) {
            read_.*text_members[member_].member = std::move(value);
        }
        return true;
    }
    bool binary(binary_t& /*value*/) {
        take_value();
        return true;
    }

    bool start_object(std::size_t /*elements*/) {
        const at where = take_value();
        if (depth_ == 0) {
            root_is_object_ = true;
        } else if (depth_ == 1 && where == at::data) {
            data_is_object_ = true;
            in_data_ = true;
        }
        return enter();
    }
    bool key(string_t& name) {
        current_ = at::none;
        if (depth_ == 1) {
            if (name == "success") {
                current_ = at::success;
            } else if (name == "code") {
                current_ = at::code;
            } else if (name == "data") {
                current_ = at::data;
            }
        } else if (depth_ == 2 && in_data_) {
            for (std::size_t i = 0; i < std::size(text_members); ++i) {
                if (name == text_members[i].key) {
                    current_ = at::data_text;
                    member_ = i;
                }
            }
            for (std::size_t i = 0; i < std::size(integer_members); ++i) {
                if (name == integer_members[i].key) {
                    current_ = at::data_integer;
                    member_ = i;
                }
            }
        }
        return true;
    }
    bool end_object() {
        leave();
        return true;
    }
    bool start_array(std::size_t /*elements*/) {
        take_value();
        return enter();
    }
    bool end_array() {
        leave();
        return true;
    }

    template <typename Exception>
    bool parse_error(std::size_t /*position*/, const std::string& /*last_token*/,
                     const Exception& /*error*/) {
        return false;
    }

private:
    // Where the next value belongs (set by key()).
    enum class at { none, success, code, data, data_text, data_integer };

    // Starts a value: returns where it belongs and forgets what an earlier value there
    // gave; the caller records the new one when its type fits.
    at take_value() {
        const at where = current_;
        current_ = at::none;
        switch (where) {
        case at::success:
            has_success_ = false;
            break;
        case at::code:
            has_code_ = false;
            break;
        case at::data:
            read_ = payment_result{};
            data_is_object_ = false;
            break;
        case at::data_text:
            (read_.*text_members[member_].member).clear();
            break;
        case at::data_integer:
            read_.*integer_members[member_].member = integer_members[member_].absent;
            break;
        case at::none:
            break;
        }
        return where;
    }

    void integer(at where, std::int64_t value) {
        if (where == at::code) {
            has_code_ = true;
        } else if (where == at::data_integer) {
            read_.*integer_members[member_].member = value;
        }
    }

    bool enter() {
        ++depth_;
        return true;
    }

    void leave() {
        --depth_;
        if (depth_ <= 1) {
            in_data_ = false; // only the object that is the value of "data" has the members
        }
        current_ = at::none;
    }

    int depth_ = 0;
    at current_ = at::none;
    std::size_t member_ = 0; // index into text_members or integer_members
    bool root_is_object_ = false;
    bool in_data_ = false; // the open object at depth 2 is the value of "data"
    bool data_is_object_ = false;
    bool has_success_ = false;
    bool success_ = false;
    bool has_code_ = false;
    payment_result read_;
};

payment_status status_from(std::string_view text) {
    for (const auto status : {payment_status::unpaid, payment_status::pending,
                              payment_status::success, payment_status::failed}) {
        if (text == status_name(status)) {
            return status;
        }
    }
    return payment_status::unknown;
}

payment_result failed(attempt_failure failure) {
    payment_result result;
    result.failure = std::move(failure);
    return result;
}

attempt_failure response_failure(int status, std::string message) {
    attempt_failure failure;
    failure.kind = "response";
    failure.status = status;
    failure.message = std::move(message);
    return failure;
}

} // namespace

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
    case payment_status::unknown:
        break;
    }
    return "unknown";
}

payment_result parse_payment_result(int http_status, std::string_view body) {
    if (http_status <= 0) {
        return failed(result_network_failure());
    }
    if (body.size() > max_response_bytes) {
        return failed(cut_off_response(http_status).failure);
    }
    if (http_status >= 200 && http_status <= 299) {
        result_reader reader;
        if (read_json(body, reader) && reader.success()) {
            if (!reader.has_data()) {
                return failed(response_failure(
                    http_status, "The payment service did not return a payment result."));
            }
            payment_result result = std::move(reader.read());
            result.ok = true;
            result.status = status_from(result.status_text);
            return result;
        }
    }
    // Every other answer fails exactly as an answer to the create call would: the same
    // kinds, codes, transience and cleaned API messages, from the same code.
    // Both read the same envelope under the same caps, so it never calls a body a success
    // that was refused above; should they ever differ, the answer is still not a result.
    create_result other = parse_create_response(http_status, body);
    if (other.ok) {
        return failed(response_failure(
            http_status, "The payment service sent an answer that could not be read."));
    }
    return failed(std::move(other.failure));
}

attempt_failure result_network_failure() {
    attempt_failure failure;
    failure.kind = "network";
    failure.message = "The payment service could not be reached, so the payment's result is not "
                      "known. Asking again is safe.";
    failure.transient = true;
    return failure;
}

attempt_failure result_timeout_failure() {
    attempt_failure failure;
    failure.kind = "timeout";
    failure.message = "The payment service did not answer in time, so the payment's result is "
                      "not known. Asking again is safe.";
    failure.transient = true;
    return failure;
}

} // namespace mixpay
