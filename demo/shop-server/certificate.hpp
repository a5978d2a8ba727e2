// The callback listener's certificate. MixPay only calls https URLs, so a shop on loopback
// takes its callbacks over TLS with a self-signed certificate made at start: the key never
// leaves the process, and the certificate is written out for the caller (the sandbox) to
// trust.
#pragma once

#include <memory>
#include <optional>
#include <string>

#include <openssl/evp.h>
#include <openssl/x509.h>

namespace shop {

struct certificate {
    std::unique_ptr<X509, void (*)(X509*)> cert{nullptr, X509_free};
    std::unique_ptr<EVP_PKEY, void (*)(EVP_PKEY*)> key{nullptr, EVP_PKEY_free};
    std::string pem; // the certificate alone
};

// A P-256 key and a certificate for 127.0.0.1, ::1 and localhost (and `host` when it is
// another name or address), valid from a minute ago for 30 days. nullopt with `error` set
// when OpenSSL fails.
std::optional<certificate> make_certificate(const std::string& host, std::string& error);

} // namespace shop
