// ApiService: the sync server's API without HTTP. Each call takes a request body (and, for
// authenticated calls, the session the bearer token names) and returns the status and JSON body
// to send. All errors a client can cause become 4xx answers with {"code", "message"}; see
// docs/sync-protocol.md and docs/access.md.
#pragma once

#include <map>
#include <string>

#include "auth/login_throttle.h"
#include "core/clock.h"
#include "storage/server_store.h"
#include "crdt/hlc.h"

namespace crm::server {

struct ApiResponse {
  int status = 200;
  std::string body;
};

struct ApiOptions {
  int64_t access_ttl_ms = 60LL * 60 * 1000;  // an hour: a stolen access token is short-lived
  // A field device may stay offline for weeks; each refresh moves this out again.
  int64_t refresh_ttl_ms = 30LL * 24 * 3600 * 1000;
  ThrottlePolicy user_throttle{};  // failed sign-ins per user name
  ThrottlePolicy address_throttle{.free_failures = 20};  // and per client address
  // New writes stamped further ahead of the server's clock are refused (clock_ahead, per record).
  int64_t max_clock_ahead_ms = kDefaultMaxClockAheadMs;
};

// The HTTP status for an error code, in one place.
int http_status_for(const std::string& code);
ApiResponse error_response(const Error& e);

class ApiService {
 public:
  ApiService(ServerStore& store, Clock& clock, ApiOptions options = {})
      : store_(store), clock_(clock), options_(options) {}

  ApiResponse health();
  // `address`: the client's IP address, for slowing down password guessing.
  ApiResponse login(const std::string& body, const std::string& address = {});
  // A new access token for a refresh token.
  ApiResponse refresh(const std::string& body);
  // Resolves "Bearer <access token>" to a session. Errors: unauthorized, token_expired (refresh
  // and retry), device_revoked (wipe local data).
  Result<Session> authenticate(const std::string& authorization_header);
  ApiResponse logout(const Session& session);
  ApiResponse push(const Session& session, const std::string& body);
  ApiResponse pull(const Session& session, const std::string& body);

  // The admin API (admins only; see api/admin_api.cpp). `query`: URL query parameters.
  ApiResponse admin(const Session& session, const std::string& method, const std::string& path,
                    const std::string& body, const std::map<std::string, std::string>& query);

 private:
  Result<std::string> push_batch(const Session& session, const std::string& body);
  Result<std::string> pull_page(const Session& session, const std::string& body);
  // A new access token for `who`'s device with the refresh token that goes with it: a new one at
  // sign-in (`refresh` empty), the same one with its end moved out at a refresh. The answer has
  // the login's shape.
  Result<std::string> issue_tokens(const Session& who, std::string refresh = {});
  Status check_throttle(const std::string& key);
  void count_failure(const std::string& key, const ThrottlePolicy& policy);

  ServerStore& store_;
  Clock& clock_;
  ApiOptions options_;
};

}  // namespace crm::server
