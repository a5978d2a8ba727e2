#include "mixpay/result.hpp"

#include <iterator>
#include <limits>

#include "mixpay/json_read.hpp"

namespace mixpay {

namespace {

// The members the result carries, by the API's names: a table per object of the answer.
template <typename Owner> struct text_member {
    std::string_view key;
    std::string Owner::*member;
};
template <typename Owner> struct integer_member {
    std::string_view key;
    std::int64_t Owner::*member;
    std::int64_t absent;
};

constexpr text_member<payment_result> data_texts[] = {
    {"status", &payment_result::status_text},
    {"quoteAmount", &payment_result::quote_amount},
    {"quoteAssetId", &payment_result::quote_asset_id},
    {"quoteSymbol", &payment_result::quote_symbol},
    {"quoteAssetVersion", &payment_result::quote_asset_version},
    {"paymentAmount", &payment_result::payment_amount},
    {"paymentAssetId", &payment_result::payment_asset_id},
    {"paymentSymbol", &payment_result::payment_symbol},
    {"paymentAssetVersion", &payment_result::payment_asset_version},
    {"payableAmount", &payment_result::payable_amount},
    {"payableSymbol", &payment_result::payable_symbol},
    {"payableAssetId", &payment_result::payable_asset_id},
    {"payableAssetVersion", &payment_result::payable_asset_version},
    {"surplusAmount", &payment_result::surplus_amount},
    {"surplusStatus", &payment_result::surplus_status},
    {"payee", &payment_result::payee},
    {"payeeId", &payment_result::payee_id},
    {"payeeMixinNumber", &payment_result::payee_mixin_number},
    {"payeeAvatarUrl", &payment_result::payee_avatar_url},
    {"traceId", &payment_result::trace_id},
    {"txid", &payment_result::txid},
    {"blockExplorerUrl", &payment_result::block_explorer_url},
    {"failureReason", &payment_result::failure_reason},
    {"returnTo", &payment_result::return_to},
    {"settleStatus", &payment_result::settle_status},
    {"settleAmount", &payment_result::settle_amount},
    {"settleSymbol", &payment_result::settle_symbol},
    {"settleAsset", &payment_result::settle_asset},
    {"settleAssetVersion", &payment_result::settle_asset_version},
};

// Codes and times: a string as sent, an integer as its decimal text.
constexpr text_member<payment_result> data_codes[] = {
    {"failureCode", &payment_result::failure_code},
    {"expiredAt", &payment_result::expired_at},
};

constexpr integer_member<payment_result> data_integers[] = {
    {"date", &payment_result::date, 0},
    {"confirmations", &payment_result::confirmations, -1},
};

constexpr text_member<payment_transaction> transaction_texts[] = {
    {"paymentAmount", &payment_transaction::payment_amount},
    {"paymentAssetId", &payment_transaction::payment_asset_id},
    {"paymentAssetSymbol", &payment_transaction::payment_asset_symbol},
    {"paymentAssetVersion", &payment_transaction::payment_asset_version},
    {"txid", &payment_transaction::txid},
    {"blockExplorerUrl", &payment_transaction::block_explorer_url},
    {"broadcastAt", &payment_transaction::broadcast_at},
};

constexpr integer_member<payment_transaction> transaction_integers[] = {
    {"requiredConfirms", &payment_transaction::required_confirms, 0},
    {"confirmations", &payment_transaction::confirmations, -1},
    {"confirmSeconds", &payment_transaction::confirm_seconds, 0},
};

struct flag_member {
    std::string_view key;
    std::optional<bool> payment_summary::*member;
};
constexpr flag_member payment_flags[] = {
    {"isMultiPay", &payment_summary::is_multi_pay},
    {"isFullyPaid", &payment_summary::is_fully_paid},
};

template <typename Table>
bool find_member(const Table& table, std::string_view name, std::size_t& index) {
    for (std::size_t i = 0; i < std::size(table); ++i) {
        if (name == table[i].key) {
            index = i;
            return true;
        }
    }
    return false;
}

// Reads nlohmann/json's SAX events straight into a payment_result: the root object's
// "success", "code" and "data"; data's own members, its "payment" object and the objects
// of its "transactions" array. A key given twice counts with its last value, as in the
// parsed object; a value of the wrong type leaves its field absent. read_json() has
// already refused text nested deeper than max_json_depth, which bounds the scope stack.
class result_reader final : public json_events {
public:
    // A success envelope with "data" an object: the root is an object with a boolean
    // "success" that is true and an integer "code" that fits in 64 bits, as
    // parse_create_response requires of an envelope.
    bool success() const { return root_is_object_ && has_success_ && success_ && has_code_; }
    bool has_data() const { return data_is_object_; }
    payment_result& read() { return read_; }

    void boolean(bool value) override {
        const at where = take_value();
        if (where == at::success) {
            has_success_ = true;
            success_ = value;
        } else if (where == at::payment_flag) {
            read_.payment.*payment_flags[member_].member = value;
        }
    }
    void string(std::string& value) override {
        switch (take_value()) {
        case at::data_text:
            read_.*data_texts[member_].member = std::move(value);
            break;
        case at::data_code:
            read_.*data_codes[member_].member = std::move(value);
            break;
        case at::transaction_text:
            read_.transactions.back().*transaction_texts[member_].member = std::move(value);
            break;
        case at::payment_text:
            read_.payment.total_transactions_amount = std::move(value);
            break;
        default:
            break;
        }
    }

    void start_object() override {
        const at where = take_value();
        scope opened = scope::other;
        if (scopes_.empty()) {
            root_is_object_ = true;
            opened = scope::root;
        } else if (where == at::data) {
            data_is_object_ = true;
            opened = scope::data;
        } else if (where == at::payment) {
            read_.payment.present = true;
            opened = scope::payment;
        } else if (scopes_.back() == scope::transactions) {
            if (read_.transactions.size() < max_result_transactions) {
                read_.transactions.emplace_back();
                opened = scope::transaction;
            } else {
                read_.transactions_cut_off = true;
            }
        }
        scopes_.push_back(opened);
    }
    void key(std::string& name) override {
        current_ = at::none;
        switch (scopes_.empty() ? scope::other : scopes_.back()) {
        case scope::root:
            if (name == "success") {
                current_ = at::success;
            } else if (name == "code") {
                current_ = at::code;
            } else if (name == "data") {
                current_ = at::data;
            }
            break;
        case scope::data:
            if (find_member(data_texts, name, member_)) {
                current_ = at::data_text;
            } else if (find_member(data_codes, name, member_)) {
                current_ = at::data_code;
            } else if (find_member(data_integers, name, member_)) {
                current_ = at::data_integer;
            } else if (name == "payment") {
                current_ = at::payment;
            } else if (name == "transactions") {
                current_ = at::transactions;
            }
            break;
        case scope::payment:
            if (find_member(payment_flags, name, member_)) {
                current_ = at::payment_flag;
            } else if (name == "totalTransactionsAmount") {
                current_ = at::payment_text;
            }
            break;
        case scope::transaction:
            if (find_member(transaction_texts, name, member_)) {
                current_ = at::transaction_text;
            } else if (find_member(transaction_integers, name, member_)) {
                current_ = at::transaction_integer;
            }
            break;
        case scope::transactions:
        case scope::other:
            break;
        }
    }
    void start_array() override {
        scopes_.push_back(take_value() == at::transactions ? scope::transactions : scope::other);
    }
    void skip() override { take_value(); }
    void integer(std::int64_t value) override {
        switch (take_value()) {
        case at::code:
            has_code_ = true;
            break;
        case at::data_integer:
            read_.*data_integers[member_].member = value;
            break;
        case at::data_code:
            read_.*data_codes[member_].member = std::to_string(value);
            break;
        case at::transaction_integer:
            read_.transactions.back().*transaction_integers[member_].member = value;
            break;
        default:
            break;
        }
    }
    void leave() override {
        scopes_.pop_back();
        current_ = at::none;
    }

private:
    // The open object or array whose members are being read.
    enum class scope { root, data, payment, transactions, transaction, other };

    // Where the next value belongs (set by key()).
    enum class at {
        none,
        success,
        code,
        data,
        data_text,
        data_code,
        data_integer,
        payment,
        payment_flag,
        payment_text,
        transactions,
        transaction_text,
        transaction_integer
    };

    // Starts a value: returns where it belongs and forgets what an earlier value there
    // gave; the caller records the new one when its type fits.
    at take_value() {
        const at where = current_;
        current_ = at::none;
        switch (where) {
        case at::success:
            has_success_ = false;
            break;
        case at::code:
            has_code_ = false;
            break;
        case at::data:
            read_ = payment_result{};
            data_is_object_ = false;
            break;
        case at::data_text:
            (read_.*data_texts[member_].member).clear();
            break;
        case at::data_code:
            (read_.*data_codes[member_].member).clear();
            break;
        case at::data_integer:
            read_.*data_integers[member_].member = data_integers[member_].absent;
            break;
        case at::payment:
            read_.payment = payment_summary{};
            break;
        case at::payment_flag:
            (read_.payment.*payment_flags[member_].member).reset();
            break;
        case at::payment_text:
            read_.payment.total_transactions_amount.clear();
            break;
        case at::transactions:
            read_.transactions.clear();
            read_.transactions_cut_off = false;
            break;
        case at::transaction_text:
            (read_.transactions.back().*transaction_texts[member_].member).clear();
            break;
        case at::transaction_integer:
            read_.transactions.back().*transaction_integers[member_].member =
                transaction_integers[member_].absent;
            break;
        case at::none:
            break;
        }
        return where;
    }

    std::vector<scope> scopes_;
    at current_ = at::none;
    std::size_t member_ = 0; // index into the table current_ names
    bool root_is_object_ = false;
    bool data_is_object_ = false;
    bool has_success_ = false;
    bool success_ = false;
    bool has_code_ = false;
    payment_result read_;
};

payment_result failed(attempt_failure failure) {
    payment_result result;
    result.failure = std::move(failure);
    return result;
}

} // namespace

payment_result parse_payment_result(int http_status, std::string_view body) {
    if (http_status <= 0) {
        return failed(network_failure(api_call::lookup));
    }
    if (body.size() > max_response_bytes) {
        return failed(cut_off_response(http_status).failure);
    }
    if (http_status >= 200 && http_status <= 299) {
        result_reader reader;
        if (read_json(body, reader) && reader.success()) {
            if (!reader.has_data()) {
                return failed(response_failure(
                    http_status, "The payment service did not return a payment result."));
            }
            payment_result result = std::move(reader.read());
            result.ok = true;
            result.status = status_from_name(result.status_text);
            return result;
        }
    }
    // Every other answer fails exactly as an answer to the create call would: the same
    // kinds, codes, transience and cleaned API messages, from the same code.
    // Both read the same envelope under the same caps, so it never calls a body a success
    // that was refused above; should they ever differ, the answer is still not a result.
    create_result other = parse_create_response(http_status, body);
    if (other.ok) {
        return failed(response_failure(
            http_status, "The payment service sent an answer that could not be read."));
    }
    return failed(std::move(other.failure));
}

} // namespace mixpay
