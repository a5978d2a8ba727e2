// The members of the request and answer types the handlers see (Request, Response,
// ContentReader), and the reason phrases of statuses.
#include "http_server.hpp"

#include <algorithm>

#include <microhttpd.h>

#include "header_text.hpp"
#include "mixpay/ascii.hpp"

namespace servers::http {

bool case_insensitive_less::operator()(const std::string& a, const std::string& b) const {
    return std::lexicographical_compare(a.begin(), a.end(), b.begin(), b.end(), [](char x, char y) {
        return mixpay::to_lower_ascii(x) < mixpay::to_lower_ascii(y);
    });
}

bool Request::has_header(const std::string& name) const {
    return headers.find(name) != headers.end();
}

std::string Request::get_header_value(const std::string& name, const char* fallback) const {
    auto it = headers.find(name);
    return it == headers.end() ? fallback : it->second;
}

std::size_t Request::get_header_value_count(const std::string& name) const {
    return headers.count(name);
}

bool Request::has_param(const std::string& name) const {
    return params.find(name) != params.end();
}

std::string Request::get_param_value(const std::string& name) const {
    auto it = params.find(name);
    return it == params.end() ? "" : it->second;
}

bool Request::is_multipart_form_data() const {
    return starts_with_nocase(get_header_value("Content-Type"), "multipart/form-data");
}

bool Response::has_header(const std::string& name) const {
    return headers.find(name) != headers.end();
}

std::string Response::get_header_value(const std::string& name) const {
    auto it = headers.find(name);
    return it == headers.end() ? "" : it->second;
}

void Response::set_header(const std::string& name, const std::string& value) {
    // A value with a line break would end the header early.
    if (value.find_first_of("\r\n") != std::string::npos ||
        name.find_first_of("\r\n:") != std::string::npos) {
        return;
    }
    headers.erase(name);
    headers.emplace(name, value);
}

void Response::set_content(const std::string& content, const std::string& content_type) {
    set_content(std::string(content), content_type);
}

void Response::set_content(std::string&& content, const std::string& content_type) {
    body = std::move(content);
    set_header("Content-Type", content_type);
}

void Response::set_content(const char* data, std::size_t size, const std::string& content_type) {
    set_content(std::string(data, size), content_type);
}

void Response::set_content_provider(std::size_t length, const std::string& content_type,
                                    ContentProvider p, ContentProviderResourceReleaser r) {
    content_length = length;
    provider = std::move(p);
    releaser = std::move(r);
    set_header("Content-Type", content_type);
}

void Response::set_chunked_content_provider(const std::string& content_type,
                                            ContentProviderWithoutLength p,
                                            ContentProviderResourceReleaser r) {
    chunked_provider = std::move(p);
    releaser = std::move(r);
    set_header("Content-Type", content_type);
}

void Response::set_file_content(const std::string& path, const std::string& content_type) {
    file_path = path;
    set_header("Content-Type", content_type);
}

void Response::set_redirect(const std::string& url, int code) {
    set_header("Location", url);
    status = code;
}

bool ContentReader::operator()(ContentReceiver receiver) const {
    return req_.body.empty() || receiver(req_.body.data(), req_.body.size());
}

bool ContentReader::operator()(MultipartContentHeader header, ContentReceiver receiver) const {
    for (const auto& [name, file] : req_.files) {
        if (!header(file) || !receiver(file.content.data(), file.content.size())) {
            return false;
        }
    }
    return true;
}

const char* reason_phrase(int status) {
    return status < 0 ? "Unknown" : MHD_get_reason_phrase_for(static_cast<unsigned>(status));
}

} // namespace servers::http
