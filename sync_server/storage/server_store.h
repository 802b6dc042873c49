// ServerStore: everything the sync server keeps, behind one interface so that another backend
// (PostgreSQL) can be added without touching the API code. Implementations are thread-safe and
// keep no state between calls that another server process would need.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "access/org.h"
#include "access/record_scope.h"
#include "core/result.h"
#include "crdt/record.h"
#include "store/record_store.h"

namespace crm::server {

struct User {
  int64_t id = 0;
  std::string username, role, password_hash;
  bool disabled = false;
  int64_t created_at_ms = 0;
  std::string team;  // team name, empty when in no team
};

// A change to a user's account by an admin; unset members stay as they are.
struct UserUpdate {
  std::optional<std::string> role;
  std::optional<std::string> team;  // "" takes the user out of every team
  std::optional<bool> disabled;
};

struct Device {
  std::string id;  // the device's replica id
  int64_t user_id = 0;
  std::string username, name;
  int64_t first_seen_ms = 0, last_seen_ms = 0;
  int64_t changes = 0;  // accepted changes sent by this device
  int64_t revoked_at_ms = 0;  // 0: not revoked
};

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

// One field of one record changed by an accepted push (the audit log).
struct AuditEntry {
  int64_t seq = 0, at_ms = 0, user_id = 0;
  std::string username, device_id, entity, record_id, field;
  std::string old_value, new_value;  // JSON text; "null" when unset
  // A write this change stored that lost a concurrent conflict (JSON text; empty when none): the
  // visible value did not change, but the write is kept and can win a later resolution.
  std::string lost_value;
};

struct AuditQuery {
  std::string entity, record_id, username, device_id;
  int64_t since_ms = 0, until_ms = 0;  // 0: unbounded
  int limit = 100;
};

// One page of a user's pull: the records of their scope changed after the cursor, and the
// records that left their scope after it.
struct ChangePage {
  std::vector<RawRecord> records;
  std::vector<RecordKey> removed;
  int64_t next_cursor = 0;
  bool has_more = false;
  int64_t latest = 0;
};

// Failed sign-ins counted under one key ("user:NAME" or "addr:IP").
struct LoginThrottle {
  int64_t failures = 0, window_start_ms = 0, locked_until_ms = 0;
};

// Who made a batch of accepted changes; stored in the change log with their sequence range.
struct ChangeAuthor {
  int64_t user_id = 0;
  std::string device_id;
  int64_t at_ms = 0;
};

// Record access inside one write transaction.
class RecordTransaction {
 public:
  virtual ~RecordTransaction() = default;
  virtual Result<std::optional<RecordState>> get(const std::string& entity, const std::string& id) = 0;
  // Where a stored record sits (null if the server does not hold it).
  virtual Result<std::optional<RecordScope>> scope(const std::string& entity, const std::string& id) = 0;
  // Stores a new state in `scope` under the next change sequence number. `previous` is the state
  // get() returned (null if none).
  virtual Status put(const RecordState& state, const RecordState* previous, const RecordScope& scope) = 0;
  // The records whose scope follows `parent` directly (its children), with their scope.
  virtual Result<std::vector<std::pair<RecordKey, RecordScope>>> children(const RecordKey& parent) = 0;
  // Whether any record of entity `child` follows `parent` directly.
  virtual Result<bool> has_child(const RecordKey& parent, const std::string& child) = 0;
  // Gives a stored record the next sequence number and `scope`, unchanged otherwise, so that pulls
  // deliver it to users who now see it; `lost` users get it as removed on their next pull.
  virtual Status move(const RecordKey& key, const RecordScope& scope, const std::vector<int64_t>& lost) = 0;
  // The fields one stored change altered (all of one record; none: nothing is written).
  virtual Status audit(const std::vector<AuditEntry>& fields) = 0;
};

class ServerStore {
 public:
  virtual ~ServerStore() = default;

  // Runs `fn` in one write transaction: everything it put commits together, logged as the
  // author's, if it returns ok; nothing does otherwise. Commits are durable (fsync) on return.
  virtual Status write(const ChangeAuthor& author, const std::function<Status(RecordTransaction&)>& fn) = 0;
  // Changes with sequence > cursor, in order, at most `limit` (everything: an admin's pull).
  virtual Result<std::vector<RawRecord>> changes_since(int64_t cursor, int limit) = 0;
  // One page of the pull of `viewer`, whose scope is `scope` (see ChangePage): the records
  // filter_of(scope) sees (access/record_scope.h), as sees() would answer for each.
  virtual Result<ChangePage> changes_for(const DataScope& scope, int64_t viewer, int64_t cursor, int limit) = 0;
  // The sequence of the newest change (0 when there is none).
  virtual Result<int64_t> latest_seq() = 0;
  // Every stored record of `entity`, deleted ones included: the configuration entities
  // (model/configuration.h), read when the server starts and after a push changed them.
  virtual Result<std::vector<RecordState>> records_of(const std::string& entity) = 0;

  // Users (in id order) and teams.
  virtual Result<Org> load_org() = 0;
  // Errors: user_exists, not_found (team).
  virtual Result<User> create_user(const std::string& username, const std::string& password_hash,
                                   const std::string& role, int64_t now_ms, const std::string& team = {}) = 0;
  // Changes role, team or status. Users whose data scope this changes must sync their scope anew.
  // Errors: not_found (user or team), invalid_role.
  virtual Status update_user(const std::string& username, const UserUpdate& update) = 0;
  // Errors: team_exists, not_found (parent).
  virtual Result<Team> create_team(const std::string& name, const std::string& parent) = 0;
  // Whether the device must pull its scope again from cursor 0 (its user's scope changed since it
  // last did). A pull from cursor 0 clears the mark.
  virtual Result<bool> scope_reset_due(const std::string& device_id, int64_t cursor) = 0;
  virtual Result<std::optional<User>> find_user(const std::string& username) = 0;
  virtual Result<std::vector<User>> list_users() = 0;
  // Replaces a user's password hash and revokes every token of that user. Errors: not_found.
  virtual Status set_password(const std::string& username, const std::string& password_hash) = 0;

  // Registers or refreshes a device for a user. Errors: device_taken (another user's device).
  virtual Status register_device(const std::string& device_id, int64_t user_id, const std::string& name,
                                 int64_t now_ms) = 0;
  virtual Result<std::vector<Device>> list_devices() = 0;
  // Marks a device revoked: every request with its tokens and every sign-in from it are refused,
  // and the device wipes its data on hearing so. Errors: not_found.
  virtual Status revoke_device(const std::string& device_id, int64_t now_ms) = 0;
  // Records that a device just synced (its last contact, for admins).
  virtual Status touch_device(const std::string& device_id, int64_t now_ms) = 0;

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

  // Newest first.
  virtual Result<std::vector<AuditEntry>> query_audit(const AuditQuery& q) = 0;
};

}  // namespace crm::server
