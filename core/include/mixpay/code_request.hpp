// Server-created payments: the page sends only its order reference to the merchant's own
// endpoint, which creates the one-time payment on the server (where the amount and the
// payee are decided) and answers with its code. Nothing the page could edit sets what is
// charged.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "mixpay/request.hpp"

namespace mixpay {

struct code_request {
    std::string endpoint;                        // absolute http(s) URL, no fragment
    std::optional<std::string> trace_id;         // the attempt's; generated when absent
    std::optional<std::string> order_id;         // the merchant's order reference
    std::optional<std::string> failed_return_to; // where a failed attempt goes
    // The element's data-* values the merchant marked to send, by dataset key.
    std::vector<std::pair<std::string, std::string>> fields;
};

constexpr std::size_t max_code_fields = 16;
constexpr std::size_t max_code_field_characters = 200;

// Checks and encodes one attempt for the endpoint: a missing traceId becomes
// uuid_v4(random_bytes), {traceId}/{orderId} in failedReturnTo are filled (as
// prepare_request does), and every error is reported at once (fields "codeEndpoint",
// "traceId", "orderId", "failedReturnTo", "payBase", or the marked field's key). The
// body is traceId, then orderId when given, then the fields in their order, form-encoded:
// a CORS simple request, and the traceId lets the server make the payment with it, so a
// retry can never create a second one.
prepared_request prepare_code_request(const code_request& request, const widget_options& options,
                                      std::int64_t now_unix,
                                      const std::array<std::uint8_t, 16>& random_bytes);

} // namespace mixpay
