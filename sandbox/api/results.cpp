#include "api/api.hpp"

#include <algorithm>
#include <ctime>

#include <openssl/evp.h>

#include "api/amount.hpp"
#include "mixpay/uuid.hpp"

namespace sandbox {

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

std::string value_or(const std::optional<std::string>& value, const std::string& fallback) {
    return value ? *value : fallback;
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
