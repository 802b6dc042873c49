// Static files of the web client, served from one or more root folders (first match wins).
// A path is refused before the file system sees it when it holds a NUL or control byte, a
// backslash, or a ".." segment; a file is served only when its real path (symlinks resolved)
// stays inside the real root, so no symlink leads out of a root. Only regular files are served.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace crm::server {

struct StaticFile {
  std::string content_type;
  std::string body;
};

// Whether `path` (decoded, starting with "/") may name a static file at all.
bool is_safe_static_path(const std::string& path);

// The file for `path` ("/" means "/index.html"), or nothing when no root holds it (or the path
// is refused). Reads the file whole: the web client's files are a few MB at most.
std::optional<StaticFile> find_static_file(const std::vector<std::string>& roots, const std::string& path);

// The Content-Type for a file name, by its extension.
std::string content_type_for(const std::string& file_name);

}  // namespace crm::server
