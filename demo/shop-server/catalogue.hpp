// What the demo shop sells, at the prices its server charges. The pages show the same
// prices as text; only these are ever sent to MixPay.
#pragma once

#include <string_view>
#include <vector>

namespace shop {

struct product {
    std::string_view id;     // what a page names it by: data-product="mug"
    std::string_view name;   // sent as the payment's remark
    std::string_view amount; // a decimal string, never a float
    std::string_view asset;  // the quote asset: a fiat code or an asset UUID
};

const std::vector<product>& catalogue();

// The product with this id, or nullptr.
const product* find_product(std::string_view id);

} // namespace shop
