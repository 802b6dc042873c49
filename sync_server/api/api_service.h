// ApiService: the sync server's API without HTTP. Each call takes a request body (and, for
// authenticated calls, the bearer token) and returns the status and JSON body to send. All
// errors a client can cause become 4xx answers with {"code", "message"}; see docs/sync-protocol.md.
#pragma once

#include <string>

#include "core/clock.h"
#include "storage/server_store.h"

namespace crm::server {

struct ApiResponse {
  int status = 200;
  std::string body;
};

struct ApiOptions {
  int64_t token_ttl_ms = 30LL * 24 * 3600 * 1000;  // a field device may stay offline for weeks
};

// The HTTP status for an error code, in one place.
int http_status_for(const std::string& code);
ApiResponse error_response(const Error& e);

class ApiService {
 public:
  ApiService(ServerStore& store, Clock& clock, ApiOptions options = {})
      : store_(store), clock_(clock), options_(options) {}

  ApiResponse health();
  ApiResponse login(const std::string& body);
  // Resolves "Bearer <token>" to a session. Errors: unauthorized.
  Result<Session> authenticate(const std::string& authorization_header);
  ApiResponse push(const Session& session, const std::string& body);
  ApiResponse pull(const Session& session, const std::string& body);

 private:
  Result<std::string> push_batch(const Session& session, const std::string& body);
  Result<std::string> pull_page(const std::string& body);

  ServerStore& store_;
  Clock& clock_;
  ApiOptions options_;
};

}  // namespace crm::server
