// HTML escaping for every value a page writes that did not come from the page's author.
#pragma once

#include <string>
#include <string_view>

namespace servers {

// &, <, >, " and ' as entities: safe in text and in quoted attribute values.
std::string html_escape(std::string_view text);

} // namespace servers
