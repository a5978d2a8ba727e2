#include "mixpay/checkout.hpp"

#include <optional>

#include "mixpay/code_request.hpp"
#include "mixpay/json_read.hpp"

namespace mixpay {

namespace {

// Reads the page's JSON through param_table without building the document: values of the
// root object's keys that name a row, and the strings of "codeFields".
class params_reader final : public json_events {
public:
    explicit params_reader(checkout_params& out) : out_(out) {}

    bool root_was_object() const { return root_is_object_; }

    // The code fields as read, and the error that spoiled them, if any.
    const std::vector<std::string>& fields() const { return fields_; }
    const char* fields_error() const { return fields_error_; }

    void null() override { take(); } // absent
    void boolean(bool /*value*/) override { wrong_type(); }
    void string(std::string& value) override {
        if (depth_ == 1) {
            if (at_fields_) {
                wrong_type();
            } else if (std::optional<std::string>* slot = take(); slot != nullptr) {
                *slot = std::move(value);
            }
        } else if (depth_ == 2 && in_fields_) {
            fields_.push_back(std::move(value));
        }
    }
    void start_object() override { open(false); }
    void start_array() override { open(true); }
    void key(std::string& name) override {
        slot_ = nullptr;
        slot_name_ = {};
        at_fields_ = false;
        if (depth_ != 1) {
            return;
        }
        if (const param_row* row = find_param(name); row != nullptr) {
            slot_ = row->param != nullptr ? &(out_.params.*(row->param))
                                          : &(out_.options.*(row->option));
            slot_name_ = row->name;
            slot_->reset(); // a key given twice counts with its last value
        } else if (name == "codeFields") {
            at_fields_ = true;
            fields_.clear();
            fields_error_ = nullptr;
        }
    }
    void skip() override { wrong_type(); }
    void integer(std::int64_t /*value*/) override { wrong_type(); }
    void leave() override {
        --depth_;
        if (depth_ <= 1) {
            in_fields_ = false;
        }
    }

private:
    // The slot the value at depth 1 belongs to, if any; each value takes it once.
    std::optional<std::string>* take() {
        std::optional<std::string>* slot = slot_;
        slot_ = nullptr;
        at_fields_ = false;
        return slot;
    }

    // A value that is not a string (nor null): an error on its field.
    void wrong_type() {
        if (depth_ == 1) {
            if (at_fields_) {
                fields_error_ = "codeFields must be an array of names and values";
            } else if (take() != nullptr) {
                out_.errors.push_back(
                    {std::string(slot_name_), std::string(slot_name_) + " must be a string"});
            }
        } else if (depth_ == 2 && in_fields_) {
            fields_error_ = "codeFields must hold strings only";
        }
        at_fields_ = false;
    }

    void open(bool array) {
        if (depth_ == 0) {
            root_is_object_ = !array;
        } else if (depth_ == 1 && at_fields_ && array) {
            in_fields_ = true;
            at_fields_ = false;
        } else {
            wrong_type();
        }
        ++depth_;
    }

    checkout_params& out_;
    int depth_ = 0;
    bool root_is_object_ = false;
    std::optional<std::string>* slot_ = nullptr; // the row the next value at depth 1 fills
    std::string_view slot_name_;
    bool at_fields_ = false; // the next value at depth 1 is codeFields
    bool in_fields_ = false; // inside the codeFields array
    std::vector<std::string> fields_;
    const char* fields_error_ = nullptr;
};

void append_part(std::string& text, const std::optional<std::string>& value) {
    if (value) {
        text.append(std::to_string(value->size()));
        text.push_back(':');
        text.append(*value);
    } else {
        text.push_back('-');
    }
    text.push_back('\n');
}

// The few JSON pieces the results are made of. Strings are valid UTF-8 (every one comes
// from checked input or the core's own text); quotes, backslashes and control
// characters are escaped.
class json_writer {
public:
    json_writer& string(std::string_view key, std::string_view value) {
        name(key);
        quoted(value);
        return *this;
    }
    json_writer& number(std::string_view key, std::int64_t value) {
        name(key);
        text_.append(std::to_string(value));
        return *this;
    }
    json_writer& boolean(std::string_view key, bool value) {
        name(key);
        text_.append(value ? "true" : "false");
        return *this;
    }
    json_writer& errors(const std::vector<field_error>& list) {
        name("errors");
        text_.push_back('[');
        for (std::size_t i = 0; i < list.size(); ++i) {
            text_.append(i == 0 ? "{" : ",{");
            first_ = true;
            string("field", list[i].field).string("message", list[i].message);
            text_.push_back('}');
        }
        text_.push_back(']');
        return *this;
    }
    std::string done() {
        text_.push_back('}');
        return std::move(text_);
    }

private:
    void name(std::string_view key) {
        if (!first_) {
            text_.push_back(',');
        }
        first_ = false;
        quoted(key);
        text_.push_back(':');
    }
    void quoted(std::string_view value) {
        static constexpr char hex[] = "0123456789abcdef";
        text_.push_back('"');
        for (const char c : value) {
            const auto byte = static_cast<unsigned char>(c);
            if (c == '"' || c == '\\') {
                text_.push_back('\\');
                text_.push_back(c);
            } else if (byte < 0x20) {
                text_.append("\\u00");
                text_.push_back(hex[byte >> 4]);
                text_.push_back(hex[byte & 0xF]);
            } else {
                text_.push_back(c);
            }
        }
        text_.push_back('"');
    }

    std::string text_ = "{";
    bool first_ = true;
};

const char* status_name(checkout_status status) {
    switch (status) {
    case checkout_status::invalid:
        return "invalid";
    case checkout_status::canceled:
        return "canceled";
    case checkout_status::created:
        return "created";
    case checkout_status::failed:
        break;
    }
    return "failed";
}

} // namespace

checkout_params read_checkout_params(std::string_view json) {
    checkout_params input;
    params_reader reader(input);
    if (!read_json(json, reader) || !reader.root_was_object()) {
        checkout_params unreadable;
        unreadable.errors.push_back({"params", "params must be an object"});
        return unreadable;
    }
    const std::vector<std::string>& fields = reader.fields();
    for (std::size_t i = 0; i + 1 < fields.size(); i += 2) {
        input.code_fields.emplace_back(fields[i], fields[i + 1]);
    }
    // The code fields count only for a server-created payment.
    if (reader.fields_error() != nullptr && present(input.options.code_endpoint)) {
        input.errors.push_back({"codeFields", reader.fields_error()});
    }
    return input;
}

std::string attempt_identity(const checkout_params& input) {
    std::string text;
    for (const param_row& row : param_table) {
        if (row.identity) {
            append_part(text, row.param != nullptr ? input.params.*(row.param)
                                                   : input.options.*(row.option));
        }
    }
    for (const auto& [name, value] : input.code_fields) {
        append_part(text, name);
        append_part(text, value);
    }
    return text;
}

checkout_plan plan_checkout(const checkout_params& input, std::int64_t now_unix,
                            const std::array<std::uint8_t, 16>& random_bytes) {
    checkout_plan plan;
    const payment_params& params = input.params;
    widget_options options;
    if (present(input.options.api_base)) {
        options.api_base = *input.options.api_base;
    }
    if (present(input.options.pay_base)) {
        options.pay_base = *input.options.pay_base;
    }
    if (present(input.options.code_endpoint)) {
        // Server-created: what is charged is the server's to decide, so the page's payment
        // parameters are not read.
        code_request server{*input.options.code_endpoint, params.trace_id, params.order_id,
                            params.failed_return_to, input.code_fields};
        plan.request = prepare_code_request(server, options, now_unix, random_bytes);
        plan.server = true;
    } else {
        plan.request = prepare_request(params, options, now_unix, random_bytes);
    }
    widget_params limits;
    limits.timeout = input.options.timeout;
    limits.retries = input.options.retries;
    std::vector<field_error>& errors = plan.request.errors;
    for (auto& error : validate_widget(limits)) {
        errors.push_back(std::move(error));
    }
    errors.insert(errors.end(), input.errors.begin(), input.errors.end());
    plan.timeout_ms = timeout_ms_of(input.options);
    plan.retries = retries_of(input.options);
    plan.pay_base = options.pay_base;
    plan.identity = attempt_identity(input);
    return plan;
}

checkout_result unsent_result(const checkout_plan& plan) {
    checkout_result result;
    result.trace_id = plan.request.trace_id;
    result.order_id = plan.request.order_id;
    result.errors = plan.request.errors;
    result.status = result.errors.empty() ? checkout_status::canceled : checkout_status::invalid;
    return result;
}

checkout_result finish_checkout(const checkout_plan& plan, const create_result& outcome) {
    checkout_result result;
    result.trace_id = plan.request.trace_id;
    result.order_id = plan.request.order_id;
    std::string url = outcome.ok ? code_url(plan.pay_base, outcome.code) : std::string();
    if (!url.empty()) {
        result.status = checkout_status::created;
        result.code = outcome.code;
        result.url = std::move(url);
        return result;
    }
    result.status = checkout_status::failed;
    result.failure = outcome.ok ? unusable_code_failure() : outcome.failure;
    result.failed_return_to = plan.request.failed_return_to;
    return result;
}

std::string to_json(const checkout_result& result) {
    json_writer out;
    out.string("status", status_name(result.status));
    if (result.status == checkout_status::invalid) {
        return out.errors(result.errors).done();
    }
    out.string("traceId", result.trace_id).string("orderId", result.order_id);
    if (result.status == checkout_status::created) {
        out.string("code", result.code).string("url", result.url);
    } else if (result.status == checkout_status::failed) {
        const attempt_failure& failure = result.failure;
        out.string("kind", to_string(failure.kind))
            .number("httpStatus", failure.status)
            .number("apiCode", failure.code)
            .string("message", failure.message)
            .boolean("transient", failure.transient)
            .boolean("createdNothing", failure.created_nothing)
            .string("failedReturnTo", result.failed_return_to);
    }
    return out.done();
}

std::string plan_json(const checkout_plan& plan) {
    return json_writer()
        .errors(plan.request.errors)
        .string("traceId", plan.request.trace_id)
        .string("orderId", plan.request.order_id)
        .string("identity", plan.identity)
        .done();
}

std::string param_table_names() {
    std::string names;
    for (const param_row& row : param_table) {
        if (!names.empty()) {
            names.push_back(' ');
        }
        names.append(row.name);
    }
    return names;
}

} // namespace mixpay
