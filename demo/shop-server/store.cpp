#include "store.hpp"

#include <cstdio>
#include <random>
#include <sstream>
#include <stdexcept>

#include <sqlite3.h>

namespace shop {

namespace {

// Each statement of a call, finalized when the call ends. Errors throw: the HTTP layer
// answers 500, and nothing is sent to MixPay after a write that did not happen.
class statement {
public:
    statement(sqlite3* db, const char* sql) : db_(db) {
        if (sqlite3_prepare_v2(db, sql, -1, &stmt_, nullptr) != SQLITE_OK) {
            fail("prepare");
        }
    }
    ~statement() { sqlite3_finalize(stmt_); }
    statement(const statement&) = delete;
    statement& operator=(const statement&) = delete;

    statement& bind(int index, const std::string& text) {
        check(sqlite3_bind_text(stmt_, index, text.data(), static_cast<int>(text.size()),
                                SQLITE_TRANSIENT));
        return *this;
    }
    statement& bind(int index, std::int64_t number) {
        check(sqlite3_bind_int64(stmt_, index, number));
        return *this;
    }
    // True while there is a row.
    bool step() {
        int rc = sqlite3_step(stmt_);
        if (rc == SQLITE_ROW) {
            return true;
        }
        if (rc != SQLITE_DONE) {
            fail("step");
        }
        return false;
    }
    void run() { step(); }
    std::string text(int column) const {
        const auto* value = sqlite3_column_text(stmt_, column);
        return value == nullptr
                   ? std::string()
                   : std::string(reinterpret_cast<const char*>(value),
                                 static_cast<std::size_t>(sqlite3_column_bytes(stmt_, column)));
    }
    std::int64_t number(int column) const { return sqlite3_column_int64(stmt_, column); }

private:
    void check(int rc) {
        if (rc != SQLITE_OK) {
            fail("bind");
        }
    }
    [[noreturn]] void fail(const char* what) {
        throw std::runtime_error(std::string("orders database: ") + what + ": " +
                                 sqlite3_errmsg(db_));
    }

    sqlite3* db_;
    sqlite3_stmt* stmt_ = nullptr;
};

void exec(sqlite3* db, const char* sql) {
    char* message = nullptr;
    if (sqlite3_exec(db, sql, nullptr, nullptr, &message) != SQLITE_OK) {
        std::string text = message != nullptr ? message : sqlite3_errmsg(db);
        sqlite3_free(message);
        throw std::runtime_error("orders database: " + text);
    }
}

// BEGIN IMMEDIATE takes the write lock at once, so two writers never deadlock on an upgrade;
// the destructor rolls back whatever was not committed.
class transaction {
public:
    explicit transaction(sqlite3* db) : db_(db) { exec(db_, "BEGIN IMMEDIATE"); }
    ~transaction() {
        if (!done_) {
            sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
        }
    }
    transaction(const transaction&) = delete;
    transaction& operator=(const transaction&) = delete;
    void commit() {
        exec(db_, "COMMIT");
        done_ = true;
    }

private:
    sqlite3* db_;
    bool done_ = false;
};

// user_version 1. `number` numbers the orders (AUTOINCREMENT never gives a number twice, also
// after orders were forgotten); expires_ms 0 means kept.
const char* const schema = R"sql(
CREATE TABLE IF NOT EXISTS orders (
  number INTEGER PRIMARY KEY AUTOINCREMENT,
  trace_id TEXT NOT NULL UNIQUE,
  order_id TEXT NOT NULL UNIQUE,
  product TEXT NOT NULL,
  name TEXT NOT NULL,
  amount TEXT NOT NULL,
  asset TEXT NOT NULL,
  payee_id TEXT NOT NULL,
  settlement_asset_id TEXT NOT NULL,
  return_to TEXT NOT NULL,
  failed_return_to TEXT NOT NULL,
  callback_url TEXT NOT NULL,
  expired_timestamp TEXT NOT NULL,
  state TEXT NOT NULL,
  code TEXT NOT NULL DEFAULT '',
  url TEXT NOT NULL DEFAULT '',
  status TEXT NOT NULL DEFAULT 'unknown',
  mismatches TEXT NOT NULL DEFAULT '',
  created_ms INTEGER NOT NULL,
  checked_ms INTEGER NOT NULL DEFAULT 0,
  expires_ms INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS orders_expiry ON orders (expires_ms) WHERE expires_ms > 0;
INSERT INTO sqlite_sequence (name, seq)
  SELECT 'orders', 1000 WHERE NOT EXISTS (SELECT 1 FROM sqlite_sequence WHERE name = 'orders');
PRAGMA user_version = 1;
)sql";

const char* const columns =
    "trace_id, order_id, product, name, amount, asset, payee_id, settlement_asset_id, "
    "return_to, failed_return_to, callback_url, expired_timestamp, state, code, url, status, "
    "mismatches, created_ms, checked_ms, expires_ms";

std::string join(const std::vector<std::string>& codes) {
    std::string out;
    for (const auto& code : codes) {
        out += (out.empty() ? "" : " ") + code;
    }
    return out;
}

std::vector<std::string> split(const std::string& text) {
    std::vector<std::string> out;
    std::istringstream in(text);
    for (std::string code; in >> code;) {
        out.push_back(code);
    }
    return out;
}

// Order numbers are unique per payee at MixPay, and MixPay outlives this database, so each
// number carries a random part besides the counter.
std::string order_number(std::int64_t number) {
    std::random_device device;
    char text[48];
    std::snprintf(text, sizeof text, "NW-%lld-%06x", static_cast<long long>(number),
                  device() & 0xFFFFFFu);
    return text;
}

} // namespace

std::unique_ptr<order_store> order_store::open(const std::string& path, std::string& error) {
    sqlite3* db = nullptr;
    int rc =
        sqlite3_open_v2(path.c_str(), &db,
                        SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nullptr);
    if (rc != SQLITE_OK) {
        error = db != nullptr ? sqlite3_errmsg(db) : "out of memory";
        sqlite3_close(db);
        return nullptr;
    }
    std::unique_ptr<order_store> store(new order_store(db));
    try {
        // Another process on the same file (a second shop, the sqlite3 shell) waits its turn.
        sqlite3_busy_timeout(db, 5000);
        // WAL: readers never block the writer. synchronous=FULL: each commit is on disk before
        // the call returns, so an order written before MixPay is called survives a power cut
        // too (NORMAL would survive a crash of the process but could lose the last commits
        // on power loss, and an order lost then is a payment MixPay has and the shop does
        // not). At MixPay's 60 requests a minute the fsync per order costs nothing.
        exec(db, "PRAGMA journal_mode = WAL");
        exec(db, "PRAGMA synchronous = FULL");
        exec(db, "PRAGMA foreign_keys = ON");
        statement version(db, "PRAGMA user_version");
        version.step();
        const std::int64_t found = version.number(0);
        if (found > 1) {
            error = "the database was made by a newer mixpay-demo-shop (schema " +
                    std::to_string(found) + ")";
            return nullptr;
        }
        transaction t(db);
        exec(db, schema);
        t.commit();
    } catch (const std::exception& e) {
        error = e.what();
        return nullptr;
    }
    return store;
}

order_store::~order_store() {
    sqlite3_close(db_);
}

std::optional<order_record> order_store::find(const std::string& trace_id) {
    std::lock_guard<std::mutex> lock(mutex_);
    statement s(db_,
                (std::string("SELECT ") + columns + " FROM orders WHERE trace_id = ?").c_str());
    s.bind(1, trace_id);
    if (!s.step()) {
        return std::nullopt;
    }
    order_record r;
    int i = 0;
    for (std::string* field :
         {&r.trace_id, &r.order_id, &r.product, &r.name, &r.amount, &r.asset, &r.payee_id,
          &r.settlement_asset_id, &r.return_to, &r.failed_return_to, &r.callback_url,
          &r.expired_timestamp, &r.state, &r.code, &r.url, &r.status}) {
        *field = s.text(i++);
    }
    r.mismatches = split(s.text(i++));
    r.created_ms = s.number(i++);
    r.checked_ms = s.number(i++);
    r.expires_ms = s.number(i++);
    return r;
}

order_store::inserted order_store::insert(order_record& r, std::int64_t now_ms,
                                          std::size_t max_live) {
    std::lock_guard<std::mutex> lock(mutex_);
    transaction t(db_);
    sweep_locked(now_ms);
    {
        statement taken(db_, "SELECT 1 FROM orders WHERE trace_id = ?");
        taken.bind(1, r.trace_id);
        if (taken.step()) {
            return inserted::exists;
        }
    }
    {
        statement live(db_, "SELECT COUNT(*) FROM orders WHERE expires_ms > 0");
        live.step();
        if (static_cast<std::size_t>(live.number(0)) >= max_live) {
            return inserted::full;
        }
    }
    statement s(db_, "INSERT INTO orders (trace_id, order_id, product, name, amount, asset, "
                     "payee_id, settlement_asset_id, return_to, failed_return_to, callback_url, "
                     "expired_timestamp, state, created_ms, expires_ms) "
                     "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    int i = 1;
    // The traceId holds the order_id's place until the row's number is known.
    for (const std::string* field :
         {&r.trace_id, &r.trace_id, &r.product, &r.name, &r.amount, &r.asset, &r.payee_id,
          &r.settlement_asset_id, &r.return_to, &r.failed_return_to, &r.callback_url,
          &r.expired_timestamp, &r.state}) {
        s.bind(i++, *field);
    }
    s.bind(i, r.created_ms).bind(i + 1, r.expires_ms);
    s.run();
    const std::int64_t number = sqlite3_last_insert_rowid(db_);
    r.order_id = order_number(number);
    statement named(db_, "UPDATE orders SET order_id = ? WHERE number = ?");
    named.bind(1, r.order_id).bind(2, number);
    named.run();
    t.commit();
    return inserted::ok;
}

void order_store::set_created(const std::string& trace_id, const std::string& code,
                              const std::string& url, std::int64_t expires_ms) {
    std::lock_guard<std::mutex> lock(mutex_);
    statement s(db_, "UPDATE orders SET state = 'created', code = ?, url = ?, "
                     "expires_ms = CASE WHEN expires_ms = 0 THEN 0 ELSE ? END "
                     "WHERE trace_id = ?");
    s.bind(1, code).bind(2, url).bind(3, expires_ms).bind(4, trace_id);
    s.run();
}

void order_store::set_failed(const std::string& trace_id, const std::string& state,
                             std::int64_t expires_ms) {
    std::lock_guard<std::mutex> lock(mutex_);
    statement s(db_, "UPDATE orders SET state = ?, expires_ms = ? "
                     "WHERE trace_id = ? AND state = 'creating' AND expires_ms > 0");
    s.bind(1, state).bind(2, expires_ms).bind(3, trace_id);
    s.run();
}

void order_store::set_verdict(const std::string& trace_id, const std::string& status,
                              const std::vector<std::string>& mismatches, std::int64_t checked_ms) {
    std::lock_guard<std::mutex> lock(mutex_);
    statement s(db_, "UPDATE orders SET status = ?, mismatches = ?, checked_ms = ?, "
                     "expires_ms = CASE WHEN ? = 'paid' THEN 0 ELSE expires_ms END "
                     "WHERE trace_id = ? AND status != 'paid'");
    s.bind(1, status)
        .bind(2, join(mismatches))
        .bind(3, checked_ms)
        .bind(4, status)
        .bind(5, trace_id);
    s.run();
}

std::size_t order_store::sweep_locked(std::int64_t now_ms) {
    statement s(db_, "DELETE FROM orders WHERE expires_ms > 0 AND expires_ms <= ?");
    s.bind(1, now_ms);
    s.run();
    return static_cast<std::size_t>(sqlite3_changes(db_));
}

std::size_t order_store::sweep(std::int64_t now_ms) {
    std::lock_guard<std::mutex> lock(mutex_);
    return sweep_locked(now_ms);
}

std::size_t order_store::live_unpaid(std::int64_t now_ms) {
    std::lock_guard<std::mutex> lock(mutex_);
    statement s(db_, "SELECT COUNT(*) FROM orders WHERE expires_ms > ?");
    s.bind(1, now_ms);
    s.step();
    return static_cast<std::size_t>(s.number(0));
}

} // namespace shop
