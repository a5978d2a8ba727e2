// GET /buy/<product>: the checkout without JavaScript, which the product's fallback link
// leads to. A plain form posts the product with a traceId made when the page was served, so
// sending it again (a double click, a reload of the answer) continues the same order.
#pragma once

#include <string>
#include <string_view>

#include "catalogue.hpp"

namespace shop {

// The page for `item` whose form posts `trace_id`; `notice`, when not empty, says why the
// last try did not lead to the payment page.
std::string buy_page(const product& item, const std::string& trace_id, const std::string& notice);

// A page with a heading, one paragraph and a link back to the shop.
std::string message_page(std::string_view title, std::string_view text);

} // namespace shop
