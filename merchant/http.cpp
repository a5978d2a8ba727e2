#include "http.hpp"

#include <condition_variable>
#include <cstdint>
#include <exception>
#include <mutex>
#include <thread>

#include <httplib.h>

#include "response.hpp"

namespace mixpay {

namespace {

char to_lower_ascii(char c) {
    return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}

// "HTTPS://Host:8443/v1/x?y" -> {"https://Host:8443", "/v1/x?y"}. cpp-httplib reads only a
// lowercase scheme; the core allows any case.
std::pair<std::string, std::string> split_origin(const std::string& url) {
    const std::size_t scheme_end = url.find("://");
    std::string scheme = url.substr(0, scheme_end);
    for (char& c : scheme) {
        c = to_lower_ascii(c);
    }
    const std::size_t path_start = url.find('/', scheme_end + 3);
    std::string origin = scheme + url.substr(scheme_end, path_start - scheme_end);
    std::string path = path_start == std::string::npos ? "/" : url.substr(path_start);
    return {std::move(origin), std::move(path)};
}

// Stops the exchange once attempt_timeout has passed, however slowly the answer comes in
// (the read timeout alone allows one byte per wait forever). Client::stop() only shuts
// the socket down while a request is in flight, so it is repeated until the request ends.
class watchdog {
public:
    watchdog(httplib::Client& client, std::chrono::milliseconds limit)
        : thread_([this, &client, limit] {
              std::unique_lock<std::mutex> lock(mutex_);
              if (ended_.wait_for(lock, limit, [this] { return done_; })) {
                  return;
              }
              fired_ = true;
              while (!done_) {
                  client.stop();
                  ended_.wait_for(lock, std::chrono::milliseconds(20), [this] { return done_; });
              }
          }) {}

    ~watchdog() { finish(); }

    // Ends the watch; true when it had to stop the exchange.
    bool finish() {
        {
            std::lock_guard<std::mutex> lock(mutex_);
            done_ = true;
        }
        ended_.notify_all();
        if (thread_.joinable()) {
            thread_.join();
        }
        return fired_;
    }

private:
    std::mutex mutex_;
    std::condition_variable ended_;
    bool done_ = false;
    bool fired_ = false;
    std::thread thread_; // last: starts once the members it uses exist
};

} // namespace

http_answer http_exchange(const merchant_options& options, const std::string& method,
                          const std::string& url, const std::string& body) {
    http_answer answer;
    // A transport that throws (out of memory, no thread) has given no usable answer; the
    // caller treats that as any lost answer.
    try {
        const auto [origin, path] = split_origin(url);
        httplib::Client client(origin);
        client.set_connection_timeout(options.connect_timeout);
        client.set_read_timeout(options.read_timeout);
        client.set_write_timeout(options.write_timeout);
        client.set_keep_alive(false);
        // A redirect is an answer like any other: the API never sends one, and following it
        // would send the form where the API did not say.
        client.set_follow_location(false);
        client.enable_server_certificate_verification(true);
        if (!options.ca_cert_file.empty()) {
            client.set_ca_cert_path(options.ca_cert_file);
        }

        httplib::Request request;
        request.method = method;
        request.path = path;
        request.set_header("Accept", "application/json");
        if (!body.empty()) {
            request.body = body;
            request.set_header("Content-Type", "application/x-www-form-urlencoded");
        }
        request.response_handler = [&answer](const httplib::Response& response) {
            answer.status = response.status;
            if (response.has_header("Content-Length") &&
                response.get_header_value<std::uint64_t>("Content-Length") > max_response_bytes) {
                answer.cut_off = true;
                return false;
            }
            return true;
        };
        request.content_receiver = [&answer](const char* data, std::size_t length,
                                             std::uint64_t /*offset*/,
                                             std::uint64_t /*total_length*/) {
            if (length > max_response_bytes - answer.body.size()) {
                answer.cut_off = true;
                return false;
            }
            answer.body.append(data, length);
            return true;
        };

        const auto started = std::chrono::steady_clock::now();
        httplib::Response response;
        httplib::Error error = httplib::Error::Success;
        watchdog watch(client, options.attempt_timeout);
        const bool sent = client.send(request, response, error);
        const bool stopped = watch.finish();
        if (sent) {
            answer.status = response.status;
            return answer;
        }
        if (answer.cut_off && answer.status > 0) {
            answer.body.clear();
            return answer;
        }
        // Anything short of a whole answer is no answer: the request may or may not have
        // been handled.
        answer = http_answer{};
        answer.error = httplib::to_string(error);
        const auto waited = std::chrono::steady_clock::now() - started;
        answer.timed_out = stopped || error == httplib::Error::ConnectionTimeout ||
                           (error == httplib::Error::Read && waited >= options.read_timeout);
        return answer;
    } catch (const std::exception& e) {
        answer = http_answer{};
        answer.error = e.what();
        return answer;
    }
}

} // namespace mixpay
