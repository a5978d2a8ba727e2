// The stand-in payment page. Every value that came from a request is HTML-escaped; the
// pages hold no script and no inline style, so they work under a CSP of
// `default-src 'none'; style-src 'self'`.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/html.hpp"
#include "mixpay/params.hpp"
#include "store/store.hpp"

namespace sandbox {

using servers::html_escape;

// The Content-Security-Policy every sandbox page is sent with.
extern const char* const page_csp;

// The stylesheet of the pages, served at page_css_path.
extern const char* const page_css;
extern const char* const page_css_path;

// The pages' icon (SVG), served at page_icon_path.
extern const char* const page_icon;
extern const char* const page_icon_path;

// GET /code/<code> for a payment in the given state (payable, used or expired).
std::string payment_page(const payment& p, code_state state);

// A page with a heading and one paragraph (unknown code, errors).
std::string message_page(std::string_view title, std::string_view text);

// GET /pay with parameters that do not validate: every error, by field.
std::string errors_page(const std::vector<mixpay::field_error>& errors);

} // namespace sandbox
