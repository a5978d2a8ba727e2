#include "api.hpp"

#include <algorithm>
#include <array>
#include <mutex>
#include <random>

#include "decimal.hpp"
#include "faults.hpp"
#include "request.hpp"
#include "url.hpp"
#include "uuid.hpp"

namespace sandbox {

namespace {

// USDT: what the sandbox pretends the buyer paid with when no paymentAssetId was given.
const char* const default_payment_asset = "4d8c508b-91c5-375b-92b0-ee702ed2dac5";

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

json field_errors_json(const std::vector<mixpay::field_error>& errors) {
    json list = json::array();
    for (const auto& e : errors) {
        list.push_back({{"field", e.field}, {"message", e.message}});
    }
    return list;
}

json parameter_error(const std::vector<mixpay::field_error>& errors, std::int64_t now_ms) {
    json answer = envelope_error(1017, join_errors(errors), now_ms);
    // Beyond the API: the same errors as a list, for merchants' tooling.
    answer["errors"] = field_errors_json(errors);
    return answer;
}

std::string value_or(const std::optional<std::string>& value, const std::string& fallback) {
    return value ? *value : fallback;
}

} // namespace

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

std::optional<url_parts> split_url(const std::string& url) {
    if (!mixpay::is_absolute_url(url, mixpay::url_scheme::http_or_https)) {
        return std::nullopt;
    }
    url_parts parts;
    std::size_t colon = url.find("://");
    if (colon == std::string::npos) {
        return std::nullopt;
    }
    parts.scheme = url.substr(0, colon);
    std::transform(parts.scheme.begin(), parts.scheme.end(), parts.scheme.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    std::size_t start = colon + 3;
    std::size_t end = url.find_first_of("/?#", start);
    std::string authority = url.substr(start, end == std::string::npos ? end : end - start);
    parts.target = end == std::string::npos ? "/" : url.substr(end);
    std::size_t hash = parts.target.find('#');
    if (hash != std::string::npos) {
        parts.target.erase(hash);
    }
    if (parts.target.empty() || parts.target[0] != '/') {
        parts.target.insert(0, "/");
    }
    parts.port = parts.scheme == "https" ? 443 : 80;
    std::string port_text;
    if (!authority.empty() && authority[0] == '[') {
        std::size_t close = authority.find(']');
        if (close == std::string::npos) {
            return std::nullopt;
        }
        parts.host = authority.substr(1, close - 1);
        if (close + 1 < authority.size() && authority[close + 1] == ':') {
            port_text = authority.substr(close + 2);
        }
    } else {
        std::size_t port_colon = authority.rfind(':');
        parts.host = authority.substr(0, port_colon);
        if (port_colon != std::string::npos) {
            port_text = authority.substr(port_colon + 1);
        }
    }
    if (!port_text.empty()) {
        if (port_text.size() > 5 || !std::all_of(port_text.begin(), port_text.end(),
                                                 [](char c) { return c >= '0' && c <= '9'; })) {
            return std::nullopt;
        }
        parts.port = std::stoi(port_text);
        if (parts.port < 1 || parts.port > 65535) {
            return std::nullopt;
        }
    }
    if (parts.host.empty()) {
        return std::nullopt;
    }
    return parts;
}

bool is_loopback_http(const std::string& url) {
    auto parts = split_url(url);
    if (!parts || parts->scheme != "http") {
        return false;
    }
    std::string host = parts->host;
    std::transform(host.begin(), host.end(), host.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return host == "localhost" || host == "::1" || host.rfind("127.", 0) == 0;
}

std::string asset_symbol(const std::string& asset_id) {
    static const std::pair<const char*, const char*> known[] = {
        {"c6d0c728-2624-429b-8e0d-d9d19b6592fa", "BTC"},
        {"43d61dcd-e413-450d-80b8-101d5e903357", "ETH"},
        {"4d8c508b-91c5-375b-92b0-ee702ed2dac5", "USDT"},
        {"a1283b13-d483-4262-90dd-3b1b324a81fb", "USDT"},
        {"9b180ab6-6abe-3dc0-a13f-04169eb34bfa", "USDC"},
        {"31d2ea9c-95eb-3355-b65b-ba096853bc18", "pUSD"},
        {"c94ac88f-4671-3976-b60a-09064f1811e8", "XIN"},
    };
    std::string id = mixpay::canonical_uuid(asset_id);
    if (id.empty()) {
        // A fiat code such as "usd".
        std::string symbol = asset_id;
        std::transform(symbol.begin(), symbol.end(), symbol.begin(),
                       [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
        return symbol;
    }
    for (const auto& [known_id, symbol] : known) {
        if (id == known_id) {
            return symbol;
        }
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
    if (!errors.empty()) {
        result.answer = parameter_error(errors, payments.now_ms());
        result.errors = errors;
        return result;
    }
    params.is_temp = mixpay::normalized_is_temp(params.is_temp);
    if (params.trace_id) {
        params.trace_id = mixpay::canonical_uuid(*params.trace_id);
    }

    payment p;
    p.params = params;
    p.form = mixpay::encode_form(params);
    p.trace_id = params.trace_id ? *params.trace_id : random_uuid();
    p.created = now;
    p.date = now;
    p.temporary = *params.is_temp == "1";
    std::int64_t expire_seconds =
        params.expire_seconds ? std::stoll(*params.expire_seconds) : 86400;
    p.code_expires = now + expire_seconds;
    p.overtime_at = params.expired_timestamp ? std::stoll(*params.expired_timestamp) : 0;

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

json payments_result(store& payments, const pairs& query) {
    std::int64_t now_ms = payments.now_ms();
    std::optional<std::string> trace_id, order_id, payee_id;
    for (const auto& [name, value] : query) {
        if (value.empty()) {
            continue;
        }
        if (name == "traceId") {
            trace_id = value;
        } else if (name == "orderId") {
            order_id = value;
        } else if (name == "payeeId") {
            payee_id = value;
        }
    }
    std::optional<payment> found;
    if (trace_id) {
        if (!mixpay::is_uuid(*trace_id)) {
            return parameter_error({{"traceId", "traceId must be a UUID."}}, now_ms);
        }
        found = payments.by_trace(mixpay::canonical_uuid(*trace_id));
        if (!found) {
            return envelope_error(40022, "TraceID does not exist.", now_ms);
        }
    } else if (order_id) {
        if (!payee_id) {
            return parameter_error({{"payeeId", "payeeId is required with orderId."}}, now_ms);
        }
        found = payments.by_order(*payee_id, *order_id);
        if (!found) {
            return envelope_error(40022, "No payment with this orderId and payeeId.", now_ms);
        }
    } else {
        return parameter_error({{"traceId", "traceId (or orderId and payeeId) is required."}},
                               now_ms);
    }
    return envelope_ok(payment_result_data(*found), now_ms);
}

json payment_result_data(const payment& p) {
    const auto& params = p.params;
    std::string quote_amount =
        value_or(mixpay::canonical_decimal(value_or(params.quote_amount, "0")), "0");
    std::string payment_asset = value_or(params.payment_asset_id, default_payment_asset);
    bool paid = p.state == status::success || p.state == status::pending;
    json data = json::object();
    data["status"] = status_name(p.state);
    data["quoteAmount"] = value_or(params.quote_amount, "");
    data["quoteSymbol"] = asset_symbol(value_or(params.quote_asset_id, ""));
    data["quoteAssetId"] = value_or(params.quote_asset_id, "");
    data["paymentAmount"] = paid ? quote_amount : "0";
    data["paymentSymbol"] = asset_symbol(payment_asset);
    data["paymentAssetId"] = payment_asset;
    data["payee"] = "sandbox_payee";
    data["payeeId"] = value_or(params.payee_id, "");
    data["payeeMixinNumber"] = "7000000000";
    data["payeeAvatarUrl"] = "";
    data["txid"] = "";
    data["date"] = p.date;
    data["surplusAmount"] = "0";
    data["surplusStatus"] = "no";
    data["confirmations"] = p.confirmations;
    data["payableAmount"] = quote_amount;
    data["failureCode"] = p.failure_code;
    data["failureReason"] = p.failure_reason;
    data["returnTo"] = p.state == status::success  ? value_or(params.return_to, "")
                       : p.state == status::failed ? value_or(params.failed_return_to, "")
                                                   : "";
    data["traceId"] = p.trace_id;
    data["orderId"] = value_or(params.order_id, "");
    return data;
}

} // namespace sandbox
