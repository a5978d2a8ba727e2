#include "faults/faults.hpp"

#include <algorithm>
#include <cctype>
#include <cstdlib>

namespace sandbox {

namespace {

// A whole decimal integer within [low, high], optionally negative; nothing else.
std::optional<long> parse_int(const std::string& text, long low, long high) {
    if (text.empty() || text.size() > 12) {
        return std::nullopt;
    }
    std::size_t start = text[0] == '-' ? 1 : 0;
    if (start == text.size()) {
        return std::nullopt;
    }
    for (std::size_t i = start; i < text.size(); ++i) {
        if (text[i] < '0' || text[i] > '9') {
            return std::nullopt;
        }
    }
    long value = std::strtol(text.c_str(), nullptr, 10);
    if (value < low || value > high) {
        return std::nullopt;
    }
    return value;
}

} // namespace

const char* fault_mode_name(fault_mode mode) {
    switch (mode) {
    case fault_mode::http500:
        return "http500";
    case fault_mode::malformed:
        return "malformed";
    case fault_mode::hang:
        return "hang";
    case fault_mode::api:
        return "api";
    case fault_mode::badcode:
        return "badcode";
    case fault_mode::drop:
        return "drop";
    case fault_mode::oversized:
        return "oversized";
    case fault_mode::endless:
        return "endless";
    case fault_mode::body:
        return "body";
    }
    return "http500";
}

std::string api_message(int code) {
    switch (code) {
    case -1:
        return "Server error, please try again later.";
    case 404:
        return "The payment link you visited does not exist.";
    case 1017:
        return "Parameter error.";
    case 1429:
        return "Your request frequency is too high, please try again later.";
    case 10008:
        return "Payments are suspended temporarily due to system maintenance. Please contact "
               "customer service if you have any questions.";
    default:
        return "Server error, please try again later.";
    }
}

std::optional<fault_request> parse_fault(const std::string& mode, const std::string& count,
                                         const std::string& arg, std::string& error) {
    fault_request request;
    bool known = false;
    for (fault_mode m : {fault_mode::http500, fault_mode::malformed, fault_mode::hang,
                         fault_mode::api, fault_mode::badcode, fault_mode::drop,
                         fault_mode::oversized, fault_mode::endless, fault_mode::body}) {
        if (mode == fault_mode_name(m)) {
            request.f.mode = m;
            known = true;
        }
    }
    if (!known) {
        error = "mode: must be one of http500, malformed, hang, api, badcode, drop, oversized, "
                "endless, body";
        return std::nullopt;
    }
    if (!count.empty()) {
        auto n = parse_int(count, 1, static_cast<long>(fault_queue::max_queued));
        if (!n) {
            error = "count: must be an integer from 1 to 10000";
            return std::nullopt;
        }
        request.count = static_cast<int>(*n);
    }
    switch (request.f.mode) {
    case fault_mode::api:
        if (!arg.empty()) {
            auto code = parse_int(arg, -1, 99999);
            if (!code || (*code != -1 && *code != 1429 && *code != 1017 && *code != 10008)) {
                error = "code: must be one of -1, 1429, 1017, 10008";
                return std::nullopt;
            }
            request.f.api_code = static_cast<int>(*code);
        }
        break;
    case fault_mode::hang:
        if (!arg.empty()) {
            auto seconds = parse_int(arg, 0, 600);
            if (!seconds) {
                error = "seconds: must be an integer from 0 to 600";
                return std::nullopt;
            }
            request.f.seconds = static_cast<int>(*seconds);
        }
        break;
    case fault_mode::badcode:
        if (arg.size() > 200) {
            error = "value: at most 200 characters";
            return std::nullopt;
        }
        request.f.bad_code = arg.empty() ? "../../evil" : arg;
        break;
    case fault_mode::oversized:
        if (!arg.empty()) {
            // 65: the smallest size over the widget's 64 KiB limit.
            auto kib = parse_int(arg, 65, 65536);
            if (!kib) {
                error = "kib: must be an integer from 65 to 65536";
                return std::nullopt;
            }
            request.f.kib = static_cast<int>(*kib);
        }
        break;
    case fault_mode::endless:
        if (!arg.empty()) {
            auto seconds = parse_int(arg, 1, 600);
            if (!seconds) {
                error = "seconds: must be an integer from 1 to 600";
                return std::nullopt;
            }
            request.f.seconds = static_cast<int>(*seconds);
        }
        break;
    case fault_mode::body:
        if (arg.size() > max_fault_body) {
            error = "body: at most " + std::to_string(max_fault_body) + " bytes";
            return std::nullopt;
        }
        request.f.body = std::make_shared<const std::string>(arg);
        break;
    default:
        if (!arg.empty()) {
            error = std::string("mode ") + fault_mode_name(request.f.mode) + " takes no argument";
            return std::nullopt;
        }
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
