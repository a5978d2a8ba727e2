#include "sandbox_process.hpp"

#include <chrono>
#include <csignal>
#include <cstdlib>
#include <fcntl.h>
#include <poll.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <httplib.h>

namespace merchant_test {

namespace {

using json = nlohmann::json;

// Waits at most `limit` for the process to end; true when it did.
bool reaped(pid_t pid, std::chrono::milliseconds limit) {
    const auto deadline = std::chrono::steady_clock::now() + limit;
    while (std::chrono::steady_clock::now() < deadline) {
        int status = 0;
        if (waitpid(pid, &status, WNOHANG) == pid) {
            return true;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return false;
}

sandbox_process::answer to_answer(const httplib::Result& result) {
    sandbox_process::answer out;
    if (result) {
        out.status = result->status;
        out.body = json::parse(result->body, nullptr, false);
    }
    return out;
}

} // namespace

sandbox_process::sandbox_process() {
    const char* binary = std::getenv("MIXPAY_SANDBOX");
    REQUIRE(binary != nullptr);
    int pipe_ends[2];
    REQUIRE(pipe2(pipe_ends, O_CLOEXEC) == 0);
    pid_ = fork();
    REQUIRE(pid_ >= 0);
    if (pid_ == 0) {
        dup2(pipe_ends[1], STDOUT_FILENO);
        execl(binary, binary, "--host", "127.0.0.1", "--port", "0", "--no-rate-limit", "--quiet",
              static_cast<char*>(nullptr));
        _exit(127);
    }
    close(pipe_ends[1]);
    output_ = pipe_ends[0];

    const std::string listening = "mixpay-sandbox listening on http://127.0.0.1:";
    std::string printed;
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (printed.find('\n') == std::string::npos) {
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
            deadline - std::chrono::steady_clock::now());
        pollfd readable{output_, POLLIN, 0};
        REQUIRE(left.count() > 0);
        REQUIRE(poll(&readable, 1, static_cast<int>(left.count())) == 1);
        char buffer[256];
        const ssize_t got = read(output_, buffer, sizeof buffer);
        INFO(printed);
        REQUIRE(got > 0);
        printed.append(buffer, static_cast<std::size_t>(got));
    }
    INFO(printed);
    REQUIRE(printed.rfind(listening, 0) == 0);
    const std::string port =
        printed.substr(listening.size(), printed.find('\n') - listening.size());
    REQUIRE(!port.empty());
    REQUIRE(port.find_first_not_of("0123456789") == std::string::npos);
    port_ = std::stoi(port);
    url_ = "http://127.0.0.1:" + port;
}

sandbox_process::~sandbox_process() {
    if (pid_ > 0) {
        kill(pid_, SIGTERM);
        if (!reaped(pid_, std::chrono::seconds(5))) {
            kill(pid_, SIGKILL);
            reaped(pid_, std::chrono::seconds(5));
        }
    }
    if (output_ >= 0) {
        close(output_);
    }
}

sandbox_process::answer sandbox_process::post(const std::string& path_and_query,
                                              const std::string& body) const {
    httplib::Client client("127.0.0.1", port_);
    client.set_read_timeout(std::chrono::seconds(10));
    return to_answer(client.Post(path_and_query.c_str(), body, "text/plain"));
}

sandbox_process::answer sandbox_process::get(const std::string& path_and_query) const {
    httplib::Client client("127.0.0.1", port_);
    client.set_read_timeout(std::chrono::seconds(10));
    return to_answer(client.Get(path_and_query.c_str()));
}

json sandbox_process::create_requests() const {
    const answer all = get("/__sandbox/requests");
    REQUIRE(all.status == 200);
    json creates = json::array();
    for (const auto& request : all.body) {
        if (request.value("method", "") == "POST" &&
            request.value("path", "") == "/v1/one_time_payment") {
            creates.push_back(request);
        }
    }
    return creates;
}

} // namespace merchant_test
