// ApiService: the sync server's API without HTTP. Each call takes a request body (and, for
// authenticated calls, the session the bearer token names) and returns the status and JSON body
// to send. All errors a client can cause become 4xx answers with {"code", "message"}; see
// docs/sync-protocol.md and docs/access.md.
#pragma once

#include <atomic>
#include <map>
#include <mutex>
#include <string>

#include "auth/login_throttle.h"
#include "api/admin_extension.h"
#include "api/push_guard.h"
#include "auth/sign_in_gate.h"
#include "core/clock.h"
#include "storage/server_store.h"
#include "crdt/hlc.h"

namespace crm::server {

struct ApiResponse {
  int status = 200;
  std::string body;
  std::string content_type;  // empty: JSON (an attachment's bytes carry their own type)
};

struct ApiOptions {
  int64_t access_ttl_ms = 60LL * 60 * 1000;  // an hour: a stolen access token is short-lived
  // A field device may stay offline for weeks; each refresh gives a new refresh token with this
  // lifetime, within the sign-in's absolute lifetime (session_ttl_ms).
  int64_t refresh_ttl_ms = 30LL * 24 * 3600 * 1000;
  int64_t session_ttl_ms = 90LL * 24 * 3600 * 1000;
  // A replaced refresh token still works this long (a refresh answer lost on the way); used
  // later, it ends the sign-in (it may have been copied).
  int64_t refresh_grace_ms = 5LL * 60 * 1000;
  // Sign-in attempts counted per (client address, user name), then per user name and per
  // client address alone with higher allowances (docs/access.md, "Sign-in throttling").
  ThrottlePolicy pair_throttle{.free_failures = 5};
  ThrottlePolicy user_throttle{.free_failures = 50};
  ThrottlePolicy address_throttle{.free_failures = 100};
  int64_t max_throttle_rows = 100'000;  // the oldest rows beyond this are dropped
  SignInGateOptions sign_in_gate{};
  // New writes stamped further ahead of the server's clock are refused (clock_ahead, per record).
  int64_t max_clock_ahead_ms = kDefaultMaxClockAheadMs;
  // Business rules judged per record before the schema's (the pool's claims, pool/claim_guard.h);
  // not owned, may be null.
  PushGuard* push_guard = nullptr;
  // Admin API resources beyond the built-in ones (pool/pool_admin.h); not owned, may be null.
  AdminExtension* admin_extension = nullptr;
};

// The HTTP status for an error code, in one place.
int http_status_for(const std::string& code);
ApiResponse error_response(const Error& e);

class ApiService {
 public:
  // The pieces of the store it uses, usually one backend for all (the second constructor).
  struct Stores {
    RecordChanges& records;
    OrgAccounts& accounts;
    SessionTokens& sessions;
    AuditLog& audit;
  };
  ApiService(Stores stores, Clock& clock, ApiOptions options = {})
      : records_(stores.records),
        accounts_(stores.accounts),
        sessions_(stores.sessions),
        audit_(stores.audit),
        clock_(clock),
        options_(options),
        gate_(options.sign_in_gate) {}
  ApiService(ServerStore& store, Clock& clock, ApiOptions options = {})
      : ApiService(Stores{store, store, store, store}, clock, options) {}

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
  // A new access and refresh token for `who`'s device in sign-in `family`: a new sign-in
  // (`rotate_from` empty) or in exchange for the refresh token hashed `rotate_from`. The answer
  // has the login's shape. Errors: unauthorized (unknown token, or a reuse: the family ended).
  Result<std::string> issue_tokens(const Session& who, const std::string& family, int64_t session_expires,
                                   const std::string& rotate_from = {});
  // Counts one attempt under `key` unless it is locked. Errors: too_many_attempts.
  Status reserve_attempt(const std::string& key, const ThrottlePolicy& policy);
  void release_attempt(const std::string& key);  // a signed-in attempt gives its count back
  void prune_throttle();                         // at most once a minute
  // Configuration as data (model/configuration.h): the picklist values and custom fields the
  // store holds, applied to the registry's schemas on the first push or pull and again after
  // each push that stored a configuration record.
  Status load_configuration();

  RecordChanges& records_;
  OrgAccounts& accounts_;
  SessionTokens& sessions_;
  AuditLog& audit_;
  Clock& clock_;
  ApiOptions options_;
  SignInGate gate_;
  std::atomic<int64_t> last_prune_ms_{0};
  std::mutex config_mu_;  // one reload at a time, so the last to read the store publishes last
  std::atomic<bool> config_loaded_{false};
};

}  // namespace crm::server
