#include "catalogue.hpp"

namespace shop {

const std::vector<product>& catalogue() {
    static const std::vector<product> products = {
        {"mug", "Aurora Mug", "12.50", "usd"},
        {"hoodie", "Genesis Hoodie", "49.00", "usd"},
        {"notebook", "Ledger Notebook", "8.99", "usd"},
    };
    return products;
}

const product* find_product(std::string_view id) {
    for (const auto& p : catalogue()) {
        if (p.id == id) {
            return &p;
        }
    }
    return nullptr;
}

} // namespace shop
