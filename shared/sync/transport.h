// Transport: how the sync session's requests reach the server. The session itself does no I/O;
// a transport carries one request at a time. Native code uses a blocking HTTP client
// (client/net/); the browser uses fetch and feeds answers back asynchronously.
#pragma once

#include <string>

#include "core/result.h"

namespace crm {

struct HttpRequest {
  std::string method;  // "GET", "POST" or "PUT"
  std::string path;    // e.g. "/api/v1/push"
  std::string body;    // JSON, or bytes (an attachment piece)
  std::string bearer_token;
  std::string content_type;   // empty: application/json
  std::string content_range;  // an attachment piece: "bytes FIRST-LAST/TOTAL" (empty: none)
};

struct HttpResponse {
  int status = 0;
  std::string body;  // as received: JSON, or an attachment's bytes
};

class Transport {
 public:
  virtual ~Transport() = default;
  // Errors only for failures below HTTP (code "network_error"); any HTTP status is a response.
  virtual Result<HttpResponse> send(const HttpRequest& request) = 0;
};

}  // namespace crm
