#include "mixpay/code_request.hpp"

#include "mixpay/ascii.hpp"
#include "mixpay/params.hpp"
#include "mixpay/url.hpp"
#include "mixpay/uuid.hpp"

namespace mixpay {

namespace {

// A dataset key as an element's attribute gives it: a letter, then letters and digits.
bool is_field_name(std::string_view name) {
    if (name.empty() || name.size() > 40) {
        return false;
    }
    for (std::size_t i = 0; i < name.size(); ++i) {
        if (!is_ascii_letter(name[i]) && (i == 0 || !is_digit(name[i]))) {
            return false;
        }
    }
    return true;
}

void append_pair(std::string& body, std::string_view name, std::string_view value) {
    if (!body.empty()) {
        body.push_back('&');
    }
    body.append(form_encode_component(name));
    body.push_back('=');
    body.append(form_encode_component(value));
}

} // namespace

prepared_request prepare_code_request(const code_request& request, const widget_options& options,
                                      std::int64_t now_unix,
                                      const std::array<std::uint8_t, 16>& random_bytes) {
    prepared_request prepared;
    prepared.trace_id = present(request.trace_id) ? *request.trace_id : uuid_v4(random_bytes);
    prepared.order_id = present(request.order_id) ? *request.order_id : std::string();
    std::vector<field_error>& errors = prepared.errors;

    if (std::string message = check_param("codeEndpoint", request.endpoint, now_unix);
        !message.empty()) {
        errors.push_back({"codeEndpoint", std::move(message)});
    }
    // traceId is always present here (generated when not given).
    if (std::string message = check_param("traceId", prepared.trace_id, now_unix);
        !message.empty()) {
        errors.push_back({"traceId", std::move(message)});
    }
    if (!prepared.order_id.empty()) {
        if (std::string message = check_param("orderId", prepared.order_id, now_unix);
            !message.empty()) {
            errors.push_back({"orderId", std::move(message)});
        }
    }
    if (present(request.failed_return_to)) {
        // As for a direct payment: a template that fills to nothing is refused, not dropped.
        std::string filled =
            fill_placeholders(*request.failed_return_to, prepared.trace_id, prepared.order_id);
        prepared.failed_return_to = filled.empty() ? *request.failed_return_to : filled;
        std::string message = check_param("failedReturnTo", prepared.failed_return_to, now_unix);
        if (!message.empty()) {
            errors.push_back({"failedReturnTo", std::move(message)});
        }
    }
    for (auto& error : validate_options(options)) {
        if (error.field == "payBase") {
            errors.push_back(std::move(error));
        }
    }
    if (request.fields.size() > max_code_fields) {
        errors.push_back({"codeParams", "codeParams may name at most " +
                                            std::to_string(max_code_fields) + " attributes."});
    }
    for (const auto& [name, value] : request.fields) {
        std::string message;
        if (!is_field_name(name) || name == "traceId" || name == "orderId") {
            message = name + " cannot be sent: name a data-* attribute other than "
                             "data-trace-id and data-order-id.";
        } else {
            message = check_free_text(name, value, max_code_field_characters);
        }
        if (!message.empty()) {
            errors.push_back({name, std::move(message)});
        }
    }
    if (errors.empty()) {
        prepared.endpoint = request.endpoint;
        append_pair(prepared.body, "traceId", prepared.trace_id);
        if (!prepared.order_id.empty()) {
            append_pair(prepared.body, "orderId", prepared.order_id);
        }
        for (const auto& [name, value] : request.fields) {
            append_pair(prepared.body, name, value);
        }
    }
    return prepared;
}

} // namespace mixpay
