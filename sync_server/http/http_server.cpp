#include "http/http_server.h"

#include <httplib.h>

#include <zlib.h>

#include <sys/socket.h>

#include <cstdio>
#include <map>

#include "sync/protocol.h"

namespace crm::server {
namespace {

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

// API answers are compressed here, with gzip only: left to cpp-httplib, a browser's
// "Accept-Encoding: br" gets Brotli at its slowest setting (0.7 s per 400 KB pull page). The
// charset parameter keeps cpp-httplib from compressing again.
void send(const httplib::Request& req, httplib::Response& res, const ApiResponse& r) {
  constexpr const char* kType = "application/json; charset=utf-8";
  res.status = r.status;
  if (r.body.size() >= 1024 && req.get_header_value("Accept-Encoding").find("gzip") != std::string::npos) {
    std::string packed = gzip(r.body);
    if (!packed.empty()) {
      res.set_header("Content-Encoding", "gzip");
      res.set_header("Vary", "Accept-Encoding");
      res.set_content(std::move(packed), kType);
      return;
    }
  }
  res.set_content(r.body, kType);
}

void send_error(const httplib::Request& req, httplib::Response& res, const std::string& code,
                const std::string& message) {
  send(req, res, error_response(make_error(code, message)));
}

}  // namespace

HttpServer::HttpServer(ApiService& api, HttpOptions options)
    : api_(api), options_(std::move(options)), server_(std::make_unique<httplib::Server>()) {
  install_routes();
}

HttpServer::~HttpServer() = default;

void HttpServer::install_routes() {
  auto& s = *server_;
  s.set_payload_max_length(options_.max_body_bytes);
  s.set_tcp_nodelay(true);  // no Nagle delay between the header and body writes
  s.set_read_timeout(30, 0);
  s.set_write_timeout(30, 0);
  // A kept-alive connection holds a worker while it idles, so the pool is sized for the devices
  // connected at once, and idle connections let go quickly (the load bench: 8 workers left 200
  // devices queueing into 60 s timeouts at 5% server CPU). Bounded memory comes from elsewhere:
  // at most two argon2id computations at a time (auth/credentials.cpp).
  s.new_task_queue = [workers = options_.workers] { return new httplib::ThreadPool(workers); };
  s.set_keep_alive_timeout(2);
  // cpp-httplib listens with a queue of 5 connections; bursts of devices overflowed it and the
  // kernel reset them. The listening socket is remembered so bind() can listen again, deeper.
  s.set_socket_options([this](int fd) {
    httplib::default_socket_options(fd);
    listen_fd_ = fd;
  });

  auto authed = [this](auto handler) {
    return [this, handler](const httplib::Request& req, httplib::Response& res) {
      auto session = api_.authenticate(req.get_header_value("Authorization"));
      if (!session) return send(req, res, error_response(session.error()));
      send(req, res, handler(session.value(), req.body));
    };
  };
  s.Get("/api/v1/health", [this](const httplib::Request& req, httplib::Response& res) { send(req, res, api_.health()); });
  s.Post("/api/v1/login", [this](const httplib::Request& req, httplib::Response& res) {
    send(req, res, api_.login(req.body, req.remote_addr));
  });
  s.Post("/api/v1/refresh", [this](const httplib::Request& req, httplib::Response& res) {
    send(req, res, api_.refresh(req.body));
  });
  s.Post("/api/v1/logout", authed([this](const Session& se, const std::string&) { return api_.logout(se); }));
  s.Post("/api/v1/push", authed([this](const Session& se, const std::string& b) { return api_.push(se, b); }));
  s.Post("/api/v1/pull", authed([this](const Session& se, const std::string& b) { return api_.pull(se, b); }));
  auto admin = [this](const httplib::Request& req, httplib::Response& res) {
    auto session = api_.authenticate(req.get_header_value("Authorization"));
    if (!session) return send(req, res, error_response(session.error()));
    std::map<std::string, std::string> query;
    for (const auto& [k, v] : req.params) query.emplace(k, v);
    send(req, res, api_.admin(session.value(), req.method, req.matches[1].str(), req.body, query));
  };
  s.Get(R"(/api/v1/admin/([a-z/]+))", admin);
  s.Post(R"(/api/v1/admin/([a-z/]+))", admin);

  for (const auto& dir : options_.static_dirs) s.set_mount_point("/", dir);
  // Types cpp-httplib does not know, for the web client's files.
  s.set_file_extension_and_mimetype_mapping("webmanifest", "application/manifest+json");
  s.set_file_extension_and_mimetype_mapping("ttc", "font/collection");
  s.set_file_extension_and_mimetype_mapping("wasm", "application/wasm");
  s.set_file_extension_and_mimetype_mapping("webmanifest", "application/manifest+json");

  // Errors httplib produces itself (unknown route, body too large) get a JSON body too.
  s.set_error_handler(httplib::Server::HandlerWithResponse([](const httplib::Request& req,
                                                              httplib::Response& res) {
    if (!res.body.empty()) return httplib::Server::HandlerResponse::Unhandled;
    if (res.status == 413) {
      send_error(req, res, "payload_too_large", "the request body is too large");
    } else if (res.status == 400) {
      send_error(req, res, "bad_request", "the request is malformed (bad request line or headers, or a header too long)");
    } else if (res.status == 404) {
      send_error(req, res, "not_found", "no such resource: " + req.method + " " + req.path);
    } else {
      send(req, res, ApiResponse{res.status, error_body(make_error("http_" + std::to_string(res.status),
                                                              "the request could not be handled"))});
    }
    return httplib::Server::HandlerResponse::Handled;
  }));
  s.set_exception_handler([](const httplib::Request& req, httplib::Response& res, std::exception_ptr ep) {
    std::string what = "unknown";
    try {
      std::rethrow_exception(ep);
    } catch (const std::exception& e) {
      what = e.what();
    } catch (...) {
    }
    std::fprintf(stderr, "crm-server: handler failed: %s\n", what.c_str());
    send_error(req, res, "internal_error", "the server failed to handle the request");
  });
}

Result<int> HttpServer::bind() {
  int port = options_.port == 0 ? server_->bind_to_any_port(options_.host)
                                : (server_->bind_to_port(options_.host, options_.port) ? options_.port : -1);
  if (port < 0)
    return make_error("bind_failed", "cannot listen on " + options_.host + ":" + std::to_string(options_.port));
  if (listen_fd_ >= 0) ::listen(listen_fd_, SOMAXCONN);  // Linux takes a second listen() as a new backlog
  return port;
}

void HttpServer::run() { server_->listen_after_bind(); }

void HttpServer::stop() { server_->stop(); }

}  // namespace crm::server
