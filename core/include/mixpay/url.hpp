// Percent-encoding and the URL checks the API's parameters need.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace mixpay {

// application/x-www-form-urlencoded encoding of one name or value: ALPHA, DIGIT and
// "*-._" stay, space becomes '+', every other byte becomes %XX (uppercase hex). This is
// what the browser's URLSearchParams produces.
std::string form_encode_component(std::string_view text);

// RFC 3986 encoding for a value placed inside a URL's query or path: unreserved
// characters (ALPHA, DIGIT, "-._~") stay, every other byte becomes %XX.
std::string percent_encode(std::string_view text);

// The inverse of form_encode_component ('+' is a space, %XX a byte); nullopt when a '%'
// is not followed by two hex digits.
std::optional<std::string> form_decode_component(std::string_view text);

// %XX decoded as a server reads any request: a '%' not followed by two hex digits stays as
// it is. '+' is a space when `plus_is_space` (a query or a form body; not a path).
std::string percent_decode(std::string_view text, bool plus_is_space);

enum class url_scheme { http_or_https, https_only };

// An absolute URL with the scheme allowed by `schemes` ("http"/"https", any case), a
// non-empty host, no whitespace or control characters, no userinfo ("user@host" hides
// the real host from the reader), and an optional numeric port 1-65535. Also refused:
// invalid UTF-8, and '\' '"' '<' '>' '`' anywhere (browsers read '\' as '/'). The host
// is an ASCII name (internationalized names in their xn-- form) or a [IPv6] literal.
bool is_absolute_url(std::string_view text, url_scheme schemes);

// `templ` with every "{traceId}" and "{orderId}" replaced by percent_encode(value).
// Other braces are left as they are.
std::string fill_placeholders(std::string_view templ, std::string_view trace_id,
                              std::string_view order_id);

} // namespace mixpay
