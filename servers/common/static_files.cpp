#include "static_files.hpp"

#include <climits>
#include <cstdlib>
#include <fstream>
#include <sys/stat.h>

namespace servers {

namespace {

bool safe_segment(std::string_view segment) {
    if (segment.empty() || segment[0] == '.' || segment.size() > 255) {
        return false;
    }
    for (char c : segment) {
        bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                  c == '.' || c == '_' || c == '-';
        if (!ok) {
            return false;
        }
    }
    return true;
}

std::optional<std::string> real_path(const std::string& path) {
    char buffer[PATH_MAX];
    if (realpath(path.c_str(), buffer) == nullptr) {
        return std::nullopt;
    }
    return std::string(buffer);
}

bool ends_with(std::string_view text, std::string_view suffix) {
    return text.size() >= suffix.size() && text.substr(text.size() - suffix.size()) == suffix;
}

} // namespace

std::optional<std::string> resolve_static(const std::string& root, std::string_view relative) {
    auto real_root = real_path(root);
    if (!real_root) {
        return std::nullopt;
    }
    std::string path = *real_root;
    std::size_t start = 0;
    while (start <= relative.size()) {
        std::size_t end = relative.find('/', start);
        if (end == std::string_view::npos) {
            end = relative.size();
        }
        std::string_view segment = relative.substr(start, end - start);
        // Empty segments come from a leading, trailing or doubled '/'.
        if (!segment.empty()) {
            if (!safe_segment(segment)) {
                return std::nullopt;
            }
            path += '/';
            path += segment;
        }
        start = end + 1;
    }
    struct stat info {};
    if (stat(path.c_str(), &info) != 0) {
        return std::nullopt;
    }
    if (S_ISDIR(info.st_mode)) {
        path += "/index.html";
        if (stat(path.c_str(), &info) != 0) {
            return std::nullopt;
        }
    }
    if (!S_ISREG(info.st_mode)) {
        return std::nullopt;
    }
    // A symbolic link inside the root must not lead out of it.
    auto real = real_path(path);
    if (!real || real->compare(0, real_root->size() + 1, *real_root + "/") != 0) {
        return std::nullopt;
    }
    return real;
}

const char* content_type_for(std::string_view path) {
    static const std::pair<const char*, const char*> types[] = {
        {".html", "text/html; charset=utf-8"},
        {".htm", "text/html; charset=utf-8"},
        {".js", "text/javascript; charset=utf-8"},
        {".mjs", "text/javascript; charset=utf-8"},
        {".css", "text/css; charset=utf-8"},
        {".wasm", "application/wasm"},
        {".json", "application/json"},
        {".map", "application/json"},
        {".svg", "image/svg+xml"},
        {".png", "image/png"},
        {".jpg", "image/jpeg"},
        {".jpeg", "image/jpeg"},
        {".gif", "image/gif"},
        {".webp", "image/webp"},
        {".ico", "image/x-icon"},
        {".txt", "text/plain; charset=utf-8"},
        {".md", "text/markdown; charset=utf-8"},
        {".ts", "text/plain; charset=utf-8"},
        {".woff2", "font/woff2"},
    };
    for (const auto& [ext, type] : types) {
        if (ends_with(path, ext)) {
            return type;
        }
    }
    return "application/octet-stream";
}

std::optional<std::string> read_file(const std::string& path, std::size_t max_bytes) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        return std::nullopt;
    }
    std::string content;
    char buffer[65536];
    while (in.read(buffer, sizeof buffer) || in.gcount() > 0) {
        content.append(buffer, static_cast<std::size_t>(in.gcount()));
        if (content.size() > max_bytes) {
            return std::nullopt;
        }
    }
    return content;
}

bool set_static_file(http::Response& res, const std::string& root, std::string_view relative) {
    auto path = root.empty() ? std::nullopt : resolve_static(root, relative);
    if (!path) {
        return false;
    }
    res.set_file_content(*path, content_type_for(*path));
    return true;
}

} // namespace servers
