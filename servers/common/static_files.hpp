// Static files under a root folder, without directory traversal.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "http_server.hpp"

namespace servers {

// The file under `root` that the URL path `relative` (already percent-decoded, without
// the mount prefix) names: every segment must be made of [A-Za-z0-9._-] and must not
// start with '.', and the real path must stay inside the real root. A path naming a
// folder gives its index.html. nullopt when there is no such regular file.
std::optional<std::string> resolve_static(const std::string& root, std::string_view relative);

// The Content-Type for a file name by its extension; application/octet-stream when unknown.
const char* content_type_for(std::string_view path);

// The whole file, or nullopt when it cannot be read or is larger than `max_bytes`.
std::optional<std::string> read_file(const std::string& path, std::size_t max_bytes);

// The file under `root` that `relative` names (by resolve_static's rules) as the answer,
// with its Content-Type; it is sent from the file, never held in memory, always whole (a
// Range header is ignored). False, with nothing set, when there is no such file.
bool set_static_file(http::Response& res, const std::string& root, std::string_view relative);

} // namespace servers
