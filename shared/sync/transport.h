// Transport: how the sync session's requests reach the server. The session itself does no I/O;
// a transport carries one request at a time. Native code uses a blocking HTTP client
// (client/net/); the browser uses fetch and feeds answers back asynchronously.
#pragma once

#include <string>

#include "core/result.h"

namespace crm {

struct HttpRequest {
  std::string method;  // "GET" or "POST"
  std::string path;    // e.g. "/api/v1/push"
  std::string body;    // JSON
  std::string bearer_token;
};

struct HttpResponse {
  int status = 0;
  std::string body;
};

class Transport {
 public:
  virtual ~Transport() = default;
  // Errors only for failures below HTTP (code "network_error"); any HTTP status is a response.
  virtual Result<HttpResponse> send(const HttpRequest& request) = 0;
};

}  // namespace crm
