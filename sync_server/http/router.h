// Router: one parsed HTTP request in, one answer out, with no sockets in it. Routes /api/v1/* to
// ApiService, serves the web client's static files (http/static_files.h), adds the security
// headers, `Cache-Control: no-store` on API answers and gzip for large JSON answers. Every error
// answer is JSON {"code", "message"}. The connection layer (http/http_connection.h) parses bytes
// into HttpRequest; this file decides what to answer.
#pragma once

#include <map>
#include <string>
#include <utility>
#include <vector>

#include "api/api_service.h"
#include "api/attachment_service.h"

namespace crm::server {

struct HttpRequest {
  std::string method;                        // "GET", "POST", ...
  std::string path;                          // percent-decoded, without the query
  std::map<std::string, std::string> query;  // percent-decoded; the last of a repeated name counts
  std::string authorization;                 // the Authorization header, or empty
  std::string accept_encoding;
  std::string content_range;  // the Content-Range header (attachment pieces), or empty
  std::string body;
  std::string client_address;  // the peer, or the trusted proxy's forwarded address
};

struct HttpAnswer {
  int status = 200;
  std::string content_type;
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;  // beyond Content-Type/Length
};

// Whether the request is cheap enough to answer on the I/O thread (no storage, no password).
bool is_inline_route(const HttpRequest& req);
// Whether the request checks a password: those run on their own workers, so a flood of sign-ins
// waiting for a check slot never holds the workers that serve push and pull.
bool is_sign_in_route(const HttpRequest& req);
// Whether a request (method, raw target) uploads attachment bytes: its body may be as large as an
// attachment (HttpOptions::max_attachment_bytes) instead of the usual body limit.
bool is_attachment_upload(std::string_view method, std::string_view target);

class Router {
 public:
  // `attachments`: null serves no attachment routes.
  Router(ApiService& api, std::vector<std::string> static_dirs, AttachmentService* attachments = nullptr);
  HttpAnswer handle(const HttpRequest& req) const;

 private:
  HttpAnswer api_answer(const HttpRequest& req) const;
  HttpAnswer attachment_answer(const HttpRequest& req, const std::string& route) const;
  ApiService& api_;
  AttachmentService* attachments_;
  std::vector<std::string> static_dirs_;
};

// A JSON error answer the connection layer sends itself (bad framing, limits, timeouts).
HttpAnswer error_answer(int status, const std::string& code, const std::string& message);
// The JSON answer for `r`: gzip-compressed when large and the client accepts gzip; no-store.
HttpAnswer json_answer(const HttpRequest& req, const ApiResponse& r);

// Splits a request target into the decoded path and query. Error: bad_target (bad percent
// escape, or a NUL or control byte in the decoded path).
Result<std::pair<std::string, std::map<std::string, std::string>>> split_target(const std::string& target);

}  // namespace crm::server
