#include "http/static_files.h"

#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

namespace crm::server {

namespace fs = std::filesystem;

bool is_safe_static_path(const std::string& path) {
  if (path.empty() || path[0] != '/' || path.size() > 1024) return false;
  for (unsigned char c : path)
    if (c < 0x20 || c == 0x7f || c == '\\') return false;
  // No "." or ".." segments and no empty ones ("//"): one spelling per file.
  size_t start = 1;
  while (start <= path.size()) {
    size_t end = path.find('/', start);
    if (end == std::string::npos) end = path.size();
    const std::string seg = path.substr(start, end - start);
    if (seg == "." || seg == "..") return false;
    if (seg.empty() && end != path.size()) return false;
    start = end + 1;
  }
  return true;
}

std::string content_type_for(const std::string& file_name) {
  static const std::map<std::string, std::string> types = {
      {".html", "text/html; charset=utf-8"},
      {".js", "text/javascript; charset=utf-8"},
      {".mjs", "text/javascript; charset=utf-8"},
      {".css", "text/css; charset=utf-8"},
      {".json", "application/json; charset=utf-8"},
      {".wasm", "application/wasm"},
      {".svg", "image/svg+xml"},
      {".png", "image/png"},
      {".ico", "image/x-icon"},
      {".webmanifest", "application/manifest+json"},
      {".ttc", "font/collection"},
      {".ttf", "font/ttf"},
      {".woff2", "font/woff2"},
      {".txt", "text/plain; charset=utf-8"},
  };
  auto it = types.find(fs::path(file_name).extension().string());
  return it == types.end() ? "application/octet-stream" : it->second;
}

namespace {

// `child` is `root` or lies below it (both canonical).
bool inside(const fs::path& root, const fs::path& child) {
  auto r = root.begin(), c = child.begin();
  for (; r != root.end(); ++r, ++c)
    if (c == child.end() || *r != *c) return false;
  return true;
}

}  // namespace

std::optional<StaticFile> find_static_file(const std::vector<std::string>& roots, const std::string& path) {
  if (!is_safe_static_path(path)) return std::nullopt;
  const std::string relative = path == "/" ? "index.html" : path.substr(1);
  for (const auto& root_name : roots) {
    std::error_code ec;
    const fs::path root = fs::canonical(root_name, ec);
    if (ec) continue;
    const fs::path real = fs::canonical(root / relative, ec);
    if (ec || !inside(root, real) || !fs::is_regular_file(real, ec)) continue;
    std::ifstream in(real, std::ios::binary);
    if (!in) continue;
    std::ostringstream body;
    body << in.rdbuf();
    return StaticFile{content_type_for(real.filename().string()), body.str()};
  }
  return std::nullopt;
}

}  // namespace crm::server
