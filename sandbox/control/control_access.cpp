#include "control/control_access.hpp"

#include <algorithm>
#include <cctype>
#include <random>

namespace sandbox {

namespace {

std::string lower(std::string text) {
    for (auto& c : text) {
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    return text;
}

// Compares in a time that does not depend on where the texts first differ.
bool same_secret(const std::string& given, const std::string& token) {
    if (given.size() != token.size()) {
        return false;
    }
    unsigned char diff = 0;
    for (std::size_t i = 0; i < token.size(); ++i) {
        diff |= static_cast<unsigned char>(given[i] ^ token[i]);
    }
    return diff == 0;
}

} // namespace

std::vector<std::string> own_hosts(const std::string& host, int port) {
    std::vector<std::string> names = {"127.0.0.1", "localhost", "[::1]"};
    if (host != "0.0.0.0" && host != "::") {
        names.push_back(host.find(':') != std::string::npos ? "[" + lower(host) + "]"
                                                            : lower(host));
    }
    std::vector<std::string> hosts;
    for (const auto& name : names) {
        std::string with_port = name + ":" + std::to_string(port);
        if (std::find(hosts.begin(), hosts.end(), with_port) == hosts.end()) {
            hosts.push_back(with_port);
            // A browser leaves the default port out.
            if (port == 80) {
                hosts.push_back(name);
            }
        }
    }
    return hosts;
}

std::string control_refusal(const servers::http::Request& req, const control_access& access) {
    std::string host = lower(req.get_header_value("Host"));
    if (req.get_header_value_count("Host") != 1 ||
        std::find(access.hosts.begin(), access.hosts.end(), host) == access.hosts.end()) {
        return "Host: not this sandbox's own";
    }
    if (req.has_header("X-Sandbox-Token")) {
        if (same_secret(req.get_header_value("X-Sandbox-Token"), access.token)) {
            return "";
        }
        return "X-Sandbox-Token: wrong token";
    }
    std::string site = lower(req.get_header_value("Sec-Fetch-Site"));
    if (req.has_header("Sec-Fetch-Site") && site != "none" && site != "same-origin") {
        return "Sec-Fetch-Site: a cross-origin request needs X-Sandbox-Token";
    }
    if (req.has_header("Origin")) {
        std::string origin = lower(req.get_header_value("Origin"));
        // A page with Referrer-Policy: no-referrer (the payment page) posts its forms with
        // "Origin: null"; the browser's Sec-Fetch-Site then tells where the form was.
        bool own_form = origin == "null" && site == "same-origin";
        if (origin != "http://" + host && !own_form) {
            return "Origin: a cross-origin request needs X-Sandbox-Token";
        }
    }
    return "";
}

std::string random_token() {
    std::random_device device;
    std::uniform_int_distribution<int> digit(0, 15);
    std::string token;
    for (int i = 0; i < 32; ++i) {
        token += "0123456789abcdef"[digit(device)];
    }
    return token;
}

bool valid_token(const std::string& token) {
    return token.size() >= 16 && token.size() <= 128 &&
           std::all_of(token.begin(), token.end(), [](char c) {
               return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' ||
                      c == '.' || c == '~';
           });
}

} // namespace sandbox
