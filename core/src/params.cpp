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

const std::array<std::string_view, 15>& param_names() {
    static constexpr std::array<std::string_view, 15> names = {
        "payeeId",        "quoteAmount", "quoteAssetId",   "settlementAssetId", "isTemp",
        "paymentAssetId", "remark",      "expireSeconds",  "traceId",           "orderId",
        "settlementMemo", "returnTo",    "failedReturnTo", "callbackUrl",       "expiredTimestamp"};
    return names;
}

const std::optional<std::string>* param_field(const payment_params& params, std::string_view name) {
    if (name == "payeeId") {
        return &params.payee_id;
    }
    if (name == "quoteAmount") {
        return &params.quote_amount;
    }
    if (name == "quoteAssetId") {
        return &params.quote_asset_id;
    }
    if (name == "settlementAssetId") {
        return &params.settlement_asset_id;
    }
    if (name == "isTemp") {
        return &params.is_temp;
    }
    if (name == "paymentAssetId") {
        return &params.payment_asset_id;
    }
    if (name == "remark") {
        return &params.remark;
    }
    if (name == "expireSeconds") {
        return &params.expire_seconds;
    }
    if (name == "traceId") {
        return &params.trace_id;
    }
    if (name == "orderId") {
        return &params.order_id;
    }
    if (name == "settlementMemo") {
        return &params.settlement_memo;
    }
    if (name == "returnTo") {
        return &params.return_to;
    }
    if (name == "failedReturnTo") {
        return &params.failed_return_to;
    }
    if (name == "callbackUrl") {
        return &params.callback_url;
    }
    if (name == "expiredTimestamp") {
        return &params.expired_timestamp;
    }
    return nullptr;
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
    std::string message;
    if (name == "payeeId") {
        if (!is_uuid(value) && !is_account_id(value)) {
            message = "payeeId must be a UUID or a 32-digit hexadecimal account id.";
        }
    } else if (name == "quoteAmount") {
        if (!is_positive_decimal(value)) {
            message = "quoteAmount must be a positive decimal such as 10 or 0.5, "
                      "without sign, exponent or spaces.";
        }
    } else if (name == "quoteAssetId") {
        if (!is_uuid(value) && !is_fiat_code(value)) {
            message = "quoteAssetId must be an asset UUID or a 3-letter currency code "
                      "such as usd.";
        }
    } else if (name == "settlementAssetId" || name == "paymentAssetId") {
        if (!is_uuid(value)) {
            message = std::string(name) + " must be an asset UUID.";
        }
    } else if (name == "isTemp") {
        if (!normalized_is_temp(std::string(value)).has_value()) {
            message = "isTemp must be true, false, 1 or 0.";
        }
    } else if (name == "traceId") {
        if (!is_uuid(value)) {
            message = "traceId must be a UUID.";
        }
    } else if (name == "orderId") {
        if (!is_order_id(value)) {
            message = "orderId must be 6 to 36 characters of letters, digits, '-' "
                      "and '_'.";
        }
    } else if (name == "remark") {
        message = check_free_text(name, value, max_remark_characters);
    } else if (name == "settlementMemo") {
        message = check_free_text(name, value, max_settlement_memo_characters);
    } else if (name == "expireSeconds") {
        const auto seconds = parse_uint<std::uint64_t>(value, max_expire_seconds);
        if (!seconds.has_value() || *seconds < 1) {
            message = "expireSeconds must be a whole number from 1 to 31536000.";
        }
    } else if (name == "expiredTimestamp") {
        // The latest acceptable time bounds the parse, so any input is safe.
        const bool clock_usable =
            now_unix >= 0 &&
            now_unix <= std::numeric_limits<std::int64_t>::max() - max_expiry_lead_seconds;
        const auto timestamp =
            clock_usable ? parse_uint<std::uint64_t>(value, now_unix + max_expiry_lead_seconds - 1)
                         : std::nullopt;
        if (!timestamp.has_value() ||
            static_cast<std::int64_t>(*timestamp) <= now_unix + min_expiry_lead_seconds) {
            message = "expiredTimestamp must be a Unix time more than 10 seconds and "
                      "less than 240 minutes from now.";
        }
    } else if (name == "returnTo" || name == "failedReturnTo") {
        if (!is_absolute_url(value, url_scheme::http_or_https)) {
            message =
                std::string(name) + " must be an absolute http or https URL without a user name.";
        }
    } else if (name == "callbackUrl") {
        if (!is_absolute_url(value, url_scheme::https_only)) {
            message = "callbackUrl must be an absolute https URL without a user name.";
        }
    }
    return message;
}

std::vector<field_error> validate(const payment_params& params, std::int64_t now_unix) {
    std::vector<field_error> errors;
    for (const std::string_view name : param_names()) {
        const std::optional<std::string>& field = *param_field(params, name);
        std::string message;
        if (!present(field)) {
            if (name == "payeeId" || name == "quoteAmount" || name == "quoteAssetId" ||
                name == "settlementAssetId") {
                message = std::string(name) + " is required.";
            } else if (name == "orderId" && !present(params.trace_id)) {
                message = "orderId or traceId is required.";
            }
        } else {
            message = check_param(name, *field, now_unix);
        }
        if (!message.empty()) {
            errors.push_back({std::string(name), std::move(message)});
        }
    }
    return errors;
}

} // namespace mixpay
