// Callback URLs split into what the sandbox's client needs to reach them (scheme, host,
// port, target), and the loopback check that keeps its callbacks on this machine.
#include <algorithm>
#include <cctype>

#include "api/api.hpp"
#include "mixpay/ascii.hpp"
#include "mixpay/url.hpp"

namespace sandbox {

std::optional<url_parts> split_url(const std::string& url) {
    if (!mixpay::is_absolute_url(url, mixpay::url_scheme::http_or_https)) {
        return std::nullopt;
    }
    url_parts parts;
    std::size_t colon = url.find("://");
    if (colon == std::string::npos) {
        return std::nullopt;
    }
    parts.scheme = url.substr(0, colon);
    std::transform(parts.scheme.begin(), parts.scheme.end(), parts.scheme.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    std::size_t start = colon + 3;
    std::size_t end = url.find_first_of("/?#", start);
    std::string authority = url.substr(start, end == std::string::npos ? end : end - start);
    parts.target = end == std::string::npos ? "/" : url.substr(end);
    std::size_t hash = parts.target.find('#');
    if (hash != std::string::npos) {
        parts.target.erase(hash);
    }
    if (parts.target.empty() || parts.target[0] != '/') {
        parts.target.insert(0, "/");
    }
    parts.port = parts.scheme == "https" ? 443 : 80;
    std::string port_text;
    if (!authority.empty() && authority[0] == '[') {
        std::size_t close = authority.find(']');
        if (close == std::string::npos) {
            return std::nullopt;
        }
        parts.host = authority.substr(1, close - 1);
        if (close + 1 < authority.size() && authority[close + 1] == ':') {
            port_text = authority.substr(close + 2);
        }
    } else {
        std::size_t port_colon = authority.rfind(':');
        parts.host = authority.substr(0, port_colon);
        if (port_colon != std::string::npos) {
            port_text = authority.substr(port_colon + 1);
        }
    }
    if (!port_text.empty()) {
        const auto port =
            port_text.size() <= 5 ? mixpay::parse_uint<unsigned>(port_text, 65535) : std::nullopt;
        if (!port || *port < 1) {
            return std::nullopt;
        }
        parts.port = static_cast<int>(*port);
    }
    if (parts.host.empty()) {
        return std::nullopt;
    }
    return parts;
}

bool is_loopback_http(const std::string& url) {
    auto parts = split_url(url);
    if (!parts || parts->scheme != "http") {
        return false;
    }
    std::string host = parts->host;
    std::transform(host.begin(), host.end(), host.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return host == "localhost" || host == "::1" || host.rfind("127.", 0) == 0;
}

} // namespace sandbox
