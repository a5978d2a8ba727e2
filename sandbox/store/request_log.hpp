// The log of API requests that GET /__sandbox/requests lists: the last max_requests of
// them, each with the parameter errors its answer gave. Thread-safe.
#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "mixpay/params.hpp"

namespace sandbox {

// One API request as /__sandbox/requests lists it.
struct request_record {
    std::string method;
    std::string path;
    std::string content_type;
    std::string body;
    std::vector<std::pair<std::string, std::string>> params;
    std::string origin;
    std::int64_t time_ms = 0;
    // The parameter errors of the answer, when it refused the request ({field, message}).
    std::vector<mixpay::field_error> errors;
    std::uint64_t number = 0;
};

class request_log {
public:
    static constexpr std::size_t max_requests = 2000; // bodies are up to 64 KiB each

    // Logs a request; returns its number, for annotate().
    std::uint64_t record(request_record r);
    // The parameter errors the answer to request `number` gave.
    void annotate(std::uint64_t number, std::vector<mixpay::field_error> errors);
    std::vector<request_record> requests() const;
    void clear();

private:
    mutable std::mutex mutex_;
    std::deque<request_record> requests_;
    std::uint64_t next_ = 1;
};

} // namespace sandbox
