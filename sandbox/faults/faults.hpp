// Fault injection: the next N answers of POST /v1/one_time_payment can fail on purpose,
// so tests and merchants can rehearse every way the API goes wrong.
//
// Every mode is one row of fault_modes(): its name, its argument (how --fault and the
// control API spell it, its bounds and default) and what the client gets. That row drives
// parsing (--fault and POST /__sandbox/fault), --help, the control API's errors and, through
// a test that compares them, the README's table. What a mode does to the answer is
// fault_answers.cpp's switch, which the compiler holds to every mode.
#pragma once

#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace sandbox {

enum class fault_mode { http500, malformed, hang, api, badcode, drop, oversized, endless, body };

// The largest answer a "body" fault sends.
constexpr std::size_t max_fault_body = 64 * 1024;

struct fault {
    fault_mode mode = fault_mode::http500;
    int api_code = -1;    // api: -1, 1429, 1017 or 10008
    int seconds = 30;     // hang: how long before the normal answer; endless: the longest stream
    std::string bad_code; // badcode: the data.code sent instead of a UUID
    int kib = 2048;       // oversized: the answer's size in KiB
    int status = 200;     // body: the HTTP status
    // body: the answer's bytes, shared by the copies a count queues.
    std::shared_ptr<const std::string> body;
    std::string content_type = "application/json"; // body
};

// What a mode's argument is.
enum class fault_argument {
    none,   // takes none
    number, // a whole number in [low, high] (or one of `only`), stored in fault::*number
    text,   // at most `high` characters, stored in fault::bad_code
    body    // the answer's bytes: the control request's own body, or --fault's text
};

struct fault_mode_info {
    fault_mode mode;
    const char* name;
    fault_argument argument;
    // The control API's query parameter that carries the argument ("seconds"); empty for
    // none and for body.
    const char* parameter;
    long low;
    long high;
    long fallback;             // number: the default
    std::vector<long> only;    // number: the only values allowed, when not empty
    int fault::*number;        // number: where it goes
    const char* fallback_text; // text: the default
    // The argument as --help and the README show it (the README with `code` marks).
    const char* usage;
    // What the client gets, in one line.
    const char* summary;
};

// Every fault mode, in the order --help and the README list them.
const std::vector<fault_mode_info>& fault_modes();
const fault_mode_info& fault_mode_of(fault_mode mode);
const char* fault_mode_name(fault_mode mode);

// The modes and their arguments for --help: two lines a mode.
std::string fault_modes_help();

struct fault_request {
    fault f;
    int count = 1;
};

// Parses a fault from its parts: `mode`, `count` (empty: 1) and the mode's argument
// (empty: the default). On error returns nullopt and sets `error` to a sentence naming the
// part.
std::optional<fault_request> parse_fault(const std::string& mode, const std::string& count,
                                         const std::string& arg, std::string& error);

// The HTTP status (200 to 599; empty: 200) and Content-Type (a bare media type such as
// text/plain; empty: application/json) of a "body" fault, which only the control endpoint
// sets. False with `error` set when one is refused.
bool set_body_answer(fault& f, const std::string& status, const std::string& type,
                     std::string& error);

// SPEC = mode[:count[:arg]], as --fault takes it.
std::optional<fault_request> parse_fault_spec(const std::string& spec, std::string& error);

class fault_queue {
public:
    static constexpr std::size_t max_queued = 10000;

    // Appends `count` copies of `f` (up to max_queued in all); returns the total queued.
    std::size_t push(const fault& f, int count);
    std::optional<fault> pop();
    std::size_t size() const;
    void clear();

private:
    mutable std::mutex mutex_;
    std::deque<fault> queue_;
};

} // namespace sandbox
