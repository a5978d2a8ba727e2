// The shop's orders on disk: one SQLite database (WAL, synchronous=FULL), so an order
// written before MixPay is called outlives a crash, a kill -9 or a power cut, and a paid
// order is still paid after a restart. Every call is one transaction; the class serializes
// them on one connection.
#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

struct sqlite3;

namespace shop {

// One order, with every parameter its payment is (or will be) created with: a retry after a
// restart sends the same ones, so MixPay answers the same code for the same traceId.
struct order_record {
    std::string trace_id;
    std::string order_id; // NW-<number>-<random hex>, given by insert()
    std::string product;
    std::string name; // the product's name, sent as remark
    std::string amount;
    std::string asset;
    std::string payee_id;
    std::string settlement_asset_id;
    std::string return_to;
    std::string failed_return_to;
    std::string callback_url;      // empty: none
    std::string expired_timestamp; // unix seconds, as sent
    // creating: stored, the payment may or may not exist at MixPay; created: MixPay gave its
    // code; refused: MixPay refused it (nothing was created).
    std::string state = "creating";
    std::string code;
    std::string url;
    std::string status = "unknown"; // the shop's last verdict: paid, unpaid, pending, …
    std::vector<std::string> mismatches;
    std::int64_t created_ms = 0;
    std::int64_t checked_ms = 0; // when the last verdict's lookup started; 0: never
    std::int64_t expires_ms = 0; // when it is forgotten; 0: kept (paid)
};

class order_store {
public:
    // Opens (or creates) the database at `path` and its schema. nullptr with `error` set.
    static std::unique_ptr<order_store> open(const std::string& path, std::string& error);
    ~order_store();
    order_store(const order_store&) = delete;
    order_store& operator=(const order_store&) = delete;

    std::optional<order_record> find(const std::string& trace_id);

    enum class inserted { ok, exists, full };
    // Forgets expired orders, then stores `record` (its order_id set here) unless its
    // traceId is taken or `max_live` orders that are not paid are live already.
    inserted insert(order_record& record, std::int64_t now_ms, std::size_t max_live);

    // MixPay gave the payment's code.
    void set_created(const std::string& trace_id, const std::string& code, const std::string& url,
                     std::int64_t expires_ms);
    // No code (yet): `state` stays creating or becomes refused; forgotten at `expires_ms`.
    void set_failed(const std::string& trace_id, const std::string& state, std::int64_t expires_ms);
    // A verified verdict. "paid" is final: it is never overwritten and never expires.
    void set_verdict(const std::string& trace_id, const std::string& status,
                     const std::vector<std::string>& mismatches, std::int64_t checked_ms);

    // Forgets every order that is not paid and whose time is up; returns how many.
    std::size_t sweep(std::int64_t now_ms);
    // Orders not paid and not expired.
    std::size_t live_unpaid(std::int64_t now_ms);

private:
    explicit order_store(sqlite3* db) : db_(db) {}
    std::size_t sweep_locked(std::int64_t now_ms);

    sqlite3* db_;
    std::mutex mutex_;
};

} // namespace shop
