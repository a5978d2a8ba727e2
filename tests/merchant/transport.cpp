#include <catch2/catch.hpp>

#include <arpa/inet.h>
#include <chrono>
#include <cstdio>
#include <memory>
#include <netinet/in.h>
#include <string>
#include <sys/socket.h>
#include <unistd.h>

#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include "fake_api.hpp"
#include "mixpay/merchant.hpp"
#include "shop.hpp"

using namespace merchant_test;
using mixpay::merchant_client;

namespace {

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
        CHECK(result.failure.kind == "api");
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
            CHECK(result.failure.kind == "api");
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
        CHECK(result.failure.kind == "http");
        CHECK(result.failure.status == 302);
        CHECK_FALSE(result.failure.transient);
    }
    SECTION("a create") {
        const auto created = client.create_payment(order_params());
        CHECK_FALSE(created.ok);
        CHECK(created.failure.kind == "http");
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
        CHECK(result.failure.kind == "response");
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
        CHECK(result.failure.kind == "response");
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
        CHECK(result.failure.kind == "timeout");
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
    CHECK(created.failure.kind == "network");
    CHECK(created.failure.transient);
    CHECK(created.attempts == 3);
    CHECK(created.failure.message.find("not known whether the payment was created") !=
          std::string::npos);
    const auto result = client.payment_result(trace);
    CHECK(result.failure.kind == "network");
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
    CHECK(result.failure.kind == "api");
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
        CHECK(result.failure.kind == "network");
        CHECK(result.failure.message.find("SSL") != std::string::npos);
        CHECK(api.requests() == 0);
    }
}
