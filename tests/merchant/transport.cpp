#include <catch2/catch.hpp>

#include <algorithm>
#include <arpa/inet.h>
#include <atomic>
#include <cctype>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <memory>
#include <mutex>
#include <netinet/in.h>
#include <optional>
#include <string>
#include <sys/socket.h>
#include <thread>
#include <unistd.h>
#include <utility>
#include <vector>

#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include <zlib.h>

#include "fake_api.hpp"
#include "mixpay/merchant.hpp"
#include "shop.hpp"

using namespace merchant_test;
using mixpay::merchant_client;

namespace {

// An answer's status line and headers, the blank line included, as the README documents.
constexpr std::size_t max_header_bytes = 16 * 1024;

const std::string trace = "525502dd-e552-4505-b114-32fe32ff23c2";

const std::string paid_answer =
    R"({"code":0,"success":true,"message":"","data":{"status":"success","quoteAmount":"10",)"
    R"("quoteAssetId":"usd","payeeId":"a0d7791408776b47eb1dd3f94ed15d6a","traceId":")" +
    trace + R"("},"timestampMs":1})";

void answer_json(httplib::Response& response, const std::string& body, int status = 200) {
    response.status = status;
    response.set_content(body, "application/json");
}

mixpay::merchant_options options_for(const fake_api& api) {
    return quick_options(api.api_base(), "https://mixpay.me");
}

// A port on 127.0.0.1 that nothing listens on (bound once, then closed).
int closed_port() {
    const int fd = socket(AF_INET, SOCK_STREAM, 0);
    REQUIRE(fd >= 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    REQUIRE(bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0);
    socklen_t length = sizeof address;
    REQUIRE(getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) == 0);
    close(fd);
    return ntohs(address.sin_port);
}

// A self-signed certificate for 127.0.0.1, made in memory, and its PEM in a scratch file
// for the client's ca_cert_file.
class tls_identity {
public:
    tls_identity() {
        key_ = EVP_EC_gen("P-256");
        REQUIRE(key_ != nullptr);
        cert_ = X509_new();
        X509_set_version(cert_, 2);
        ASN1_INTEGER_set(X509_get_serialNumber(cert_), 1);
        X509_gmtime_adj(X509_getm_notBefore(cert_), -60);
        X509_gmtime_adj(X509_getm_notAfter(cert_), 3600);
        X509_set_pubkey(cert_, key_);
        X509_NAME* name = X509_get_subject_name(cert_);
        X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC,
                                   reinterpret_cast<const unsigned char*>("127.0.0.1"), -1, -1, 0);
        X509_set_issuer_name(cert_, name);
        X509V3_CTX context;
        X509V3_set_ctx_nodb(&context);
        X509V3_set_ctx(&context, cert_, cert_, nullptr, nullptr, 0);
        for (const auto& [nid, value] :
             {std::pair<int, const char*>{NID_subject_alt_name, "IP:127.0.0.1"},
              {NID_basic_constraints, "critical,CA:TRUE"}}) {
            X509_EXTENSION* extension = X509V3_EXT_conf_nid(nullptr, &context, nid, value);
            REQUIRE(extension != nullptr);
            X509_add_ext(cert_, extension, -1);
            X509_EXTENSION_free(extension);
        }
        REQUIRE(X509_sign(cert_, key_, EVP_sha256()) > 0);

        char path[] = "/tmp/mixpay-merchant-ca-XXXXXX";
        const int fd = mkstemp(path);
        REQUIRE(fd >= 0);
        pem_path_ = path;
        FILE* file = fdopen(fd, "w");
        REQUIRE(file != nullptr);
        REQUIRE(PEM_write_X509(file, cert_) == 1);
        std::fclose(file);
    }
    ~tls_identity() {
        X509_free(cert_);
        EVP_PKEY_free(key_);
        if (!pem_path_.empty()) {
            unlink(pem_path_.c_str());
        }
    }
    tls_identity(const tls_identity&) = delete;
    tls_identity& operator=(const tls_identity&) = delete;

    std::unique_ptr<httplib::Server> server() const {
        return std::make_unique<httplib::SSLServer>(cert_, key_);
    }
    const std::string& pem_path() const { return pem_path_; }

private:
    EVP_PKEY* key_ = nullptr;
    X509* cert_ = nullptr;
    std::string pem_path_;
};

} // namespace

TEST_CASE("lookups are retried like creates", "[merchant][transport]") {
    SECTION("HTTP 503 twice, then the result") {
        fake_api api([](fake_api&, int n, const httplib::Request&, httplib::Response& response) {
            if (n <= 2) {
                response.status = 503;
                response.set_content("busy", "text/plain");
            } else {
                answer_json(response, paid_answer);
            }
        });
        const auto result = merchant_client(options_for(api)).payment_result(trace);
        REQUIRE(result.ok);
        CHECK(result.status == mixpay::payment_status::success);
        CHECK(api.requests() == 3);
    }
    SECTION("an unknown payment is not asked for again") {
        fake_api api([](fake_api&, int, const httplib::Request&, httplib::Response& response) {
            answer_json(response, R"({"code":40022,"success":false,"message":"TraceID does not )"
                                  R"(exist.","data":[]})");
        });
        const auto result = merchant_client(options_for(api)).payment_result(trace);
        CHECK(mixpay::to_string(result.failure.kind) == "api");
        CHECK(result.failure.code == 40022);
        CHECK(api.requests() == 1);
    }
    SECTION("the references are sent as the API reads them") {
        std::string query;
        fake_api api([&](fake_api&, int, const httplib::Request& request,
                         httplib::Response& response) {
            CHECK(request.method == "GET");
            CHECK(request.path == "/v1/payments_result");
            query = request.get_param_value("traceId") + "|" + request.get_param_value("orderId") +
                    "|" + request.get_param_value("payeeId");
            answer_json(response, paid_answer);
        });
        const merchant_client client(options_for(api));
        CHECK(client.payment_result(trace).ok);
        CHECK(query == trace + "||");
        CHECK(client.payment_result_by_order("order_1001", payee).ok);
        CHECK(query == "|order_1001|" + payee);
    }
    SECTION("references the API would refuse are not sent") {
        fake_api api([](fake_api&, int, const httplib::Request&, httplib::Response& response) {
            answer_json(response, paid_answer);
        });
        const merchant_client client(options_for(api));
        for (const auto& result : {client.payment_result("a b&evil=1#x"), client.payment_result(""),
                                   client.payment_result_by_order("order&evil=1", payee),
                                   client.payment_result_by_order("order_1001", "")}) {
            CHECK_FALSE(result.ok);
            CHECK(mixpay::to_string(result.failure.kind) == "api");
            CHECK(result.failure.code == 1017);
            CHECK(result.failure.status == 0);
            CHECK_FALSE(result.failure.transient);
            CHECK(result.failure.message.find("Nothing was sent") != std::string::npos);
        }
        CHECK(api.requests() == 0);
    }
}

TEST_CASE("redirects are never followed", "[merchant][transport]") {
    fake_api elsewhere([](fake_api&, int, const httplib::Request&, httplib::Response& response) {
        answer_json(response, paid_answer);
    });
    const std::string target = elsewhere.api_base() + "/payments_result?traceId=" + trace;
    fake_api api([&target](fake_api&, int, const httplib::Request&, httplib::Response& response) {
        response.status = 302;
        response.set_header("Location", target);
    });
    const merchant_client client(options_for(api));
    SECTION("a lookup") {
        const auto result = client.payment_result(trace);
        CHECK_FALSE(result.ok);
        CHECK(mixpay::to_string(result.failure.kind) == "http");
        CHECK(result.failure.status == 302);
        CHECK_FALSE(result.failure.transient);
    }
    SECTION("a create") {
        const auto created = client.create_payment(order_params());
        CHECK_FALSE(created.ok);
        CHECK(mixpay::to_string(created.failure.kind) == "http");
        CHECK(created.failure.status == 302);
        CHECK(created.attempts == 1);
    }
    CHECK(api.requests() == 1);
    CHECK(elsewhere.requests() == 0);
}

TEST_CASE("answers over 64 KiB are not read", "[merchant][transport]") {
    const std::string head = R"({"code":0,"success":true,"message":"","data":{"status":"success",)"
                             R"("pad":")";
    const std::string tail = R"("}})";
    SECTION("exactly 64 KiB is read") {
        fake_api api([&](fake_api&, int, const httplib::Request&, httplib::Response& response) {
            answer_json(
                response,
                head + std::string(mixpay::max_response_bytes - head.size() - tail.size(), 'x') +
                    tail);
        });
        CHECK(merchant_client(options_for(api)).payment_result(trace).ok);
    }
    SECTION("one byte more, announced by Content-Length") {
        fake_api api([&](fake_api&, int, const httplib::Request&, httplib::Response& response) {
            answer_json(
                response,
                head +
                    std::string(mixpay::max_response_bytes + 1 - head.size() - tail.size(), 'x') +
                    tail);
        });
        const auto result = merchant_client(options_for(api)).payment_result(trace);
        CHECK(mixpay::to_string(result.failure.kind) == "response");
        CHECK(result.failure.message.find("too large") != std::string::npos);
        CHECK(api.requests() == 1);
    }
    SECTION("an endless chunked answer") {
        fake_api api([&](fake_api&, int, const httplib::Request&, httplib::Response& response) {
            response.set_chunked_content_provider(
                "application/json", [&head](std::size_t offset, httplib::DataSink& sink) {
                    if (offset == 0) {
                        return sink.write(head.data(), head.size());
                    }
                    const std::string chunk(16 * 1024, 'x');
                    return offset < 64 * 1024 * 1024 && sink.write(chunk.data(), chunk.size());
                });
        });
        const auto started = std::chrono::steady_clock::now();
        const auto result = merchant_client(options_for(api)).payment_result(trace);
        CHECK(mixpay::to_string(result.failure.kind) == "response");
        CHECK(result.failure.message.find("too large") != std::string::npos);
        CHECK(elapsed_ms(started) < 2000);
    }
    SECTION("an error page over 64 KiB is judged by its status") {
        fake_api api([](fake_api&, int n, const httplib::Request&, httplib::Response& response) {
            if (n == 1) {
                response.status = 502;
                response.set_content(std::string(200 * 1024, '<'), "text/html");
            } else {
                answer_json(response, paid_answer);
            }
        });
        CHECK(merchant_client(options_for(api)).payment_result(trace).ok);
        CHECK(api.requests() == 2);
    }
}

TEST_CASE("slow answers are given up in bounded time", "[merchant][transport]") {
    auto started = std::chrono::steady_clock::now();
    SECTION("no answer within the read timeout") {
        fake_api api(
            [](fake_api& self, int n, const httplib::Request&, httplib::Response& response) {
                if (n == 1) {
                    self.hold(std::chrono::seconds(5));
                }
                answer_json(response, paid_answer);
            });
        auto options = options_for(api);
        options.read_timeout = std::chrono::milliseconds(300);
        started = std::chrono::steady_clock::now();
        const auto result = merchant_client(options).payment_result(trace);
        CHECK(result.ok);
        CHECK(api.requests() == 2);
        CHECK(elapsed_ms(started) < 2000);
    }
    SECTION("an answer that trickles in: the attempt as a whole is bounded") {
        fake_api api([](fake_api& self, int, const httplib::Request&, httplib::Response& response) {
            response.set_chunked_content_provider(
                "application/json", [&self](std::size_t offset, httplib::DataSink& sink) {
                    self.hold(std::chrono::milliseconds(100));
                    return offset < 100 && sink.write("{", 1);
                });
        });
        auto options = options_for(api);
        options.read_timeout = std::chrono::milliseconds(1000);
        options.attempt_timeout = std::chrono::milliseconds(500);
        options.max_attempts = 2;
        started = std::chrono::steady_clock::now();
        const auto result = merchant_client(options).payment_result(trace);
        CHECK(mixpay::to_string(result.failure.kind) == "timeout");
        CHECK(result.failure.transient);
        CHECK(result.failure.message.find("Asking again is safe") != std::string::npos);
        CHECK(api.requests() == 2);
        CHECK(elapsed_ms(started) < 2500);
    }
}

TEST_CASE("nothing listening is a network failure, retried", "[merchant][transport]") {
    auto options =
        quick_options("http://127.0.0.1:" + std::to_string(closed_port()) + "/v1", "https://x.io");
    options.max_attempts = 3;
    const merchant_client client(options);
    const auto started = std::chrono::steady_clock::now();
    const auto created = client.create_payment(order_params());
    CHECK_FALSE(created.ok);
    CHECK(mixpay::to_string(created.failure.kind) == "network");
    CHECK(created.failure.transient);
    CHECK(created.attempts == 3);
    CHECK(created.failure.message.find("not known whether the payment was created") !=
          std::string::npos);
    const auto result = client.payment_result(trace);
    CHECK(mixpay::to_string(result.failure.kind) == "network");
    CHECK(elapsed_ms(started) < 3000);
}

TEST_CASE("invalid options: nothing is ever sent", "[merchant][transport]") {
    fake_api api([](fake_api&, int, const httplib::Request&, httplib::Response& response) {
        answer_json(response, paid_answer);
    });
    auto options = options_for(api);
    options.api_base += "?x=1";
    options.pay_base = "javascript:alert(1)";
    options.read_timeout = std::chrono::milliseconds(0);
    options.max_attempts = 0;
    options.backoff = std::chrono::milliseconds(500);
    options.max_backoff = std::chrono::milliseconds(100);
    const merchant_client client(options);
    std::vector<std::string> fields;
    for (const auto& error : client.option_errors()) {
        fields.push_back(error.field);
        CHECK_FALSE(error.message.empty());
    }
    CHECK(fields == std::vector<std::string>{"apiBase", "payBase", "readTimeout", "maxAttempts",
                                             "maxBackoff"});
    const auto created = client.create_payment(order_params());
    CHECK_FALSE(created.ok);
    CHECK(created.errors.size() == fields.size());
    const auto result = client.payment_result(trace);
    CHECK(mixpay::to_string(result.failure.kind) == "api");
    CHECK(result.failure.code == 1017);
    CHECK_FALSE(result.failure.transient);
    const auto verdict = client.verify({payee, "10", "usd", trace, ""});
    CHECK_FALSE(verdict.paid);
    CHECK(api.requests() == 0);
}

TEST_CASE("https answers are checked against the authorities", "[merchant][transport]") {
    const tls_identity identity;
    fake_api api([](fake_api&, int, const httplib::Request&,
                    httplib::Response& response) { answer_json(response, paid_answer); },
                 identity.server(), "https");
    auto options = options_for(api);
    options.max_attempts = 1;
    SECTION("a certificate the client trusts") {
        options.ca_cert_file = identity.pem_path();
        const auto result = merchant_client(options).payment_result(trace);
        REQUIRE(result.ok);
        CHECK(result.status == mixpay::payment_status::success);
        CHECK(api.requests() == 1);
    }
    SECTION("a certificate it does not") {
        const auto result = merchant_client(options).payment_result(trace);
        CHECK_FALSE(result.ok);
        CHECK(mixpay::to_string(result.failure.kind) == "network");
        CHECK(result.failure.message.find("SSL") != std::string::npos);
        CHECK(api.requests() == 0);
    }
}

namespace {

// This process's resident memory in KiB from /proc/self/status: "VmRSS" now, "VmHWM" the
// peak since reset_peak_memory().
long long memory_kib(const std::string& field) {
    std::ifstream status("/proc/self/status");
    std::string line;
    while (std::getline(status, line)) {
        if (line.rfind(field + ":", 0) == 0) {
            return std::stoll(line.substr(field.size() + 1));
        }
    }
    FAIL("no " << field << " in /proc/self/status");
    return 0;
}

void reset_peak_memory() {
    std::ofstream clear("/proc/self/clear_refs");
    clear << "5";
    clear.flush();
    REQUIRE(clear.good());
}

// A call's outcome, how long it took and how far the process's peak memory rose above
// what it held before.
template <typename Outcome> struct measured {
    Outcome outcome;
    long long ms = 0;
    long long grew_kib = 0;
};

template <typename Call> auto measure(Call call) {
    const long long before = memory_kib("VmRSS");
    reset_peak_memory();
    const auto started = std::chrono::steady_clock::now();
    measured<decltype(call())> result{call()};
    result.ms = elapsed_ms(started);
    result.grew_kib = memory_kib("VmHWM") - before;
    return result;
}

// Two attempts at a lookup, with the quick options.
measured<mixpay::payment_result> look_up(const std::string& api_base,
                                         mixpay::merchant_options options = {}) {
    if (options.api_base != api_base) {
        options = quick_options(api_base, "https://mixpay.me");
        options.max_attempts = 2;
    }
    const merchant_client client(options);
    return measure([&client] { return client.payment_result(trace); });
}

// After whatever came before, the next client still gets a paid result.
void still_works() {
    fake_api api([](fake_api&, int, const httplib::Request&, httplib::Response& response) {
        answer_json(response, paid_answer);
    });
    const auto result = merchant_client(options_for(api)).payment_result(trace);
    CHECK(result.ok);
    CHECK(result.status == mixpay::payment_status::success);
}

// Sends `piece` again and again until the client hangs up, `limit` bytes have gone or
// ten seconds have passed.
void repeat(raw_api::connection& client, const std::string& piece,
            long long limit = 64LL * 1024 * 1024) {
    const auto started = std::chrono::steady_clock::now();
    for (long long sent = 0; sent < limit && elapsed_ms(started) < 10000; sent += piece.size()) {
        if (!client.send(piece)) {
            return;
        }
    }
}

// gzip of `zeros` zero bytes, deflated a piece at a time.
std::string gzip_zeros(std::size_t zeros) {
    z_stream stream{};
    REQUIRE(deflateInit2(&stream, 9, Z_DEFLATED, 15 + 16, 9, Z_DEFAULT_STRATEGY) == Z_OK);
    const std::string input(1024 * 1024, '\0');
    std::string output;
    char buffer[64 * 1024];
    std::size_t left = zeros;
    int flush = Z_NO_FLUSH;
    do {
        const std::size_t piece = std::min(left, input.size());
        left -= piece;
        flush = left == 0 ? Z_FINISH : Z_NO_FLUSH;
        stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(input.data()));
        stream.avail_in = static_cast<uInt>(piece);
        do {
            stream.next_out = reinterpret_cast<Bytef*>(buffer);
            stream.avail_out = sizeof buffer;
            REQUIRE(deflate(&stream, flush) != Z_STREAM_ERROR);
            output.append(buffer, sizeof buffer - stream.avail_out);
        } while (stream.avail_out == 0);
    } while (flush != Z_FINISH);
    deflateEnd(&stream);
    return output;
}

std::string gzip(const std::string& bytes) {
    z_stream stream{};
    REQUIRE(deflateInit2(&stream, 9, Z_DEFLATED, 15 + 16, 9, Z_DEFAULT_STRATEGY) == Z_OK);
    std::string output(deflateBound(&stream, bytes.size()), '\0');
    stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(bytes.data()));
    stream.avail_in = static_cast<uInt>(bytes.size());
    stream.next_out = reinterpret_cast<Bytef*>(output.data());
    stream.avail_out = static_cast<uInt>(output.size());
    REQUIRE(deflate(&stream, Z_FINISH) == Z_STREAM_END);
    output.resize(stream.total_out);
    deflateEnd(&stream);
    return output;
}

std::string with_length(std::string head, const std::string& body) {
    return head + "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
}

const std::string ok_head = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n";

// What every refused answer must show: a failure of `kind`, two attempts at most, within
// `ms`, with the peak memory less than 4 MiB above where it was.
template <typename Outcome>
void check_refused(const measured<Outcome>& call, const std::string& kind, long long ms) {
    CHECK_FALSE(call.outcome.ok);
    CHECK(mixpay::to_string(call.outcome.failure.kind) == kind);
    CHECK(call.ms < ms);
    CHECK(call.grew_kib < 4 * 1024);
    INFO("took " << call.ms << " ms, peak memory grew by " << call.grew_kib << " KiB");
    SUCCEED();
}

} // namespace

TEST_CASE("status lines and headers over the limits are no answer", "[merchant][transport]") {
    SECTION("a 32 KiB status line") {
        const std::string answer =
            with_length("HTTP/1.1 200 " + std::string(32 * 1024, 'x') + "\r\n", paid_answer);
        raw_api api([&answer](raw_api::connection& client) { client.send(answer); });
        const auto call = look_up(api.api_base());
        check_refused(call, "network", 2000);
        CHECK(call.outcome.failure.transient);
        CHECK(call.outcome.failure.message.find("headers are over 16 KiB or 100 lines") !=
              std::string::npos);
        CHECK(api.requests() == 2);
    }
    SECTION("a 1 MiB status line") {
        const std::string answer =
            with_length("HTTP/1.1 200 " + std::string(1024 * 1024, 'x') + "\r\n", paid_answer);
        raw_api api([&answer](raw_api::connection& client) { client.send(answer); });
        const auto call = look_up(api.api_base());
        check_refused(call, "network", 2000);
        CHECK(call.outcome.failure.transient);
        CHECK(api.requests() == 2);
    }
    SECTION("headers without end") {
        std::string lines;
        for (int i = 0; i < 100; ++i) {
            lines += "X-Pad-" + std::to_string(i) + ": " + std::string(90, 'y') + "\r\n";
        }
        raw_api api([&lines](raw_api::connection& client) {
            if (client.send("HTTP/1.1 200 OK\r\n")) {
                repeat(client, lines);
            }
        });
        const auto call = look_up(api.api_base());
        check_refused(call, "network", 2000);
        CHECK(call.outcome.failure.message.find("headers are over") != std::string::npos);
        CHECK(api.requests() == 2);
    }
    SECTION("one 1 MiB header line") {
        const std::string answer =
            with_length(ok_head + "X-Big: " + std::string(1024 * 1024, 'y') + "\r\n", paid_answer);
        raw_api api([&answer](raw_api::connection& client) { client.send(answer); });
        const auto call = look_up(api.api_base());
        check_refused(call, "network", 2000);
        CHECK(api.requests() == 2);
    }
    SECTION("100 lines are read, 101 are not") {
        // The status line, Content-Type, Content-Length and the blank line are 4 of them.
        for (const int lines : {100, 101}) {
            std::string head = ok_head;
            for (int i = 0; i < lines - 4; ++i) {
                head += "X-" + std::to_string(i) + ": z\r\n";
            }
            const std::string answer = with_length(head, paid_answer);
            raw_api api([&answer](raw_api::connection& client) { client.send(answer); });
            const auto call = look_up(api.api_base());
            CHECK(call.outcome.ok == (lines == 100));
            CHECK(api.requests() == (lines == 100 ? 1 : 2));
        }
    }
    SECTION("16 KiB of headers are read, one byte more is not") {
        for (const std::size_t total : {max_header_bytes, max_header_bytes + 1}) {
            const std::string length =
                "Content-Length: " + std::to_string(paid_answer.size()) + "\r\n";
            const std::size_t fixed = ok_head.size() + length.size() + 2 + 9;
            const std::string answer = ok_head + length +
                                       "X-Pad: " + std::string(total - fixed, 'p') + "\r\n\r\n" +
                                       paid_answer;
            REQUIRE(answer.size() == total + paid_answer.size());
            raw_api api([&answer](raw_api::connection& client) { client.send(answer); });
            const auto call = look_up(api.api_base());
            CHECK(call.outcome.ok == (total == max_header_bytes));
        }
    }
    still_works();
}

TEST_CASE("compressed answers are never inflated", "[merchant][transport]") {
    SECTION("100 MiB of zeros gzipped: over the cap as it came") {
        const std::string bomb = gzip_zeros(100 * 1024 * 1024);
        REQUIRE(bomb.size() > mixpay::max_response_bytes);
        const std::string answer = with_length(ok_head + "Content-Encoding: gzip\r\n", bomb);
        raw_api api([&answer](raw_api::connection& client) { client.send(answer); });
        const auto call = look_up(api.api_base());
        check_refused(call, "response", 2000);
        CHECK(call.outcome.failure.message.find("too large") != std::string::npos);
        CHECK(api.requests() == 1);
    }
    SECTION("gzipped twice: 100 MiB in a few hundred bytes, read as those bytes") {
        const std::string bomb = gzip(gzip_zeros(100 * 1024 * 1024));
        REQUIRE(bomb.size() < 4096);
        const std::string answer = with_length(ok_head + "Content-Encoding: gzip, gzip\r\n", bomb);
        raw_api api([&answer](raw_api::connection& client) { client.send(answer); });
        const auto call = look_up(api.api_base());
        check_refused(call, "response", 2000);
        // Inflated, it would have been too large; as it came, it is no JSON.
        CHECK(call.outcome.failure.message.find("could not be read") != std::string::npos);
        CHECK(api.requests() == 1);
    }
    SECTION("a gzipped result is not read as one, and none was asked for") {
        const std::string answer =
            with_length(ok_head + "Content-Encoding: gzip\r\n", gzip(paid_answer));
        std::mutex mutex;
        std::string request;
        raw_api api([&](raw_api::connection& client) {
            {
                std::lock_guard<std::mutex> lock(mutex);
                request = client.request();
            }
            client.send(answer);
        });
        const auto call = look_up(api.api_base());
        check_refused(call, "response", 2000);
        CHECK(api.requests() == 1);
        std::lock_guard<std::mutex> lock(mutex);
        CHECK(request.rfind("GET /v1/payments_result?traceId=" + trace + " HTTP/1.1\r\n", 0) == 0);
        std::transform(request.begin(), request.end(), request.begin(),
                       [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
        CHECK(request.find("accept-encoding") == std::string::npos);
    }
    SECTION("a transfer coding besides chunked is no answer") {
        // libcurl would inflate these whatever was asked for: a result, and 100 MiB of zeros.
        for (const std::string& packed : {gzip(paid_answer), gzip_zeros(100 * 1024 * 1024)}) {
            char size[32];
            std::snprintf(size, sizeof size, "%zx\r\n", packed.size());
            const std::string answer = ok_head + "Transfer-Encoding: gzip, chunked\r\n\r\n" + size +
                                       packed + "\r\n0\r\n\r\n";
            raw_api api([&answer](raw_api::connection& client) { client.send(answer); });
            const auto call = look_up(api.api_base());
            check_refused(call, "network", 2000);
            CHECK(call.outcome.failure.message.find("transfer coding other than chunked") !=
                  std::string::npos);
            CHECK(api.requests() == 2);
        }
    }
    still_works();
}

TEST_CASE("answers that lie about or never end their length", "[merchant][transport]") {
    SECTION("a Content-Length of 10 GB is refused before the body") {
        // The body starts after the read timeout: only a refusal on the headers alone is
        // quick and "too large".
        const std::string chunk(64 * 1024, 'x');
        raw_api api([&chunk](raw_api::connection& client) {
            if (client.send(ok_head + "Content-Length: 10000000000\r\n\r\n") &&
                client.wait(std::chrono::seconds(3))) {
                repeat(client, chunk);
            }
        });
        const auto call = look_up(api.api_base());
        check_refused(call, "response", 1500);
        CHECK(call.outcome.failure.status == 200);
        CHECK(call.outcome.failure.message.find("too large") != std::string::npos);
        CHECK(api.requests() == 1);
    }
    SECTION("chunked: one-byte chunks past 64 KiB") {
        std::string body = ok_head + "Transfer-Encoding: chunked\r\n\r\n";
        for (std::size_t i = 0; i <= mixpay::max_response_bytes; ++i) {
            body += "1\r\nx\r\n";
        }
        body += "0\r\n\r\n";
        raw_api api([&body](raw_api::connection& client) { client.send(body); });
        const auto call = look_up(api.api_base());
        check_refused(call, "response", 2000);
        CHECK(call.outcome.failure.message.find("too large") != std::string::npos);
    }
    SECTION("chunked: one chunk of 1 GiB") {
        const std::string chunk(64 * 1024, 'x');
        raw_api api([&chunk](raw_api::connection& client) {
            if (client.send(ok_head + "Transfer-Encoding: chunked\r\n\r\n40000000\r\n")) {
                repeat(client, chunk);
            }
        });
        const auto call = look_up(api.api_base());
        check_refused(call, "response", 2000);
        CHECK(call.outcome.failure.message.find("too large") != std::string::npos);
    }
    SECTION("a body one byte per 100 ms, past the attempt's bound") {
        raw_api api([](raw_api::connection& client) {
            if (!client.send(ok_head + "Content-Length: 100\r\n\r\n")) {
                return;
            }
            for (int i = 0;
                 i < 100 && client.send(" ") && client.wait(std::chrono::milliseconds(100)); ++i) {
            }
        });
        auto options = quick_options(api.api_base(), "https://mixpay.me");
        options.max_attempts = 2;
        options.attempt_timeout = std::chrono::milliseconds(1000);
        const auto call = look_up(api.api_base(), options);
        check_refused(call, "timeout", 2 * 1000 + 100 + 1400);
        CHECK(call.outcome.failure.transient);
        CHECK(api.requests() == 2);
    }
    SECTION("a pause longer than the read timeout in the middle of the body") {
        raw_api api([](raw_api::connection& client) {
            if (client.send(ok_head + "Content-Length: 100\r\n\r\n{\"code\":0,")) {
                client.wait(std::chrono::seconds(5));
            }
        });
        auto options = quick_options(api.api_base(), "https://mixpay.me");
        options.max_attempts = 1;
        options.read_timeout = std::chrono::milliseconds(300);
        const auto call = look_up(api.api_base(), options);
        check_refused(call, "timeout", 1500);
        CHECK(call.ms >= 300);
    }
    still_works();
}

TEST_CASE("307 and 308 redirects are answers and never followed", "[merchant][transport]") {
    fake_api elsewhere([](fake_api&, int, const httplib::Request&, httplib::Response& response) {
        answer_json(response, paid_answer);
    });
    for (const int status : {307, 308}) {
        const std::string answer = "HTTP/1.1 " + std::to_string(status) +
                                   " Moved\r\nLocation: " + elsewhere.api_base() +
                                   "/one_time_payment\r\nContent-Length: 0\r\n\r\n";
        raw_api api([&answer](raw_api::connection& client) { client.send(answer); });
        const merchant_client client(quick_options(api.api_base(), "https://mixpay.me"));
        const auto created = measure([&] { return client.create_payment(order_params()); });
        check_refused(created, "http", 1500);
        CHECK(created.outcome.failure.status == status);
        CHECK_FALSE(created.outcome.failure.transient);
        CHECK(created.outcome.attempts == 1);
        const auto result = client.payment_result(trace);
        CHECK(mixpay::to_string(result.failure.kind) == "http");
        CHECK(result.failure.status == status);
        CHECK(api.requests() == 2);
    }
    CHECK(elsewhere.requests() == 0);
    still_works();
}

TEST_CASE("proxies named in the environment are not used", "[merchant][transport]") {
    raw_api proxy(
        [](raw_api::connection& client) { client.send(with_length(ok_head, paid_answer)); });
    fake_api api([](fake_api&, int, const httplib::Request&, httplib::Response& response) {
        answer_json(response, paid_answer);
    });
    // Set for this test alone (the other threads of the process do not read them).
    const char* const names[] = {"http_proxy", "https_proxy", "ALL_PROXY",
                                 "all_proxy",  "no_proxy",    "NO_PROXY"};
    std::vector<std::pair<std::string, std::optional<std::string>>> saved;
    for (const char* name : names) {
        const char* value = std::getenv(name);
        saved.emplace_back(name, value ? std::optional<std::string>(value) : std::nullopt);
    }
    const std::string through = "http://127.0.0.1:" + std::to_string(proxy.port());
    for (const char* name : {"http_proxy", "https_proxy", "ALL_PROXY", "all_proxy"}) {
        setenv(name, through.c_str(), 1);
    }
    unsetenv("no_proxy");
    unsetenv("NO_PROXY");
    const auto result = merchant_client(options_for(api)).payment_result(trace);
    for (const auto& [name, value] : saved) {
        if (value) {
            setenv(name.c_str(), value->c_str(), 1);
        } else {
            unsetenv(name.c_str());
        }
    }
    CHECK(result.ok);
    CHECK(api.requests() == 1);
    CHECK(proxy.requests() == 0);
}

TEST_CASE("one client serves many threads at once", "[merchant][transport]") {
    fake_api good([](fake_api&, int, const httplib::Request&, httplib::Response& response) {
        answer_json(response, paid_answer);
    });
    const std::string hostile_answer =
        with_length("HTTP/1.1 200 " + std::string(32 * 1024, 'x') + "\r\n", paid_answer);
    raw_api hostile([&](raw_api::connection& client) { client.send(hostile_answer); });
    auto options = options_for(good);
    options.max_attempts = 1;
    auto hostile_options = quick_options(hostile.api_base(), "https://mixpay.me");
    hostile_options.max_attempts = 1;
    const merchant_client client(options);
    const merchant_client refused(hostile_options);
    std::atomic<int> paid{0};
    std::atomic<int> no_answer{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < 8; ++t) {
        threads.emplace_back([&, t] {
            for (int i = 0; i < 5; ++i) {
                if (t % 2 == 0) {
                    paid += client.payment_result(trace).ok ? 1 : 0;
                } else {
                    no_answer +=
                        mixpay::to_string(refused.payment_result(trace).failure.kind) == "network"
                            ? 1
                            : 0;
                }
            }
        });
    }
    for (auto& thread : threads) {
        thread.join();
    }
    CHECK(paid == 20);
    CHECK(no_answer == 20);
    CHECK(good.requests() == 20);
    CHECK(hostile.requests() == 20);
}
