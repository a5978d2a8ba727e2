#include "api.hpp"

#include <algorithm>
#include <array>
#include <ctime>
#include <mutex>
#include <random>

#include <openssl/evp.h>

#include "amount.hpp"
#include "assets.hpp"
#include "decimal.hpp"
#include "faults.hpp"
#include "request.hpp"
#include "url.hpp"
#include "uuid.hpp"

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

json parameter_error(const std::vector<mixpay::field_error>& errors, std::int64_t now_ms) {
    // The documented envelope only; the errors by field are in /__sandbox/requests.
    return envelope_error(1017, join_errors(errors), now_ms);
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

namespace {

// The sandbox's own account in Mixin, the recipient payments_info names.
const char* const sandbox_recipient = "3539c3ce-52c0-4b0b-9573-c035ecb98d48";

std::string iso_time(std::int64_t unix_seconds) {
    std::time_t t = static_cast<std::time_t>(unix_seconds);
    std::tm parts{};
    gmtime_r(&t, &parts);
    char text[40];
    std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%S.000000Z", &parts);
    return text;
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

std::string sum_of(const std::vector<transaction>& transactions) {
    mpq_class total = 0;
    for (const auto& tx : transactions) {
        auto value = parse_amount(tx.amount);
        if (value) {
            total += *value;
        }
    }
    return format_amount(total, 18);
}

// base64("payment|<clientId>"), the form of the documented example's memo.
std::string memo_of(const std::string& client_id) {
    std::string raw = "payment|" + client_id;
    std::string memo(4 * ((raw.size() + 2) / 3) + 1, '\0');
    int length = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(memo.data()),
                                 reinterpret_cast<const unsigned char*>(raw.data()),
                                 static_cast<int>(raw.size()));
    memo.resize(static_cast<std::size_t>(length));
    return memo;
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

json api_error_envelope(int code, const std::string& message, std::int64_t now_ms) {
    return envelope_error(code, message, now_ms);
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

namespace {

// The payment a query names (traceId, or orderId + payeeId), or the error envelope.
std::optional<payment> find_payment(store& payments, const pairs& query, json& error) {
    std::int64_t now_ms = payments.now_ms();
    auto trace_id = param(query, "traceId");
    auto order_id = param(query, "orderId");
    auto payee_id = param(query, "payeeId");
    std::optional<payment> found;
    if (trace_id) {
        if (!mixpay::is_uuid(*trace_id)) {
            error = parameter_error({{"traceId", "traceId must be a UUID."}}, now_ms);
            return std::nullopt;
        }
        found = payments.by_trace(mixpay::canonical_uuid(*trace_id));
        if (!found) {
            error = envelope_error(40022, "TraceID does not exist.", now_ms);
        }
    } else if (order_id) {
        if (!payee_id) {
            error = parameter_error({{"payeeId", "payeeId is required with orderId."}}, now_ms);
            return std::nullopt;
        }
        found = payments.by_order(*payee_id, *order_id);
        if (!found) {
            error = envelope_error(40022, "No payment with this orderId and payeeId.", now_ms);
        }
    } else {
        error =
            parameter_error({{"traceId", "traceId (or orderId and payeeId) is required."}}, now_ms);
    }
    return found;
}

} // namespace

json payments_result(store& payments, const pairs& query) {
    json error;
    auto found = find_payment(payments, query, error);
    if (!found) {
        return error;
    }
    bool with_payment = false;
    bool with_transactions = false;
    std::string with = value_or(param(query, "with"), "");
    std::size_t start = 0;
    while (start <= with.size()) {
        std::size_t end = with.find(',', start);
        std::string part = with.substr(start, end == std::string::npos ? end : end - start);
        start = end == std::string::npos ? with.size() + 1 : end + 1;
        with_payment = with_payment || part == "payment";
        with_transactions = with_transactions || part == "transactions";
    }
    return envelope_ok(payment_result_data(*found, with_payment, with_transactions),
                       payments.now_ms());
}

json payments_info(store& payments, const pairs& query) {
    std::int64_t now = payments.now();
    auto trace_id = param(query, "traceId");
    if (!trace_id) {
        return parameter_error({{"traceId", "traceId is required."}}, payments.now_ms());
    }
    json error;
    auto found = find_payment(payments, {{"traceId", *trace_id}}, error);
    if (!found) {
        return error;
    }
    const payment& p = *found;
    // The current instruction lasts 15 minutes, never past the payment's own deadlines.
    std::int64_t expire = now + 900;
    if (p.overtime_at != 0) {
        expire = std::min(expire, std::max(p.overtime_at, now));
    }
    expire = std::min(expire, std::max(p.code_expires, now));
    json data = json::object();
    data["isChain"] = false;
    data["expire"] = expire;
    data["seconds"] = expire - now;
    data["payeeId"] = value_or(p.params.payee_id, "");
    data["traceId"] = p.trace_id;
    data["clientId"] = p.client_id;
    data["paymentAssetId"] = p.payment_asset_id;
    data["settlementAssetId"] = p.settle_asset_id;
    data["quoteAssetId"] = value_or(p.params.quote_asset_id, "");
    data["paymentAmount"] = p.payable_amount;
    data["quoteAmount"] = value_or(p.params.quote_amount, "");
    data["estimatedSettlementAmount"] = p.settle_amount;
    data["memo"] = memo_of(p.client_id);
    data["recipient"] = sandbox_recipient;
    data["settlementAssetSymbol"] = p.settle_symbol;
    data["paymentAssetSymbol"] = p.payment_symbol;
    data["quoteAssetSymbol"] = p.quote_symbol;
    data["destination"] = "";
    data["tag"] = "";
    return envelope_ok(std::move(data), payments.now_ms());
}

json payment_result_data(const payment& p, bool with_payment, bool with_transactions) {
    const auto& params = p.params;
    json data = json::object();
    data["status"] = status_name(p.state);
    data["quoteAmount"] = value_or(params.quote_amount, "");
    data["quoteSymbol"] = p.quote_symbol;
    data["quoteAssetId"] = value_or(params.quote_asset_id, "");
    data["quoteAssetVersion"] = p.quote_version;
    data["paymentAmount"] = p.paid_amount;
    data["paymentSymbol"] = p.payment_symbol;
    data["paymentAssetId"] = p.payment_asset_id;
    data["paymentAssetVersion"] = p.payment_version;
    data["payee"] = "sandbox_payee";
    data["payeeId"] = value_or(params.payee_id, "");
    data["payeeMixinNumber"] = "7000000000";
    data["payeeAvatarUrl"] = "";
    data["txid"] = "";
    data["blockExplorerUrl"] = "";
    data["date"] = p.date;
    data["surplusAmount"] = "0";
    data["surplusStatus"] = "no";
    data["confirmations"] = p.confirmations;
    data["payableAmount"] = p.payable_amount;
    data["payableSymbol"] = p.payment_symbol;
    data["payableAssetId"] = p.payment_asset_id;
    data["payableAssetVersion"] = p.payment_version;
    data["failureCode"] = p.failure_code;
    data["failureReason"] = p.failure_reason;
    data["returnTo"] = p.state == status::success  ? value_or(params.return_to, "")
                       : p.state == status::failed ? value_or(params.failed_return_to, "")
                                                   : "";
    data["traceId"] = p.trace_id;
    // "when settleStatus is pending, the following fields are empty characters."
    data["settleStatus"] = p.settled ? "success" : "pending";
    data["settleAmount"] = p.settled ? p.settle_amount : "";
    data["settleSymbol"] = p.settled ? p.settle_symbol : "";
    data["settleAsset"] = p.settled ? p.settle_asset_id : "";
    data["settleAssetVersion"] = p.settled ? p.settle_version : "";
    if (with_transactions) {
        json list = json::array();
        for (const auto& tx : p.transactions) {
            json item = json::object();
            item["paymentAmount"] = tx.amount;
            item["paymentAssetId"] = p.payment_asset_id;
            item["paymentAssetSymbol"] = p.payment_symbol;
            item["paymentAssetVersion"] = p.payment_version;
            item["requiredConfirms"] = tx.required_confirms;
            item["confirmations"] = tx.confirmations;
            item["txid"] = tx.txid;
            item["blockExplorerUrl"] = "";
            item["broadcastAt"] = iso_time(tx.broadcast_at);
            item["confirmSeconds"] = tx.confirm_seconds;
            list.push_back(std::move(item));
        }
        data["transactions"] = std::move(list);
    }
    if (with_payment) {
        auto paid = parse_amount(p.paid_amount);
        auto payable = parse_amount(p.payable_amount);
        json summary = json::object();
        summary["isMultiPay"] = p.transactions.size() > 1;
        summary["isFullyPaid"] = paid && payable && *payable > 0 && *paid >= *payable;
        summary["totalTransactionsAmount"] = sum_of(p.transactions);
        data["payment"] = std::move(summary);
    }
    return data;
}

json sandbox_payment_json(const payment& p) {
    json sent = json::object();
    for (auto name : mixpay::param_names()) {
        const auto* value = mixpay::param_field(p.params, name);
        if (value != nullptr && *value) {
            sent[std::string(name)] = **value;
        }
    }
    json steps = json::array();
    std::int64_t at = p.script_at;
    for (std::size_t i = 0; i < p.script.size(); ++i) {
        if (i > 0) {
            at += p.script[i].delay;
        }
        const step& s = p.script[i];
        json item = json::object();
        item["at"] = at;
        item["status"] = s.settle ? "settled" : status_name(s.to);
        if (!s.settle && s.to == status::failed) {
            item["failureCode"] = s.failure_code.empty() ? "40000" : s.failure_code;
        }
        steps.push_back(std::move(item));
    }
    json history = json::array();
    for (const auto& h : p.history) {
        history.push_back({{"time", h.time},
                           {"status", h.status},
                           {"failureCode", h.failure_code},
                           {"source", h.source}});
    }
    json events = json::array();
    for (const auto& e : p.callback_events) {
        events.push_back(e);
    }
    json out = json::object();
    out["traceId"] = p.trace_id;
    out["orderId"] = value_or(p.params.order_id, "");
    out["status"] = status_name(p.state);
    out["strictMode"] = p.strict_mode;
    out["callbackEvent"] = std::move(events);
    out["params"] = std::move(sent);
    out["createdAt"] = p.created;
    out["codeExpiresAt"] = p.code_expires;
    out["expiredAt"] = p.overtime_at != 0 ? json(p.overtime_at) : json(nullptr);
    out["settleAsset"] = p.settle_asset_id;
    out["settleAmount"] = p.settle_amount;
    out["lifecycle"] = std::move(steps);
    out["history"] = std::move(history);
    return out;
}

} // namespace sandbox
