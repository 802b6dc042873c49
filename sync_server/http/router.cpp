#include "http/router.h"

#include <zlib.h>

#include "http/static_files.h"
#include "sync/protocol.h"

namespace crm::server {
namespace {

constexpr const char* kJson = "application/json; charset=utf-8";
constexpr const char* kApiPrefix = "/api/v1/";

// The browser app needs its own scripts, WebAssembly compilation ('wasm-unsafe-eval'; no JS
// eval), the inline <style> of index.html and styles Emscripten's GLFW sets on the canvas, and
// fetch() to this origin. Nothing may frame it.
constexpr const char* kCsp =
    "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data: blob:; connect-src 'self'; worker-src 'self'; object-src 'none'; "
    "base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

void add_security_headers(HttpAnswer& a) {
  a.headers.emplace_back("X-Content-Type-Options", "nosniff");
  a.headers.emplace_back("Referrer-Policy", "no-referrer");
  a.headers.emplace_back("X-Frame-Options", "DENY");
  a.headers.emplace_back("Content-Security-Policy", kCsp);
}

// The body gzip-compressed (level 5: a 400 KB pull page in ~5 ms to ~45 KB), or empty on failure.
std::string gzip(const std::string& in) {
  z_stream z{};
  if (deflateInit2(&z, 5, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK) return {};
  std::string out(deflateBound(&z, static_cast<uLong>(in.size())), '\0');
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
  z.avail_in = static_cast<uInt>(in.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  const int rc = deflate(&z, Z_FINISH);
  out.resize(z.total_out);
  deflateEnd(&z);
  return rc == Z_STREAM_END ? out : std::string();
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Percent-decodes `s` ('+' is a space in a query). False for a broken escape.
bool percent_decode(const std::string& s, bool plus_is_space, std::string& out) {
  out.clear();
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%') {
      if (i + 2 >= s.size()) return false;
      const int hi = hex_value(s[i + 1]), lo = hex_value(s[i + 2]);
      if (hi < 0 || lo < 0) return false;
      out += static_cast<char>(hi * 16 + lo);
      i += 2;
    } else if (s[i] == '+' && plus_is_space) {
      out += ' ';
    } else {
      out += s[i];
    }
  }
  return true;
}

}  // namespace

Result<std::pair<std::string, std::map<std::string, std::string>>> split_target(const std::string& target) {
  const size_t q = target.find('?');
  std::string path;
  if (!percent_decode(target.substr(0, q), false, path)) return make_error("bad_target", "bad percent escape in the path");
  for (unsigned char c : path)
    if (c < 0x20 || c == 0x7f) return make_error("bad_target", "the path holds a NUL or control character");
  std::map<std::string, std::string> query;
  if (q != std::string::npos) {
    const std::string qs = target.substr(q + 1);
    size_t start = 0;
    while (start <= qs.size()) {
      size_t end = qs.find('&', start);
      if (end == std::string::npos) end = qs.size();
      const std::string pair = qs.substr(start, end - start);
      if (!pair.empty()) {
        const size_t eq = pair.find('=');
        std::string k, v;
        if (!percent_decode(pair.substr(0, eq), true, k) ||
            !percent_decode(eq == std::string::npos ? "" : pair.substr(eq + 1), true, v))
          return make_error("bad_target", "bad percent escape in the query");
        query[k] = v;
      }
      start = end + 1;
    }
  }
  return std::make_pair(std::move(path), std::move(query));
}

HttpAnswer error_answer(int status, const std::string& code, const std::string& message) {
  HttpAnswer a{status, kJson, error_body(make_error(code, message)), {}};
  a.headers.emplace_back("Cache-Control", "no-store");
  add_security_headers(a);
  return a;
}

HttpAnswer json_answer(const HttpRequest& req, const ApiResponse& r) {
  HttpAnswer a{r.status, kJson, r.body, {}};
  // Tokens and customer data must not stay in any cache.
  a.headers.emplace_back("Cache-Control", "no-store");
  add_security_headers(a);
  if (r.body.size() >= 1024 && req.accept_encoding.find("gzip") != std::string::npos) {
    std::string packed = gzip(r.body);
    if (!packed.empty()) {
      a.body = std::move(packed);
      a.headers.emplace_back("Content-Encoding", "gzip");
      a.headers.emplace_back("Vary", "Accept-Encoding");
    }
  }
  return a;
}

bool is_inline_route(const HttpRequest& req) { return req.path == "/api/v1/health"; }

bool is_sign_in_route(const HttpRequest& req) { return req.path == "/api/v1/login"; }

bool is_attachment_upload(std::string_view method, std::string_view target) {
  return method == "PUT" && target.rfind("/api/v1/attachments/", 0) == 0;
}

Router::Router(ApiService& api, std::vector<std::string> static_dirs, AttachmentService* attachments)
    : api_(api), attachments_(attachments), static_dirs_(std::move(static_dirs)) {}

// /api/v1/attachments?entity=E&id=ID                 GET: the record's attachments
// /api/v1/attachments/SHA256?entity=E&id=ID          PUT: upload (a piece); GET, HEAD: the bytes
// /api/v1/attachments/SHA256/status?entity=E&id=ID   GET: bytes held of an upload
HttpAnswer Router::attachment_answer(const HttpRequest& req, const std::string& route) const {
  auto answer = [&](const ApiResponse& r) { return json_answer(req, r); };
  if (!attachments_) return error_answer(404, "not_found", "this server stores no attachments");
  auto session = api_.authenticate(req.authorization);
  if (!session) return answer(error_response(session.error()));
  auto param = [&](const char* name) {
    auto it = req.query.find(name);
    return it == req.query.end() ? std::string() : it->second;
  };
  const RecordKey record{param("entity"), param("id")};
  const bool get = req.method == "GET" || req.method == "HEAD";
  auto not_allowed = [&] {
    return error_answer(405, "method_not_allowed", req.method + " is not allowed on " + req.path);
  };
  if (route == "attachments") return get ? answer(attachments_->list(session.value(), record)) : not_allowed();
  std::string sha = route.substr(std::string("attachments/").size());
  const std::string suffix = "/status";
  if (sha.size() > suffix.size() && sha.compare(sha.size() - suffix.size(), suffix.size(), suffix) == 0) {
    sha.resize(sha.size() - suffix.size());
    return get ? answer(attachments_->status(session.value(), AttachmentTarget{sha, record})) : not_allowed();
  }
  const AttachmentTarget target{sha, record};
  if (req.method == "PUT") {
    std::optional<ByteRange> range;
    if (!req.content_range.empty()) {
      auto parsed = parse_content_range(req.content_range);
      if (!parsed) return answer(error_response(parsed.error()));
      range = parsed.value();
    }
    return answer(attachments_->upload(session.value(), target, range, req.body));
  }
  if (!get) return not_allowed();
  ApiResponse r = attachments_->download(session.value(), target);
  if (r.content_type.empty()) return answer(r);
  HttpAnswer a{200, r.content_type, std::move(r.body), {}};
  a.headers.emplace_back("Cache-Control", "no-store");
  // Never shown inline by the browser as a page of this origin (a PDF with scripts, say).
  a.headers.emplace_back("Content-Disposition", "attachment");
  add_security_headers(a);
  return a;
}

HttpAnswer Router::api_answer(const HttpRequest& req) const {
  const std::string route = req.path.substr(std::string(kApiPrefix).size());
  const bool get = req.method == "GET", post = req.method == "POST";
  auto answer = [&](const ApiResponse& r) { return json_answer(req, r); };
  if (route == "health" && get) return answer(api_.health());
  if (route == "login" && post) return answer(api_.login(req.body, req.client_address));
  if (route == "refresh" && post) return answer(api_.refresh(req.body));
  if (route == "attachments" || route.rfind("attachments/", 0) == 0) return attachment_answer(req, route);
  const bool authed_route = route == "logout" || route == "push" || route == "pull";
  const bool admin_route = route.rfind("admin/", 0) == 0 && route.size() > 6 &&
                           route.find_first_not_of("abcdefghijklmnopqrstuvwxyz/", 6) == std::string::npos;
  if ((authed_route && post) || (admin_route && (get || post))) {
    auto session = api_.authenticate(req.authorization);
    if (!session) return answer(error_response(session.error()));
    if (route == "logout") return answer(api_.logout(session.value()));
    if (route == "push") return answer(api_.push(session.value(), req.body));
    if (route == "pull") return answer(api_.pull(session.value(), req.body));
    return answer(api_.admin(session.value(), req.method, route.substr(6), req.body, req.query));
  }
  return error_answer(404, "not_found", "no such resource: " + req.method + " " + req.path);
}

HttpAnswer Router::handle(const HttpRequest& req) const {
  if (req.path.rfind(kApiPrefix, 0) == 0) return api_answer(req);
  if (req.method == "GET" || req.method == "HEAD") {
    if (!is_safe_static_path(req.path))
      return error_answer(400, "bad_request", "the path is not allowed: " + req.path);
    if (auto file = find_static_file(static_dirs_, req.path)) {
      HttpAnswer a{200, file->content_type, std::move(file->body), {}};
      a.headers.emplace_back("Cache-Control", "no-cache");  // revalidated: a new build shows at once
      add_security_headers(a);
      return a;
    }
  }
  return error_answer(404, "not_found", "no such resource: " + req.method + " " + req.path);
}

}  // namespace crm::server
