#include "pages/pages.hpp"

#include <ctime>

#include "api/api.hpp"
#include "mixpay/decimal.hpp"

namespace sandbox {

namespace {

std::string utc_time(std::int64_t unix_seconds) {
    std::time_t t = static_cast<std::time_t>(unix_seconds);
    std::tm parts{};
    gmtime_r(&t, &parts);
    char text[32];
    std::strftime(text, sizeof text, "%Y-%m-%d %H:%M:%S UTC", &parts);
    return text;
}

std::string head(std::string_view title) {
    return "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
           "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
           "<title>" +
           html_escape(title) + " · MixPay sandbox</title>\n<link rel=\"icon\" href=\"" +
           page_icon_path + "\" type=\"image/svg+xml\">\n<link rel=\"stylesheet\" href=\"" +
           page_css_path + "\">\n</head>\n<body>\n<main class=\"card\">\n" +
           "<p class=\"badge\">MixPay sandbox · no real money moves</p>\n";
}

const char* const tail = "</main>\n</body>\n</html>\n";

void row(std::string& html, std::string_view id, std::string_view label, std::string_view value) {
    html += "<dt>" + html_escape(label) + "</dt><dd id=\"" + std::string(id) + "\">" +
            html_escape(value) + "</dd>\n";
}

std::string or_dash(const std::optional<std::string>& value) {
    return value ? *value : "—";
}

} // namespace

const char* const page_csp =
    "default-src 'none'; style-src 'self'; img-src 'self'; base-uri 'none'; "
    "frame-ancestors 'none'";

const char* const page_css_path = "/__sandbox/pay.css";
const char* const page_icon_path = "/__sandbox/icon.svg";

const char* const page_icon =
    "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 32 32\">"
    "<rect width=\"32\" height=\"32\" rx=\"8\" fill=\"#4a5cf0\"/>"
    "<path d=\"M9 17l5 5 9-11\" fill=\"none\" stroke=\"#fff\" stroke-width=\"3\"/></svg>\n";

const char* const page_css = R"(:root {
  color-scheme: light;
  font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
  background: #f3f5fb;
  color: #1d2433;
}
body { margin: 0; min-height: 100vh; display: grid; place-items: center; }
.card {
  background: #fff;
  border-radius: 16px;
  box-shadow: 0 12px 40px rgba(29, 36, 51, 0.12);
  padding: 32px 36px;
  width: min(440px, calc(100vw - 32px));
  box-sizing: border-box;
}
.badge {
  display: inline-block;
  margin: 0 0 12px;
  padding: 4px 10px;
  border-radius: 999px;
  background: #fff4d6;
  color: #7a5400;
  font-size: 12px;
}
h1 { font-size: 26px; margin: 0 0 20px; }
dl { display: grid; grid-template-columns: max-content 1fr; gap: 8px 16px; margin: 0 0 24px; }
dt { color: #5d6679; }
dd { margin: 0; overflow-wrap: anywhere; }
.notice { padding: 12px 14px; border-radius: 10px; background: #eef1f8; }
.notice.success { background: #e3f7ea; color: #145c2f; }
.notice.failed, .notice.expired { background: #fde8e8; color: #8a1c1c; }
form { margin: 0 0 12px; display: flex; gap: 8px; align-items: center; }
button {
  font: inherit;
  border: 0;
  border-radius: 10px;
  padding: 10px 18px;
  cursor: pointer;
}
button.pay { background: #4a5cf0; color: #fff; width: 100%; font-size: 17px; }
button.fail { background: #eceef3; color: #8a1c1c; }
select { font: inherit; flex: 1; min-width: 0; padding: 8px; border-radius: 8px; }
ul.errors { padding-left: 20px; }
)";

std::string payment_page(const payment& p, code_state state) {
    const auto& params = p.params;
    std::string amount = or_dash(params.quote_amount);
    std::string asset = asset_symbol(params.quote_asset_id ? *params.quote_asset_id : "");
    std::string title;
    std::string notice;
    std::string notice_class;
    if (state == code_state::expired) {
        title = "Payment code expired";
        notice_class = "expired";
        notice = p.failure_code == "40000" ? "This payment code has expired: Payment overtime."
                                           : "This payment code has expired.";
    } else if (p.state == status::success) {
        title = "Payment successful";
        notice_class = "success";
        notice = "Paid " + amount + " " + asset + ".";
    } else if (p.state == status::failed) {
        title = "Payment failed";
        notice_class = "failed";
        notice = "Payment failed: " + p.failure_reason;
    } else {
        title = "Pay " + amount + " " + asset;
    }
    if (state == code_state::used) {
        notice += " This one-time payment code has already been used.";
    }

    std::string html = head(title);
    html += "<h1 id=\"title\">" + html_escape(title) + "</h1>\n";
    if (!notice.empty()) {
        html += "<p id=\"notice\" class=\"notice " + notice_class + "\">" + html_escape(notice) +
                "</p>\n";
    }
    html += "<dl>\n";
    row(html, "payee", "Payee", or_dash(params.payee_id));
    row(html, "amount", "Amount", amount + " " + asset);
    row(html, "asset", "Settlement asset",
        asset_symbol(params.settlement_asset_id ? *params.settlement_asset_id : "") + " (" +
            or_dash(params.settlement_asset_id) + ")");
    row(html, "remark", "Remark", or_dash(params.remark));
    row(html, "order", "Order", or_dash(params.order_id));
    row(html, "strict", "Strict mode", p.strict_mode ? "on" : "off");
    std::string events = "success|fail";
    for (const auto& e : p.callback_events) {
        if (!is_default_event(e)) {
            events += "|" + e;
        }
    }
    row(html, "events", "Callback events", params.callback_url ? events : "— (no callbackUrl)");
    row(html, "trace", "Trace ID", p.trace_id);
    row(html, "status", "Status", status_name(p.state));
    if (state == code_state::payable) {
        std::int64_t until = p.code_expires;
        if (p.overtime_at != 0 && p.overtime_at < until) {
            until = p.overtime_at;
        }
        row(html, "expires", "Pay before", utc_time(until));
    }
    html += "</dl>\n";
    if (state == code_state::payable) {
        std::string base = "/code/" + html_escape(p.trace_id);
        html += "<form method=\"post\" action=\"" + base +
                "/pay\"><button type=\"submit\" class=\"pay\" id=\"pay\">Pay</button></form>\n";
        html += "<form method=\"post\" action=\"" + base +
                "/fail\"><select name=\"failureCode\" id=\"failureCode\" "
                "aria-label=\"Failure reason\">";
        for (const auto& r : failure_reasons()) {
            html += "<option value=\"" + std::string(r.code) + "\">" + html_escape(r.reason) +
                    "</option>";
        }
        html +=
            "</select><button type=\"submit\" class=\"fail\" id=\"fail\">Fail</button></form>\n";
    }
    return html + tail;
}

std::string message_page(std::string_view title, std::string_view text) {
    return head(title) + "<h1 id=\"title\">" + html_escape(title) + "</h1>\n<p id=\"notice\">" +
           html_escape(text) + "</p>\n" + tail;
}

std::string errors_page(const std::vector<mixpay::field_error>& errors) {
    std::string html = head("Invalid payment link");
    html += "<h1 id=\"title\">Invalid payment link</h1>\n<ul class=\"errors\">\n";
    for (const auto& e : errors) {
        html += "<li><strong>" + html_escape(e.field) + "</strong>: " + html_escape(e.message) +
                "</li>\n";
    }
    return html + "</ul>\n" + tail;
}

} // namespace sandbox
