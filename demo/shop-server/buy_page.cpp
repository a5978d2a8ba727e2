#include "buy_page.hpp"

#include "common/html.hpp"

namespace shop {

using servers::html_escape;

namespace {

std::string page(std::string_view title, std::string_view icon, const std::string& content) {
    return "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
           "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>" +
           html_escape(title) +
           " · Northwind Goods</title>\n"
           "<link rel=\"icon\" href=\"/img/" +
           html_escape(icon) +
           ".svg\" type=\"image/svg+xml\">\n"
           "<link rel=\"stylesheet\" href=\"/shop.css\">\n</head>\n<body>\n"
           "<header class=\"masthead\">\n  <a class=\"brand\" href=\"/\">Northwind Goods</a>\n"
           "</header>\n<main>\n<section class=\"result\">\n" +
           content + "<p><a class=\"back\" href=\"/\">Back to the shop</a></p>\n</section>\n" +
           "</main>\n</body>\n</html>\n";
}

std::string price(const product& item) {
    if (item.asset == "usd") {
        return "$" + std::string(item.amount);
    }
    std::string asset(item.asset);
    for (auto& c : asset) {
        c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    }
    return std::string(item.amount) + " " + asset;
}

} // namespace

std::string buy_page(const product& item, const std::string& trace_id, const std::string& notice) {
    std::string content = "<h1>" + html_escape(item.name) + "</h1>\n<p class=\"price\">" +
                          html_escape(price(item)) + "</p>\n";
    if (!notice.empty()) {
        content += "<p class=\"notice\" role=\"alert\">" + html_escape(notice) + "</p>\n";
    }
    content += "<p>You pay on MixPay's payment page, in the crypto you choose. The shop checks "
               "the payment with MixPay before it ships.</p>\n"
               "<form method=\"post\" action=\"/buy/" +
               html_escape(item.id) +
               "\">\n"
               "  <input type=\"hidden\" name=\"traceId\" value=\"" +
               html_escape(trace_id) +
               "\">\n"
               "  <button class=\"fallback\" type=\"submit\">Pay with crypto</button>\n"
               "</form>\n";
    return page(item.name, item.id, content);
}

std::string message_page(std::string_view title, std::string_view text) {
    return page(title, "mug",
                "<h1>" + html_escape(title) + "</h1>\n<p>" + html_escape(text) + "</p>\n");
}

} // namespace shop
