#include "mixpay/params.hpp"

#include <limits>

#include "mixpay/ascii.hpp"
#include "mixpay/decimal.hpp"
#include "mixpay/url.hpp"
#include "mixpay/utf8.hpp"
#include "mixpay/uuid.hpp"

namespace mixpay {

namespace {

constexpr std::int64_t max_expire_seconds = 31536000;
constexpr std::int64_t min_expiry_lead_seconds = 10;       // "greater than 10s"
constexpr std::int64_t max_expiry_lead_seconds = 240 * 60; // "less than 240min"
constexpr std::size_t max_remark_characters = 50;
constexpr std::size_t max_settlement_memo_characters = 200;
constexpr std::uint64_t min_timeout_ms = 1000;
constexpr std::uint64_t max_timeout_ms = 120000;
constexpr std::uint64_t max_retries = 5;

bool is_account_id(std::string_view text) {
    if (text.size() != 32) {
        return false;
    }
    for (char c : text) {
        if (!is_hex_digit(c)) {
            return false;
        }
    }
    return true;
}

bool is_fiat_code(std::string_view text) {
    return text.size() == 3 && is_ascii_letter(text[0]) && is_ascii_letter(text[1]) &&
           is_ascii_letter(text[2]);
}

bool is_order_id(std::string_view text) {
    if (text.size() < 6 || text.size() > 36) {
        return false;
    }
    for (char c : text) {
        if (!is_ascii_alnum(c) && c != '-' && c != '_') {
            return false;
        }
    }
    return true;
}

// True when the text holds a control character: C0 (U+0000-U+001F, which
// includes NUL, tab, CR and LF), DEL (U+007F) or C1 (U+0080-U+009F). Expects valid UTF-8.
bool has_control_character(std::string_view text) {
    for (std::size_t i = 0; i < text.size(); ++i) {
        const auto byte = static_cast<unsigned char>(text[i]);
        if (byte < 0x20 || byte == 0x7F) {
            return true;
        }
        if (byte == 0xC2 && i + 1 < text.size()) {
            const auto next = static_cast<unsigned char>(text[i + 1]);
            if (next >= 0x80 && next <= 0x9F) {
                return true;
            }
        }
    }
    return false;
}

} // namespace

bool present(const std::optional<std::string>& value) {
    return value.has_value() && !value->empty();
}

std::string check_free_text(std::string_view field, std::string_view text, std::size_t limit) {
    const auto length = utf8_length(text);
    if (!length.has_value()) {
        return std::string(field) + " must be valid UTF-8 text.";
    }
    if (has_control_character(text)) {
        return std::string(field) + " must not contain control characters such as line breaks.";
    }
    if (*length > limit) {
        return std::string(field) + " must be at most " + std::to_string(limit) +
               " characters long.";
    }
    return {};
}

const param_row* find_param(std::string_view name) {
    for (const param_row& row : param_table) {
        if (row.name == name) {
            return &row;
        }
    }
    return nullptr;
}

namespace {

constexpr std::array<std::string_view, api_param_count> api_names() {
    std::array<std::string_view, api_param_count> names{};
    std::size_t i = 0;
    for (const param_row& row : param_table) {
        if (row.param != nullptr) {
            names[i++] = row.name;
        }
    }
    return names;
}

} // namespace

const std::array<std::string_view, api_param_count>& param_names() {
    static constexpr std::array<std::string_view, api_param_count> names = api_names();
    return names;
}

const std::optional<std::string>* param_field(const payment_params& params, std::string_view name) {
    const param_row* row = find_param(name);
    return row != nullptr && row->param != nullptr ? &(params.*(row->param)) : nullptr;
}

std::optional<std::string>* param_field(payment_params& params, std::string_view name) {
    return const_cast<std::optional<std::string>*>(
        param_field(static_cast<const payment_params&>(params), name));
}

payment_params params_from_pairs(const std::vector<std::pair<std::string, std::string>>& pairs) {
    payment_params params;
    for (const auto& [name, value] : pairs) {
        auto* field = param_field(params, name);
        if (field != nullptr) {
            if (value.empty()) {
                field->reset();
            } else {
                *field = value;
            }
        }
    }
    return params;
}

std::optional<std::string> normalized_is_temp(const std::optional<std::string>& is_temp) {
    if (!present(is_temp) || *is_temp == "true" || *is_temp == "1") {
        return std::string("1");
    }
    if (*is_temp == "false" || *is_temp == "0") {
        return std::string("0");
    }
    return std::nullopt;
}

std::string check_param(std::string_view name, std::string_view value, std::int64_t now_unix) {
    const param_row* row = find_param(name);
    if (row == nullptr) {
        return {};
    }
    std::string message;
    switch (row->rule) {
    case param_rule::payee_id:
        if (!is_uuid(value) && !is_account_id(value)) {
            message = "payeeId must be a UUID or a 32-digit hexadecimal account id.";
        }
        break;
    case param_rule::amount:
        if (!is_positive_decimal(value)) {
            message = std::string(name) + " must be a positive decimal such as 10 or 0.5, "
                                          "without sign, exponent or spaces.";
        }
        break;
    case param_rule::quote_asset_id:
        if (!is_uuid(value) && !is_fiat_code(value)) {
            message = std::string(name) + " must be an asset UUID or a 3-letter currency code "
                                          "such as usd.";
        }
        break;
    case param_rule::asset_id:
        if (!is_uuid(value)) {
            message = std::string(name) + " must be an asset UUID.";
        }
        break;
    case param_rule::is_temp:
        if (!normalized_is_temp(std::string(value)).has_value()) {
            message = "isTemp must be true, false, 1 or 0.";
        }
        break;
    case param_rule::trace_id:
        if (!is_uuid(value)) {
            message = std::string(name) + " must be a UUID.";
        }
        break;
    case param_rule::order_id:
        if (!is_order_id(value)) {
            message = std::string(name) + " must be 6 to 36 characters of letters, digits, '-' "
                                          "and '_'.";
        }
        break;
    case param_rule::remark:
        message = check_free_text(name, value, max_remark_characters);
        break;
    case param_rule::settlement_memo:
        message = check_free_text(name, value, max_settlement_memo_characters);
        break;
    case param_rule::expire_seconds: {
        const auto seconds = parse_uint<std::uint64_t>(value, max_expire_seconds);
        if (!seconds.has_value() || *seconds < 1) {
            message = std::string(name) + " must be a whole number from 1 to 31536000.";
        }
        break;
    }
    case param_rule::expired_timestamp: {
        // The latest acceptable time bounds the parse, so any input is safe.
        const bool clock_usable =
            now_unix >= 0 &&
            now_unix <= std::numeric_limits<std::int64_t>::max() - max_expiry_lead_seconds;
        const auto timestamp =
            clock_usable ? parse_uint<std::uint64_t>(value, now_unix + max_expiry_lead_seconds - 1)
                         : std::nullopt;
        if (!timestamp.has_value() ||
            static_cast<std::int64_t>(*timestamp) <= now_unix + min_expiry_lead_seconds) {
            message = std::string(name) + " must be a Unix time more than 10 seconds and "
                                          "less than 240 minutes from now.";
        }
        break;
    }
    case param_rule::return_url:
        if (!is_absolute_url(value, url_scheme::http_or_https)) {
            message =
                std::string(name) + " must be an absolute http or https URL without a user name.";
        }
        break;
    case param_rule::callback_url:
        if (!is_absolute_url(value, url_scheme::https_only)) {
            message = std::string(name) + " must be an absolute https URL without a user name.";
        }
        break;
    case param_rule::base_url:
        if (!is_absolute_url(value, url_scheme::http_or_https) ||
            value.find_first_of("?#") != std::string_view::npos) {
            message = std::string(name) + " must be an absolute http or https URL without "
                                          "query or fragment.";
        }
        break;
    case param_rule::code_endpoint:
        if (!is_absolute_url(value, url_scheme::http_or_https) ||
            value.find('#') != std::string_view::npos) {
            message = std::string(name) + " must be an http or https URL without a user name or "
                                          "fragment.";
        }
        break;
    case param_rule::timeout_ms: {
        const auto ms = parse_uint<std::uint64_t>(value, max_timeout_ms);
        if (!ms.has_value() || *ms < min_timeout_ms) {
            message =
                std::string(name) + " must be a whole number of milliseconds from 1000 to 120000";
        }
        break;
    }
    case param_rule::retries:
        // (The bound is checked again: the parse's own check is loose for one-digit bounds.)
        if (const auto n = parse_uint<std::uint64_t>(value, max_retries); !n || *n > max_retries) {
            message = std::string(name) + " must be a whole number from 0 to 5";
        }
        break;
    }
    return message;
}

std::vector<field_error> validate(const payment_params& params, std::int64_t now_unix) {
    std::vector<field_error> errors;
    for (const param_row& row : param_table) {
        if (row.param == nullptr) {
            continue;
        }
        const std::optional<std::string>& field = params.*(row.param);
        std::string message;
        if (present(field)) {
            message = check_param(row.name, *field, now_unix);
        } else if (row.required) {
            message = std::string(row.name) + " is required.";
        } else if (row.param == &payment_params::order_id && !present(params.trace_id)) {
            message = "orderId or traceId is required.";
        }
        if (!message.empty()) {
            errors.push_back({std::string(row.name), std::move(message)});
        }
    }
    return errors;
}

std::vector<field_error> validate_widget(const widget_params& options) {
    std::vector<field_error> errors;
    for (const param_row& row : param_table) {
        if (row.option == nullptr) {
            continue;
        }
        const std::optional<std::string>& field = options.*(row.option);
        if (present(field)) {
            if (std::string message = check_param(row.name, *field, 0); !message.empty()) {
                errors.push_back({std::string(row.name), std::move(message)});
            }
        }
    }
    return errors;
}

unsigned timeout_ms_of(const widget_params& options) {
    const auto ms = present(options.timeout)
                        ? parse_uint<std::uint64_t>(*options.timeout, max_timeout_ms)
                        : std::nullopt;
    return ms ? static_cast<unsigned>(*ms) : default_timeout_ms;
}

int retries_of(const widget_params& options) {
    const auto n = present(options.retries)
                       ? parse_uint<std::uint64_t>(*options.retries, max_retries)
                       : std::nullopt;
    return n && *n <= max_retries ? static_cast<int>(*n) : default_retries;
}

} // namespace mixpay
