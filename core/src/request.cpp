#include "mixpay/request.hpp"

#include "mixpay/url.hpp"
#include "mixpay/uuid.hpp"

namespace mixpay {

namespace {

// An absolute http(s) URL that a path can be appended to: no query, no fragment.
bool is_base_url(std::string_view text) {
    return is_absolute_url(text, url_scheme::http_or_https) &&
           text.find_first_of("?#") == std::string_view::npos;
}

std::string_view trim_trailing_slashes(std::string_view text) {
    while (!text.empty() && text.back() == '/') {
        text.remove_suffix(1);
    }
    return text;
}

} // namespace

std::vector<field_error> validate_options(const widget_options& options) {
    std::vector<field_error> errors;
    for (const auto& [name, value] :
         {std::pair{"apiBase", &options.api_base}, std::pair{"payBase", &options.pay_base}}) {
        if (std::string message = check_param(name, *value, 0); !message.empty()) {
            errors.push_back({name, std::move(message)});
        }
    }
    return errors;
}

prepared_request prepare_request(const payment_params& params, const widget_options& options,
                                 std::int64_t now_unix,
                                 const std::array<std::uint8_t, 16>& random_bytes) {
    payment_params filled = params;
    if (!present(filled.trace_id)) {
        filled.trace_id = uuid_v4(random_bytes);
    }
    const std::string order_id = present(filled.order_id) ? *filled.order_id : std::string();
    for (auto* url : {&filled.return_to, &filled.failed_return_to}) {
        if (present(*url)) {
            // A template that fills to nothing ("{orderId}" without an orderId) stays as it
            // was, so validation refuses it instead of the URL silently going unsent.
            std::string value = fill_placeholders(**url, *filled.trace_id, order_id);
            if (!value.empty()) {
                *url = std::move(value);
            }
        }
    }
    prepared_request request;
    request.trace_id = *filled.trace_id;
    request.order_id = order_id;
    request.failed_return_to = filled.failed_return_to.value_or(std::string());
    request.errors = validate(filled, now_unix);
    for (auto& error : validate_options(options)) {
        request.errors.push_back(std::move(error));
    }
    if (request.errors.empty()) {
        request.endpoint =
            std::string(trim_trailing_slashes(options.api_base)) + "/one_time_payment";
        request.body = encode_form(filled);
    }
    return request;
}

prepared_request prepare_lookup(const payment_params& params, const widget_options& options) {
    prepared_request lookup;
    std::string query;
    if (present(params.trace_id)) {
        query = "traceId=" + percent_encode(*params.trace_id);
    } else if (present(params.order_id) && present(params.payee_id)) {
        query = "orderId=" + percent_encode(*params.order_id) +
                "&payeeId=" + percent_encode(*params.payee_id);
    } else {
        lookup.errors.push_back({"traceId", "traceId, or orderId and payeeId, are required."});
    }
    for (const std::string_view name : {"traceId", "orderId", "payeeId"}) {
        const std::optional<std::string>& value = *param_field(params, name);
        if (present(value)) {
            if (std::string message = check_param(name, *value, 0); !message.empty()) {
                lookup.errors.push_back({std::string(name), std::move(message)});
            }
        }
    }
    for (auto& error : validate_options(options)) {
        if (error.field == "apiBase") {
            lookup.errors.push_back(std::move(error));
        }
    }
    if (lookup.errors.empty()) {
        lookup.endpoint =
            std::string(trim_trailing_slashes(options.api_base)) + "/payments_result?" + query;
        lookup.trace_id = present(params.trace_id) ? *params.trace_id : std::string();
        lookup.order_id = present(params.order_id) ? *params.order_id : std::string();
    }
    return lookup;
}

std::string encode_form(const payment_params& params) {
    std::string body;
    for (const param_row& row : param_table) {
        if (row.param == nullptr) {
            continue; // a widget option, never sent
        }
        const std::optional<std::string>& field = params.*(row.param);
        const std::optional<std::string> value =
            row.rule == param_rule::is_temp ? normalized_is_temp(field) : field;
        if (!present(value)) {
            continue;
        }
        if (!body.empty()) {
            body.push_back('&');
        }
        body.append(row.name);
        body.push_back('=');
        body.append(form_encode_component(*value));
    }
    return body;
}

std::optional<std::vector<std::pair<std::string, std::string>>> decode_form(std::string_view body) {
    std::vector<std::pair<std::string, std::string>> pairs;
    while (!body.empty()) {
        const std::size_t amp = body.find('&');
        const std::string_view part = body.substr(0, amp);
        body = amp == std::string_view::npos ? std::string_view{} : body.substr(amp + 1);
        if (part.empty()) {
            continue; // "a=1&&b=2", as URLSearchParams reads it
        }
        const std::size_t eq = part.find('=');
        auto name = form_decode_component(part.substr(0, eq));
        auto value = form_decode_component(eq == std::string_view::npos ? std::string_view{}
                                                                        : part.substr(eq + 1));
        if (!name.has_value() || !value.has_value()) {
            return std::nullopt;
        }
        pairs.emplace_back(std::move(*name), std::move(*value));
    }
    return pairs;
}

std::string code_url(std::string_view pay_base, std::string_view code) {
    const std::string canonical = canonical_uuid(code);
    if (canonical.empty() || !is_base_url(pay_base)) {
        return {};
    }
    return std::string(trim_trailing_slashes(pay_base)) + "/code/" + canonical;
}

} // namespace mixpay
