// The HTTP front of the sync server (cpp-httplib): routes /api/v1/* to ApiService, serves the
// web client's static files, and turns every failure (bad route, oversized body, handler
// exception) into a JSON error body.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "api/api_service.h"

namespace httplib {
class Server;
}

namespace crm::server {

struct HttpOptions {
  std::string host = "127.0.0.1";
  int port = 8080;  // 0 picks a free port
  size_t max_body_bytes = 8 * 1024 * 1024;
  size_t workers = 256;  // request threads: one per device connected at the same time
  std::vector<std::string> static_dirs;  // served at "/", first match wins
};

class HttpServer {
 public:
  HttpServer(ApiService& api, HttpOptions options);
  ~HttpServer();
  // Binds the socket. Returns the bound port. Errors: bind_failed.
  Result<int> bind();
  // Serves until stop() is called (from another thread or a signal thread).
  void run();
  void stop();

 private:
  void install_routes();
  ApiService& api_;
  HttpOptions options_;
  std::unique_ptr<httplib::Server> server_;
  int listen_fd_ = -1;
};

}  // namespace crm::server
