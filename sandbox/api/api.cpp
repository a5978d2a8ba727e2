#include "api/api.hpp"

#include <algorithm>
#include <array>
#include <limits>
#include <mutex>
#include <random>

#include "api/assets.hpp"
#include "mixpay/ascii.hpp"
#include "mixpay/request.hpp"
#include "mixpay/uuid.hpp"

namespace sandbox {

namespace {

class flat_object_reader : public nlohmann::json_sax<json> {
public:
    pairs fields;
    std::vector<std::string> bad_fields;
    bool object = false;

    bool null() override { return scalar(std::nullopt); }
    bool boolean(bool value) override { return scalar(std::string(value ? "true" : "false")); }
    bool number_integer(number_integer_t value) override { return scalar(std::to_string(value)); }
    bool number_unsigned(number_unsigned_t value) override { return scalar(std::to_string(value)); }
    bool number_float(number_float_t, const string_t& text) override { return scalar(text); }
    bool string(string_t& value) override { return scalar(value); }
    bool binary(binary_t&) override { return false; }
    bool start_object(std::size_t) override { return open(true); }
    bool end_object() override { return close(); }
    bool start_array(std::size_t) override { return open(false); }
    bool end_array() override { return close(); }
    bool key(string_t& name) override {
        key_ = name;
        return true;
    }
    bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception&) override {
        return false;
    }

private:
    bool scalar(std::optional<std::string> value) {
        if (depth_ == 0) {
            return false; // a bare value is not an object
        }
        if (depth_ == 1 && value) {
            fields.emplace_back(key_, std::move(*value));
        }
        return true;
    }
    bool open(bool is_object) {
        if (depth_ == 0) {
            if (!is_object) {
                return false;
            }
            object = true;
        } else if (depth_ == 1) {
            bad_fields.push_back(key_);
        }
        ++depth_;
        return true;
    }
    bool close() {
        --depth_;
        return true;
    }

    int depth_ = 0;
    std::string key_;
};

} // namespace

std::string random_uuid() {
    static std::mutex mutex;
    static std::random_device device;
    std::array<std::uint8_t, 16> bytes{};
    std::lock_guard<std::mutex> lock(mutex);
    for (auto& b : bytes) {
        b = static_cast<std::uint8_t>(device() & 0xff);
    }
    return mixpay::uuid_v4(bytes);
}

namespace {

// "Parameter error." and every error's sentence; the core's sentences name their field.
std::string join_errors(const std::vector<mixpay::field_error>& errors) {
    std::string message = "Parameter error.";
    for (const auto& e : errors) {
        message += ' ';
        if (e.message.find(e.field) == std::string::npos) {
            message += e.field + ": ";
        }
        message += e.message;
    }
    return message;
}

} // namespace

json parameter_error(const std::vector<mixpay::field_error>& errors, std::int64_t now_ms) {
    // The documented envelope only; the errors by field are in /__sandbox/requests.
    return envelope_error(1017, join_errors(errors), now_ms);
}

std::string to_text(const json& value) {
    return value.dump(-1, ' ', false, json::error_handler_t::replace);
}

json envelope_ok(json data, std::int64_t now_ms) {
    json answer = json::object();
    answer["code"] = 0;
    answer["success"] = true;
    answer["message"] = "";
    answer["data"] = std::move(data);
    answer["timestampMs"] = now_ms;
    return answer;
}

json envelope_error(int code, const std::string& message, std::int64_t now_ms) {
    json answer = json::object();
    answer["code"] = code;
    answer["success"] = false;
    answer["message"] = message;
    answer["data"] = json::array();
    answer["timestampMs"] = now_ms;
    return answer;
}

std::optional<pairs> json_body_pairs(const std::string& body,
                                     std::vector<std::string>& bad_fields) {
    flat_object_reader reader;
    bool ok = json::sax_parse(body, &reader, json::input_format_t::json, true, false);
    if (!ok || !reader.object) {
        return std::nullopt;
    }
    bad_fields = std::move(reader.bad_fields);
    return std::move(reader.fields);
}

std::optional<std::string> param(const pairs& fields, const char* name) {
    std::optional<std::string> found;
    for (const auto& [key, value] : fields) {
        if (key == name && !value.empty()) {
            found = value;
        }
    }
    return found;
}

namespace {

// strictMode: a boolean (true / false, or 1 / 0 from a form).
std::optional<bool> strict_mode_of(const std::string& text) {
    if (text == "true" || text == "1") {
        return true;
    }
    if (text == "false" || text == "0") {
        return false;
    }
    return std::nullopt;
}

// callbackEvent: events separated by '|', each one MixPay documents. nullopt when invalid.
std::optional<std::vector<std::string>> callback_events_of(const std::string& text) {
    if (text.size() > 100) {
        return std::nullopt;
    }
    std::vector<std::string> events;
    std::size_t start = 0;
    while (start <= text.size()) {
        std::size_t end = text.find('|', start);
        std::string name = text.substr(start, end == std::string::npos ? end : end - start);
        start = end == std::string::npos ? text.size() + 1 : end + 1;
        if (!is_callback_event(name)) {
            return std::nullopt;
        }
        if (std::find(events.begin(), events.end(), name) == events.end()) {
            events.push_back(name);
        }
    }
    return events;
}

// expireSeconds or expiredTimestamp as a number of seconds, `absent` when not sent. Both
// passed mixpay::validate() before (digits only, at most 31536000 and at most now + 4 h),
// so the parse bounded at INT64_MAX takes them; no sign is read, so nothing is negative. A
// text it refused (none can come this far) would count as not sent.
std::int64_t seconds_or(const std::optional<std::string>& text, std::int64_t absent) {
    if (!text) {
        return absent;
    }
    const auto value =
        mixpay::parse_uint<std::uint64_t>(*text, std::numeric_limits<std::int64_t>::max());
    return value ? static_cast<std::int64_t>(*value) : absent;
}

} // namespace

std::string asset_symbol(const std::string& asset_id) {
    const asset* a = find_asset(asset_id);
    if (a != nullptr) {
        return a->symbol;
    }
    if (mixpay::canonical_uuid(asset_id).empty()) {
        // A fiat code the table does not know, such as "chf".
        std::string symbol = asset_id;
        std::transform(symbol.begin(), symbol.end(), symbol.begin(),
                       [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
        return symbol;
    }
    return "ASSET";
}

created_payment create_payment(store& payments, const pairs& fields,
                               const std::vector<std::string>& field_errors,
                               const create_settings& settings) {
    created_payment result;
    std::int64_t now = payments.now();
    mixpay::payment_params params = mixpay::params_from_pairs(fields);
    std::vector<mixpay::field_error> errors = mixpay::validate(params, now);
    if (settings.allow_http_callback && params.callback_url &&
        is_loopback_http(*params.callback_url)) {
        errors.erase(
            std::remove_if(errors.begin(), errors.end(),
                           [](const mixpay::field_error& e) { return e.field == "callbackUrl"; }),
            errors.end());
    }
    for (const auto& name : field_errors) {
        errors.push_back({name, name + " must be a string or a number."});
    }
    // The current page's parameters, which the core (2022 page) does not know.
    auto strict_text = param(fields, "strictMode");
    auto event_text = param(fields, "callbackEvent");
    std::optional<bool> strict = strict_text ? strict_mode_of(*strict_text) : false;
    if (!strict) {
        errors.push_back({"strictMode", "strictMode must be true or false."});
    }
    if (!errors.empty()) {
        result.answer = parameter_error(errors, payments.now_ms());
        result.errors = errors;
        return result;
    }
    auto events = event_text ? callback_events_of(*event_text) : std::vector<std::string>{};
    if (!events) {
        result.errors = {{"callbackEvent", "callbackEvent must be events separated by |: "
                                           "success, fail, pending, settle, paid_less."}};
        result.answer =
            envelope_error(10131, "The requested callback event is invalid.", payments.now_ms());
        return result;
    }
    quote priced;
    auto business = check_quote(*params.quote_asset_id, *params.quote_amount,
                                params.payment_asset_id ? *params.payment_asset_id : "",
                                *params.settlement_asset_id, *strict, priced);
    if (business) {
        result.answer = envelope_error(business->code, business->message, payments.now_ms());
        return result;
    }
    params.is_temp = mixpay::normalized_is_temp(params.is_temp);
    if (params.trace_id) {
        params.trace_id = mixpay::canonical_uuid(*params.trace_id);
    }

    payment p;
    p.params = params;
    p.strict_mode = *strict;
    p.callback_events = *events;
    p.form = mixpay::encode_form(params) + "&strictMode=" + (*strict ? "true" : "false") +
             "&callbackEvent=" + (event_text ? *event_text : "");
    p.trace_id = params.trace_id ? *params.trace_id : random_uuid();
    p.client_id = random_uuid();
    p.quote_symbol = priced.quote_asset->symbol;
    p.quote_version = priced.quote_asset->version;
    p.payment_asset_id = priced.payment_asset->id;
    p.payment_symbol = priced.payment_asset->symbol;
    p.payment_version = priced.payment_asset->version;
    p.payable_amount = priced.payable_amount;
    p.settle_asset_id = priced.settle_asset->id;
    p.settle_symbol = priced.settle_asset->symbol;
    p.settle_version = priced.settle_asset->version;
    p.settle_amount = priced.settle_amount;
    p.created = now;
    p.date = now;
    p.temporary = *params.is_temp == "1";
    p.code_expires = now + seconds_or(params.expire_seconds, 86400);
    p.overtime_at = seconds_or(params.expired_timestamp, 0);

    std::string code;
    switch (payments.create(p, code)) {
    case create_outcome::created:
    case create_outcome::same:
        result.answer = envelope_ok({{"code", code}}, payments.now_ms());
        result.stored = payments.by_trace(code);
        break;
    case create_outcome::trace_reused:
        result.errors = {
            {"traceId", "traceId is already used by a payment with other parameters."}};
        result.answer = parameter_error(result.errors, payments.now_ms());
        break;
    case create_outcome::order_reused:
        result.errors = {
            {"orderId", "orderId is already used by this payeeId for another payment."}};
        result.answer = parameter_error(result.errors, payments.now_ms());
        break;
    case create_outcome::full:
        result.answer = envelope_error(-1, api_message(-1), payments.now_ms());
        break;
    }
    return result;
}

std::string api_message(int code) {
    switch (code) {
    case -1:
        return "Server error, please try again later.";
    case 404:
        return "The payment link you visited does not exist.";
    case 1017:
        return "Parameter error.";
    case 1429:
        return "Your request frequency is too high, please try again later.";
    case 10008:
        return "Payments are suspended temporarily due to system maintenance. Please contact "
               "customer service if you have any questions.";
    default:
        return "Server error, please try again later.";
    }
}

} // namespace sandbox
