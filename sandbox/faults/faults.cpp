#include "faults/faults.hpp"

#include <algorithm>
#include <cctype>
#include <cstdlib>

#include "mixpay/ascii.hpp"

namespace sandbox {

namespace {

// A whole decimal integer within [low, high], optionally negative; nothing else.
std::optional<long> parse_int(const std::string& text, long low, long high) {
    const bool negative = !text.empty() && text[0] == '-';
    const auto magnitude = text.size() <= 12
                               ? mixpay::parse_uint<std::uint64_t>(
                                     std::string_view(text).substr(negative ? 1 : 0), 999999999999)
                               : std::nullopt;
    if (!magnitude) {
        return std::nullopt;
    }
    const long value = negative ? -static_cast<long>(*magnitude) : static_cast<long>(*magnitude);
    if (value < low || value > high) {
        return std::nullopt;
    }
    return value;
}

std::string joined(const std::vector<std::string>& items, const char* last) {
    std::string out;
    for (std::size_t i = 0; i < items.size(); ++i) {
        out += i == 0 ? "" : i + 1 == items.size() ? last : ", ";
        out += items[i];
    }
    return out;
}

} // namespace

const std::vector<fault_mode_info>& fault_modes() {
    using a = fault_argument;
    static const std::vector<fault_mode_info> table = {
        {fault_mode::http500,
         "http500",
         a::none,
         "",
         0,
         0,
         0,
         {},
         nullptr,
         "",
         "",
         "HTTP 500, text/plain \"Internal Server Error\". Nothing is created."},
        {fault_mode::malformed,
         "malformed",
         a::none,
         "",
         0,
         0,
         0,
         {},
         nullptr,
         "",
         "",
         "HTTP 200, application/json, a JSON text cut short. Nothing is created."},
        {fault_mode::hang,
         "hang",
         a::number,
         "seconds",
         0,
         600,
         30,
         {},
         &fault::seconds,
         "",
         "seconds=S (0–600, default 30)",
         "nothing for S seconds, then the normal answer (503 if the server stops first)."},
        {fault_mode::api,
         "api",
         a::number,
         "code",
         -1,
         99999,
         -1,
         {-1, 1429, 1017, 10008},
         &fault::api_code,
         "",
         "code=C (-1, 1429, 1017 or 10008; default -1)",
         "HTTP 200, success:false with code C and the API's message. Nothing is created."},
        {fault_mode::badcode,
         "badcode",
         a::text,
         "value",
         0,
         200,
         0,
         {},
         nullptr,
         "../../evil",
         "value=V (at most 200 characters, default ../../evil)",
         "HTTP 200, success:true, data.code = V. Nothing is created."},
        {fault_mode::drop,
         "drop",
         a::none,
         "",
         0,
         0,
         0,
         {},
         nullptr,
         "",
         "",
         "the payment is made, then the connection closes before a byte of the answer."},
        {fault_mode::oversized,
         "oversized",
         a::number,
         "kib",
         65,
         65536,
         2048,
         {},
         &fault::kib,
         "",
         "kib=K (65–65536, default 2048)",
         "the normal answer (the payment is made), padded to exactly K KiB."},
        {fault_mode::endless,
         "endless",
         a::number,
         "seconds",
         1,
         600,
         30,
         {},
         &fault::seconds,
         "",
         "seconds=S (1–600, default 30)",
         "HTTP 200, chunked JSON that never ends, cut after S seconds. Nothing is created."},
        {fault_mode::body,
         "body",
         a::body,
         "",
         0,
         static_cast<long>(max_fault_body),
         0,
         {},
         nullptr,
         "",
         "the control request's own body (at most 64 KiB, not multipart), status=N (200–599, "
         "default 200), type=T (a bare media type such as text/plain or text/html, default "
         "application/json)",
         "HTTP N with exactly those bytes and Content-Type T. Nothing is created."},
    };
    return table;
}

const fault_mode_info& fault_mode_of(fault_mode mode) {
    for (const auto& info : fault_modes()) {
        if (info.mode == mode) {
            return info;
        }
    }
    return fault_modes().front();
}

const char* fault_mode_name(fault_mode mode) {
    return fault_mode_of(mode).name;
}

std::string fault_modes_help() {
    std::string text;
    for (const auto& info : fault_modes()) {
        std::string head = std::string("  ") + info.name;
        if (*info.usage != '\0') {
            head += std::string(std::max<std::size_t>(2, 13 - head.size()), ' ') + info.usage;
        }
        text += head + "\n               " + info.summary + "\n";
    }
    return text;
}

std::optional<fault_request> parse_fault(const std::string& mode, const std::string& count,
                                         const std::string& arg, std::string& error) {
    const auto& modes = fault_modes();
    auto info = std::find_if(modes.begin(), modes.end(),
                             [&](const fault_mode_info& m) { return mode == m.name; });
    if (info == modes.end()) {
        std::vector<std::string> names;
        for (const auto& m : modes) {
            names.emplace_back(m.name);
        }
        error = "mode: must be one of " + joined(names, ", ");
        return std::nullopt;
    }
    fault_request request;
    request.f.mode = info->mode;
    if (!count.empty()) {
        auto n = parse_int(count, 1, static_cast<long>(fault_queue::max_queued));
        if (!n) {
            error =
                "count: must be an integer from 1 to " + std::to_string(fault_queue::max_queued);
            return std::nullopt;
        }
        request.count = static_cast<int>(*n);
    }
    switch (info->argument) {
    case fault_argument::none:
        if (!arg.empty()) {
            error = std::string("mode ") + info->name + " takes no argument";
            return std::nullopt;
        }
        break;
    case fault_argument::number: {
        auto value = arg.empty() ? std::optional<long>(info->fallback)
                                 : parse_int(arg, info->low, info->high);
        bool listed =
            value && (info->only.empty() ||
                      std::find(info->only.begin(), info->only.end(), *value) != info->only.end());
        if (!listed) {
            std::vector<std::string> values;
            for (long v : info->only) {
                values.push_back(std::to_string(v));
            }
            error = std::string(info->parameter) + ": must be " +
                    (info->only.empty() ? "an integer from " + std::to_string(info->low) + " to " +
                                              std::to_string(info->high)
                                        : "one of " + joined(values, ", "));
            return std::nullopt;
        }
        request.f.*(info->number) = static_cast<int>(*value);
        break;
    }
    case fault_argument::text:
        if (arg.size() > static_cast<std::size_t>(info->high)) {
            error = std::string(info->parameter) + ": at most " + std::to_string(info->high) +
                    " characters";
            return std::nullopt;
        }
        request.f.bad_code = arg.empty() ? info->fallback_text : arg;
        break;
    case fault_argument::body:
        if (arg.size() > static_cast<std::size_t>(info->high)) {
            error = "body: at most " + std::to_string(info->high) + " bytes";
            return std::nullopt;
        }
        request.f.body = std::make_shared<const std::string>(arg);
        break;
    }
    return request;
}
bool set_body_answer(fault& f, const std::string& status, const std::string& type,
                     std::string& error) {
    if (!status.empty()) {
        // 1xx are interim answers; the client would wait for another one.
        auto code = parse_int(status, 200, 599);
        if (!code) {
            error = "status: must be an integer from 200 to 599";
            return false;
        }
        f.status = static_cast<int>(*code);
    }
    // HTTP gives 204 and 304 no body; bytes sent anyway would be read as the next answer.
    if ((f.status == 204 || f.status == 304) && f.body && !f.body->empty()) {
        error = "body: must be empty with status 204 or 304";
        return false;
    }
    if (!type.empty()) {
        // A bare type/subtype: nothing that could end the header line or add a parameter.
        auto token = [](char c) {
            return std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '+' || c == '-';
        };
        bool ok =
            type.size() <= 100 && std::count(type.begin(), type.end(), '/') == 1 &&
            type.front() != '/' && type.back() != '/' &&
            std::all_of(type.begin(), type.end(), [&](char c) { return c == '/' || token(c); });
        if (!ok) {
            error = "type: must be a media type such as text/plain or application/json";
            return false;
        }
        f.content_type = type;
    }
    return true;
}

std::optional<fault_request> parse_fault_spec(const std::string& spec, std::string& error) {
    // The argument is everything after the second ':' so a badcode value or a body may hold
    // colons.
    std::size_t first = spec.find(':');
    std::string mode = spec.substr(0, first);
    std::string count;
    std::string arg;
    if (first != std::string::npos) {
        std::size_t second = spec.find(':', first + 1);
        count = spec.substr(first + 1,
                            second == std::string::npos ? std::string::npos : second - first - 1);
        if (second != std::string::npos) {
            arg = spec.substr(second + 1);
        }
    }
    return parse_fault(mode, count, arg, error);
}

std::size_t fault_queue::push(const fault& f, int count) {
    std::lock_guard<std::mutex> lock(mutex_);
    for (int i = 0; i < count && queue_.size() < max_queued; ++i) {
        queue_.push_back(f);
    }
    return queue_.size();
}

std::optional<fault> fault_queue::pop() {
    std::lock_guard<std::mutex> lock(mutex_);
    if (queue_.empty()) {
        return std::nullopt;
    }
    fault f = queue_.front();
    queue_.pop_front();
    return f;
}

std::size_t fault_queue::size() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return queue_.size();
}

void fault_queue::clear() {
    std::lock_guard<std::mutex> lock(mutex_);
    queue_.clear();
}

} // namespace sandbox
