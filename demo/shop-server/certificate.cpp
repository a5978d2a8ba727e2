#include "certificate.hpp"

#include <openssl/bn.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/x509v3.h>

namespace shop {

namespace {

std::string openssl_error(const char* what) {
    char text[256] = "";
    ERR_error_string_n(ERR_get_error(), text, sizeof text);
    return std::string(what) + ": " + text;
}

bool is_ip_address(const std::string& host) {
    return host.find_first_not_of("0123456789.") == std::string::npos ||
           host.find(':') != std::string::npos;
}

bool add_extension(X509* cert, int nid, const std::string& value) {
    X509V3_CTX context;
    X509V3_set_ctx_nodb(&context);
    X509V3_set_ctx(&context, cert, cert, nullptr, nullptr, 0);
    X509_EXTENSION* extension = X509V3_EXT_conf_nid(nullptr, &context, nid, value.c_str());
    if (extension == nullptr) {
        return false;
    }
    bool added = X509_add_ext(cert, extension, -1) == 1;
    X509_EXTENSION_free(extension);
    return added;
}

} // namespace

std::optional<certificate> make_certificate(const std::string& host, std::string& error) {
    certificate made;
    made.key.reset(EVP_EC_gen("P-256"));
    made.cert.reset(X509_new());
    if (!made.key || !made.cert) {
        error = openssl_error("key");
        return std::nullopt;
    }
    X509* cert = made.cert.get();
    std::unique_ptr<BIGNUM, void (*)(BIGNUM*)> serial(BN_new(), BN_free);
    std::string names = "IP:127.0.0.1,IP:::1,DNS:localhost";
    if (host != "127.0.0.1" && host != "::1" && host != "localhost" && host != "0.0.0.0" &&
        host != "::") {
        names += (is_ip_address(host) ? ",IP:" : ",DNS:") + host;
    }
    X509_NAME* name = X509_get_subject_name(cert);
    bool ok =
        serial && BN_rand(serial.get(), 64, BN_RAND_TOP_ANY, BN_RAND_BOTTOM_ANY) == 1 &&
        BN_to_ASN1_INTEGER(serial.get(), X509_get_serialNumber(cert)) != nullptr &&
        X509_set_version(cert, 2) == 1 &&
        X509_gmtime_adj(X509_getm_notBefore(cert), -60) != nullptr &&
        X509_gmtime_adj(X509_getm_notAfter(cert), 30L * 24 * 3600) != nullptr &&
        X509_set_pubkey(cert, made.key.get()) == 1 &&
        X509_NAME_add_entry_by_txt(
            name, "CN", MBSTRING_ASC,
            reinterpret_cast<const unsigned char*>("mixpay-demo-shop callbacks"), -1, -1, 0) == 1 &&
        X509_set_issuer_name(cert, name) == 1 && add_extension(cert, NID_subject_alt_name, names) &&
        add_extension(cert, NID_basic_constraints, "critical,CA:FALSE") &&
        X509_sign(cert, made.key.get(), EVP_sha256()) > 0;
    if (!ok) {
        error = openssl_error("certificate");
        return std::nullopt;
    }
    std::unique_ptr<BIO, void (*)(BIO*)> out(BIO_new(BIO_s_mem()), BIO_free_all);
    if (!out || PEM_write_bio_X509(out.get(), cert) != 1) {
        error = openssl_error("PEM");
        return std::nullopt;
    }
    char* data = nullptr;
    long size = BIO_get_mem_data(out.get(), &data);
    made.pem.assign(data, static_cast<std::size_t>(size));
    return made;
}

} // namespace shop
