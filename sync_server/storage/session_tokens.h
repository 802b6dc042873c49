// SessionTokens: sign-in sessions (families of an access and a refresh token per device,
// rotated with reuse detection) and the sign-in throttle's counters. Tokens are stored as hashes.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include "core/result.h"

namespace crm::server {

// An authenticated request's identity, from a bearer token.
struct Session {
  int64_t user_id = 0;
  std::string username, role, device_id;
  int64_t expires_at_ms = 0;
};

enum class TokenKind { kAccess, kRefresh };

// What a token hash names, whatever its state: the API turns the state into the right answer
// (expired: refresh; revoked device: wipe; disabled user: sign-in refused).
struct TokenInfo {
  Session session;
  TokenKind kind = TokenKind::kAccess;
  bool device_revoked = false;
  bool user_disabled = false;
  std::string family;              // the sign-in it belongs to ("" for tokens from before families)
  int64_t session_expires_ms = 0;  // the sign-in's absolute end (0: none recorded)
  int64_t rotated_at_ms = 0;       // a refresh token already exchanged for a new one, then
};

// The tokens of one sign-in ("family") handed out together: at sign-in or at a refresh.
struct IssuedTokens {
  int64_t user_id = 0;
  std::string device_id, family;
  std::string access_hash, refresh_hash;
  int64_t access_expires_ms = 0, refresh_expires_ms = 0, session_expires_ms = 0;
};

enum class RotateOutcome { kRotated, kUnknown, kReused };

// The answer to every contact from a device an admin revoked: the device wipes its data on it.
inline Error device_revoked_error() {
  return make_error("device_revoked", "an administrator revoked this device; its local data must be wiped");
}

// Failed sign-ins counted under one key ("user:NAME" or "addr:IP").
struct LoginThrottle {
  int64_t failures = 0, window_start_ms = 0, locked_until_ms = 0;
};

class SessionTokens {
 public:
  virtual ~SessionTokens() = default;

  virtual Status store_token(const std::string& token_hash, TokenKind kind, int64_t user_id,
                             const std::string& device_id, int64_t expires_at_ms) = 0;
  virtual Result<std::optional<TokenInfo>> find_token(const std::string& token_hash) = 0;
  // Moves a token's expiry (a used refresh token lives on).
  virtual Status extend_token(const std::string& token_hash, int64_t expires_at_ms) = 0;
  // Drops every token of a device (sign-out), and tokens expired before `expired_before_ms`.
  virtual Status delete_device_tokens(const std::string& device_id) = 0;
  virtual Status delete_expired_tokens(int64_t expired_before_ms) = 0;
  // A sign-in: the device's earlier tokens are dropped and the new family stored.
  virtual Status start_session(const IssuedTokens& t) = 0;
  // A refresh, atomically: refresh token `old_hash` is exchanged for `t` (same family) unless it
  // was exchanged more than `grace_ms` ago, which is a reuse: then the whole family is deleted
  // (kReused) and nothing stored. On kRotated the family's other refresh tokens are marked
  // exchanged and its access tokens expire now: one live access token per sign-in.
  virtual Result<RotateOutcome> rotate_session(const std::string& old_hash, int64_t now_ms, int64_t grace_ms,
                                               const IssuedTokens& t) = 0;

  virtual Result<LoginThrottle> login_throttle(const std::string& key) = 0;
  virtual Status set_login_throttle(const std::string& key, const LoginThrottle& t) = 0;
  // Reads a key's row, applies `change` and stores the result as one atomic step (parallel
  // sign-ins each see the others' counts). A result with no failures deletes the row. Returns
  // the row as it was before the change.
  virtual Result<LoginThrottle> update_login_throttle(const std::string& key,
                                                      const std::function<LoginThrottle(LoginThrottle)>& change) = 0;
  // Drops rows whose window and lock ended before `now_ms`, then the oldest beyond `max_rows`.
  virtual Status prune_login_throttle(int64_t now_ms, int64_t window_ms, int64_t max_rows) = 0;
};

}  // namespace crm::server
