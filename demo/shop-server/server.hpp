// The HTTP side of the demo shop: its pages and the button's files, the checkout endpoint,
// the orders as the shop knows them, and MixPay's callbacks (also over https when asked).
#pragma once

#include <memory>
#include <string>

#include <mixpay/merchant.hpp>

#include "certificate.hpp"
#include "options.hpp"
#include "orders.hpp"
#include "store.hpp"

namespace shop {

class server {
public:
    server(options opts, const mixpay::merchant_client& client);
    ~server();
    server(const server&) = delete;
    server& operator=(const server&) = delete;

    // Binds the shop's socket; returns the port, or -1 with `error` set.
    int bind(std::string& error);
    // Binds the https socket for callbacks on a free port of the same host; returns the port,
    // or -1 with `error` set.
    int bind_callbacks(const certificate& cert, std::string& error);
    // The orders' settings and their store, and the origin the shop's pages come from
    // (checkouts are taken from it only); before run().
    void open(shop_settings settings, std::unique_ptr<order_store> store,
              const std::string& own_origin);
    // Serves until stop(); false when a listener could not run.
    bool run();
    // Thread-safe; ends run() once it listens (call it again until run() has returned).
    void stop();

private:
    struct impl;
    std::unique_ptr<impl> impl_;
};

} // namespace shop
