// The HTTP front of the sync server: an event-driven HTTP/1.1 server (Boost.Beast on Boost.Asio)
// with a few I/O threads that hold any number of slow or idle connections, and a small fixed pool
// of workers that run the requests (storage, password checks). Routing is http/router.h; this
// layer reads and writes bytes and enforces the limits below, answering JSON {code, message}
// when one is crossed. See docs/decisions.md ("HTTP layer") and docs/sync-protocol.md §1, §10.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "api/api_service.h"
#include "api/attachment_service.h"

namespace crm::server {

struct HttpOptions {
  std::string host = "127.0.0.1";
  int port = 8080;  // 0 picks a free port
  std::vector<std::string> static_dirs;  // served at "/", first match wins

  size_t io_threads = 2;  // read, parse and write for every connection
  size_t workers = 24;    // run requests: SQLite (a share of a busy machine goes by thread)
  size_t sign_in_workers = 4;  // run sign-ins (argon2id, at most 2 at a time: auth/sign_in_gate.h)
  int sign_in_queue_ms = 3000;  // a sign-in queued longer is answered 503 server_busy unchecked

  size_t max_body_bytes = 8 * 1024 * 1024;  // Content-Length or chunked, counted while reading
  size_t max_attachment_bytes = 10 * 1024 * 1024;  // instead, for an attachment upload (PUT)
  size_t max_header_bytes = 16 * 1024;      // request line and headers together
  size_t max_header_count = 64;
  size_t max_target_bytes = 4096;           // the request line's target
  int header_timeout_ms = 10'000;           // from the first byte to the end of the headers
  int body_timeout_ms = 60'000;             // the whole body (8 MiB at ~140 KB/s)
  int idle_timeout_ms = 30'000;             // a kept-alive connection waiting for a request
  int write_timeout_ms = 60'000;            // one answer
  size_t max_connections = 20'000;          // in total (each is one file descriptor)
  size_t max_connections_per_address = 512;
  // Peers (e.g. the nginx of deploy/) whose X-Forwarded-For names the client for sign-in
  // throttling. Empty: the header is ignored, as any client can send it.
  std::vector<std::string> trusted_proxies;
  // TLS from a PEM certificate chain and key (both set): HTTPS on the port instead of HTTP. The
  // documented deployment stays behind a reverse proxy (deploy/nginx); this serves small sites.
  std::string tls_cert_file, tls_key_file;
};

class HttpServer {
 public:
  // `attachments`: null serves no attachment routes.
  HttpServer(ApiService& api, HttpOptions options, AttachmentService* attachments = nullptr);
  ~HttpServer();
  // Binds the socket (and loads the TLS certificate and key, if set). Returns the bound port.
  // Errors: bind_failed, tls_failed.
  Result<int> bind();
  // Serves until stop() is called (from another thread or a signal thread); returns when the
  // requests in flight have been answered.
  void run();
  // Graceful: stops accepting, closes idle connections, lets requests in flight finish.
  void stop();

  struct Impl;

 private:
  std::unique_ptr<Impl> impl_;
};

}  // namespace crm::server
