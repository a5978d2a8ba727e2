// The only EMSCRIPTEN_BINDINGS: plain functions that take and return plain JS values, so
// the page never holds a handle it must .delete().
//
//   prepare(params, nowUnixSec, randomBytes) -> {errors: [{field, message}], traceId, orderId}
//       what checkout() with the same arguments would send, without sending it
//       (window.MixPayCheckout.validate() reports its errors; the click path does not call it)
//   checkout(params, nowUnixSec, randomBytes, callback, beforeSend)
//       beforeSend(traceId, orderId), when given, is called once the attempt is valid and
//       before it is sent; unless it returns true nothing is sent and callback is not
//       called. Otherwise callback is called once with
//         {ok: true, code, url, traceId, orderId, tries}
//         {ok: false, kind, status, code, message, traceId, orderId, failedReturnTo, tries}
//         {ok: false, kind: "invalid", errors}   (nothing was sent)
//
// `params` holds the API's parameter names and the widget options apiBase, payBase,
// timeout and retries, each as a string (absent, null or "" = not given). With
// codeEndpoint the payment is server-created: the merchant's endpoint gets traceId,
// orderId and codeFields (an array of alternating names and values) and answers {code};
// the payment parameters are then not read. `randomBytes`
// is a Uint8Array from crypto.getRandomValues: bytes 0-15 make the traceId when none is
// given, bytes 16-23 the jitter of the retries.
#include <emscripten/bind.h>
#include <emscripten/val.h>

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "fetch.hpp"
#include "mixpay/code_request.hpp"
#include "mixpay/request.hpp"
#include "mixpay/response.hpp"
#include "mixpay/url.hpp"

using emscripten::val;

namespace mixpay {
namespace {

constexpr unsigned default_timeout_ms = 15000;
constexpr int default_retries = 3;

// One checkout's input, read from the JS object once.
struct checkout_input {
    payment_params params;
    std::optional<code_request> server; // server-created: the merchant's endpoint makes it
    widget_options options;
    unsigned timeout_ms = default_timeout_ms;
    int retries = default_retries;
    std::vector<field_error> errors; // errors of the options the core does not know
};

// A non-empty string property; nullopt for absent values. Any other type is an error
// naming the field, so nothing is silently dropped.
std::optional<std::string> read_string(const val& object, const char* name,
                                       std::vector<field_error>& errors) {
    val value = object[name];
    if (value.isUndefined() || value.isNull()) {
        return std::nullopt;
    }
    if (!value.isString()) {
        errors.push_back({name, std::string(name) + " must be a string"});
        return std::nullopt;
    }
    std::string text = value.as<std::string>();
    if (text.empty()) {
        return std::nullopt;
    }
    return text;
}

// A decimal integer within [min, max]: digits only, no sign, no spaces.
std::optional<long> read_integer(const std::string& text, long min, long max) {
    if (text.empty() || text.size() > 9) {
        return std::nullopt;
    }
    long value = 0;
    for (char c : text) {
        if (c < '0' || c > '9') {
            return std::nullopt;
        }
        value = value * 10 + (c - '0');
    }
    if (value < min || value > max) {
        return std::nullopt;
    }
    return value;
}

checkout_input read_input(const val& object) {
    checkout_input input;
    if (object.isNull() || object.typeOf().as<std::string>() != "object") {
        input.errors.push_back({"params", "params must be an object"});
        return input;
    }
    for (std::string_view name : param_names()) {
        std::string key(name);
        *param_field(input.params, name) = read_string(object, key.c_str(), input.errors);
    }
    if (auto endpoint = read_string(object, "codeEndpoint", input.errors)) {
        // Server-created: only the order reference and the marked fields are read; what is
        // charged is the server's to decide, so the page's payment parameters are ignored.
        code_request server;
        server.endpoint = *endpoint;
        server.trace_id = input.params.trace_id;
        server.order_id = input.params.order_id;
        server.failed_return_to = input.params.failed_return_to;
        val fields = object["codeFields"];
        if (!fields.isUndefined() && !fields.isNull()) {
            if (!fields.isArray()) {
                input.errors.push_back(
                    {"codeFields", "codeFields must be an array of names and values"});
            } else {
                const unsigned length = fields["length"].as<unsigned>();
                for (unsigned i = 0; i + 1 < length; i += 2) {
                    val name = fields[i];
                    val value = fields[i + 1];
                    if (!name.isString() || !value.isString()) {
                        input.errors.push_back({"codeFields", "codeFields must hold strings only"});
                        break;
                    }
                    server.fields.emplace_back(name.as<std::string>(), value.as<std::string>());
                }
            }
        }
        input.server = std::move(server);
    }
    if (auto api_base = read_string(object, "apiBase", input.errors)) {
        input.options.api_base = *api_base;
    }
    if (auto pay_base = read_string(object, "payBase", input.errors)) {
        input.options.pay_base = *pay_base;
    }
    if (auto timeout = read_string(object, "timeout", input.errors)) {
        if (auto ms = read_integer(*timeout, 1000, 120000)) {
            input.timeout_ms = static_cast<unsigned>(*ms);
        } else {
            input.errors.push_back(
                {"timeout", "timeout must be a whole number of milliseconds from 1000 to 120000"});
        }
    }
    if (auto retries = read_string(object, "retries", input.errors)) {
        if (auto n = read_integer(*retries, 0, 5)) {
            input.retries = static_cast<int>(*n);
        } else {
            input.errors.push_back({"retries", "retries must be a whole number from 0 to 5"});
        }
    }
    return input;
}

// A JS number, or 0 when it is not a finite one.
std::int64_t read_unix_seconds(const val& now) {
    if (!now.isNumber()) {
        return 0;
    }
    double seconds = now.as<double>();
    if (!(seconds > 0 && seconds < 1e12)) {
        return 0;
    }
    return static_cast<std::int64_t>(seconds);
}

std::array<std::uint8_t, 24> read_random(const val& bytes) {
    std::array<std::uint8_t, 24> out{};
    if (!bytes.instanceof (val::global("Uint8Array"))) {
        return out;
    }
    std::vector<std::uint8_t> copy = emscripten::convertJSArrayToNumberVector<std::uint8_t>(bytes);
    for (std::size_t i = 0; i < out.size() && i < copy.size(); ++i) {
        out[i] = copy[i];
    }
    return out;
}

prepared_request prepare(const checkout_input& input, std::int64_t now_unix,
                         const std::array<std::uint8_t, 24>& random) {
    std::array<std::uint8_t, 16> uuid_bytes{};
    for (std::size_t i = 0; i < uuid_bytes.size(); ++i) {
        uuid_bytes[i] = random[i];
    }
    prepared_request prepared =
        input.server ? prepare_code_request(*input.server, input.options, now_unix, uuid_bytes)
                     : prepare_request(input.params, input.options, now_unix, uuid_bytes);
    prepared.errors.insert(prepared.errors.end(), input.errors.begin(), input.errors.end());
    return prepared;
}

val errors_to_js(const std::vector<field_error>& errors) {
    val list = val::array();
    for (const field_error& error : errors) {
        val item = val::object();
        item.set("field", error.field);
        item.set("message", error.message);
        list.call<void>("push", item);
    }
    return list;
}

val prepare_js(val params, val now, val random_bytes) {
    checkout_input input = read_input(params);
    prepared_request prepared = prepare(input, read_unix_seconds(now), read_random(random_bytes));
    val result = val::object();
    result.set("errors", errors_to_js(prepared.errors));
    result.set("traceId", prepared.trace_id);
    result.set("orderId", prepared.order_id);
    return result;
}

val invalid_result(const std::vector<field_error>& errors) {
    val result = val::object();
    result.set("ok", false);
    result.set("kind", std::string("invalid"));
    result.set("errors", errors_to_js(errors));
    return result;
}

void set_failure(val& result, const attempt_failure& failure) {
    result.set("ok", false);
    result.set("kind", std::string(to_string(failure.kind)));
    result.set("status", failure.status);
    result.set("code", static_cast<double>(failure.code));
    result.set("message", failure.message);
}

void checkout_js(val params, val now, val random_bytes, val callback, val before_send) {
    checkout_input input = read_input(params);
    std::array<std::uint8_t, 24> random = read_random(random_bytes);
    prepared_request prepared = prepare(input, read_unix_seconds(now), random);
    if (!prepared.errors.empty()) {
        callback(invalid_result(prepared.errors));
        return;
    }
    // The page's last word before anything leaves (its cancelable request event), in the
    // same call: the attempt is checked and encoded once.
    if (before_send.typeOf().as<std::string>() == "function" &&
        !before_send(prepared.trace_id, prepared.order_id).as<bool>()) {
        return;
    }

    post_plan plan;
    plan.endpoint = prepared.endpoint;
    plan.body = std::move(prepared.body);
    plan.timeout_ms = input.timeout_ms;
    plan.retries = input.retries;
    for (std::size_t i = 0; i < plan.jitter.size(); ++i) {
        plan.jitter[i] = random[16 + i];
    }
    if (input.server) {
        plan.parse = parse_code_response;
    }
    // The same fill as the request's own, so the page never builds a URL itself.
    std::string failed_return_to;
    if (input.params.failed_return_to) {
        failed_return_to =
            fill_placeholders(*input.params.failed_return_to, prepared.trace_id, prepared.order_id);
    }
    std::string pay_base = input.options.pay_base;
    std::string trace_id = prepared.trace_id;
    std::string order_id = prepared.order_id;

    post_with_retries(std::move(plan), [=](const create_result& outcome, int tries) {
        val result = val::object();
        result.set("traceId", trace_id);
        result.set("orderId", order_id);
        result.set("tries", tries);
        std::string url = outcome.ok ? code_url(pay_base, outcome.code) : std::string();
        if (outcome.ok && !url.empty()) {
            result.set("ok", true);
            result.set("code", outcome.code);
            result.set("url", url);
        } else {
            attempt_failure failure = outcome.failure;
            if (outcome.ok) {
                failure = {failure_kind::response, 200, 0,
                           "The payment service answered without a usable payment code.", false};
            }
            set_failure(result, failure);
            result.set("failedReturnTo", failed_return_to);
        }
        callback(result);
    });
}

} // namespace
} // namespace mixpay

EMSCRIPTEN_BINDINGS(mixpay_checkout) {
    emscripten::function("prepare", &mixpay::prepare_js);
    emscripten::function("checkout", &mixpay::checkout_js);
}
