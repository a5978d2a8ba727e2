// Validation and form encoding: an attempt that validates encodes to a body that decodes
// back to exactly its parameters; one that does not validate sends nothing; every error
// names a real field; the same input gives the same result. The same holds for the
// server-created attempt (prepare_code_request) made of the same values.
#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "fuzz_check.hpp"
#include "mixpay/code_request.hpp"
#include "mixpay/params.hpp"
#include "mixpay/request.hpp"
#include "mixpay/url.hpp"
#include "mixpay/uuid.hpp"

namespace {

constexpr std::int64_t now = 1'700'000'000;

bool is_field_name(std::string_view field) {
    for (std::string_view name : mixpay::param_names()) {
        if (name == field) {
            return true;
        }
    }
    return field == "apiBase" || field == "payBase";
}

bool same(const mixpay::prepared_request& a, const mixpay::prepared_request& b) {
    if (a.errors.size() != b.errors.size()) {
        return false;
    }
    for (std::size_t i = 0; i < a.errors.size(); ++i) {
        if (a.errors[i].field != b.errors[i].field || a.errors[i].message != b.errors[i].message) {
            return false;
        }
    }
    return a.endpoint == b.endpoint && a.body == b.body && a.trace_id == b.trace_id &&
           a.order_id == b.order_id;
}

// A server-created attempt made of the same values: the endpoint is returnTo's, two of
// the free-text values are its marked fields. It sends traceId, orderId when given, then
// exactly those fields, or nothing at all.
void check_code_request(const mixpay::payment_params& params,
                        const std::array<std::uint8_t, 16>& random) {
    mixpay::code_request request;
    request.endpoint = params.return_to.value_or("");
    request.trace_id = params.trace_id;
    request.order_id = params.order_id;
    request.failed_return_to = params.failed_return_to;
    for (const auto* field : {&params.remark, &params.settlement_memo}) {
        if (field->has_value()) {
            request.fields.emplace_back(field == &params.remark ? "note" : "memo", **field);
        }
    }
    const mixpay::widget_options options;
    const auto prepared = mixpay::prepare_code_request(request, options, now, random);
    FUZZ_CHECK(same(prepared, mixpay::prepare_code_request(request, options, now, random)));
    if (!prepared.errors.empty()) {
        FUZZ_CHECK(prepared.body.empty() && prepared.endpoint.empty());
        for (const mixpay::field_error& error : prepared.errors) {
            const std::string& f = error.field;
            FUZZ_CHECK(f == "codeEndpoint" || f == "traceId" || f == "orderId" ||
                       f == "failedReturnTo" || f == "note" || f == "memo");
            FUZZ_CHECK(!error.message.empty());
        }
        return;
    }
    FUZZ_CHECK(prepared.endpoint == request.endpoint);
    FUZZ_CHECK(mixpay::is_uuid(prepared.trace_id));
    std::vector<std::pair<std::string, std::string>> expected = {{"traceId", prepared.trace_id}};
    if (request.order_id && !request.order_id->empty()) {
        expected.emplace_back("orderId", *request.order_id);
    }
    expected.insert(expected.end(), request.fields.begin(), request.fields.end());
    const auto sent = mixpay::decode_form(prepared.body);
    FUZZ_CHECK(sent.has_value() && *sent == expected);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    // Bytes 0-15: the random bytes of the traceId; the rest: values separated by NUL,
    // assigned to the parameters in API order.
    std::array<std::uint8_t, 16> random{};
    std::size_t offset = 0;
    for (; offset < random.size() && offset < size; ++offset) {
        random[offset] = data[offset];
    }
    const std::string_view rest(reinterpret_cast<const char*>(data + offset), size - offset);

    // Any byte string survives a form encode/decode round trip.
    const auto decoded = mixpay::form_decode_component(mixpay::form_encode_component(rest));
    FUZZ_CHECK(decoded && *decoded == rest);

    std::vector<std::pair<std::string, std::string>> pairs;
    std::size_t start = 0;
    for (std::string_view name : mixpay::param_names()) {
        if (start > rest.size()) {
            break;
        }
        const std::size_t end = std::min(rest.find('\0', start), rest.size());
        pairs.emplace_back(std::string(name), std::string(rest.substr(start, end - start)));
        start = end + 1;
    }
    const mixpay::payment_params params = mixpay::params_from_pairs(pairs);
    const mixpay::widget_options options;

    check_code_request(params, random);

    const mixpay::prepared_request prepared = mixpay::prepare_request(params, options, now, random);
    FUZZ_CHECK(same(prepared, mixpay::prepare_request(params, options, now, random)));

    if (!prepared.errors.empty()) {
        FUZZ_CHECK(prepared.body.empty());
        for (const mixpay::field_error& error : prepared.errors) {
            FUZZ_CHECK(is_field_name(error.field));
            FUZZ_CHECK(!error.message.empty());
        }
        return 0;
    }

    FUZZ_CHECK(mixpay::is_uuid(prepared.trace_id));
    FUZZ_CHECK(prepared.endpoint == options.api_base + "/one_time_payment");
    const auto fields = mixpay::decode_form(prepared.body);
    FUZZ_CHECK(fields.has_value());

    // Every sent field is the input's value, except the ones the attempt completes:
    // isTemp (1/0), traceId (generated when absent) and the filled return URLs.
    for (const auto& [name, value] : *fields) {
        const std::optional<std::string>* given = mixpay::param_field(params, name);
        FUZZ_CHECK(given != nullptr);
        if (name == "isTemp") {
            FUZZ_CHECK(value == "1" || value == "0");
            FUZZ_CHECK(mixpay::normalized_is_temp(*given) == value);
        } else if (name == "traceId") {
            FUZZ_CHECK(value == prepared.trace_id);
            FUZZ_CHECK(!given->has_value() || **given == value);
        } else if (name == "returnTo" || name == "failedReturnTo") {
            FUZZ_CHECK(given->has_value());
            FUZZ_CHECK(value ==
                       mixpay::fill_placeholders(**given, prepared.trace_id, prepared.order_id));
        } else {
            FUZZ_CHECK(given->has_value() && **given == value);
        }
    }
    // And no given parameter is left out.
    for (std::string_view name : mixpay::param_names()) {
        const std::optional<std::string>* given = mixpay::param_field(params, name);
        if (given->has_value()) {
            bool found = false;
            for (const auto& field : *fields) {
                found = found || field.first == name;
            }
            FUZZ_CHECK(found);
        }
    }
    return 0;
}
