// The SQLite store's sessions and sign-in throttling: access and refresh tokens (one family per
// sign-in, rotated on refresh) and the counters of failed sign-ins. Split from
// sqlite_server_store.cpp by concern; the same class and connection (sqlite_server_store.h).
#include <algorithm>

#include "storage/sqlite_server_store.h"

namespace crm::server {

Status SqliteServerStore::store_token(const std::string& token_hash, TokenKind kind, int64_t user_id,
                                      const std::string& device_id, int64_t expires_at_ms) {
  std::lock_guard lock(mu_);
  auto st = records_->db().prepare(
      "INSERT INTO tokens(hash, user_id, device_id, expires_at, kind) VALUES(?,?,?,?,?)");
  if (!st) return st.error();
  st->bind(1, token_hash).bind(2, user_id).bind(3, device_id).bind(4, expires_at_ms);
  return st->bind(5, kind == TokenKind::kRefresh ? "refresh" : "access").run();
}

Result<std::optional<TokenInfo>> SqliteServerStore::find_token(const std::string& token_hash) {
  Reader& reader = this->reader();
  std::lock_guard lock(reader.mu);
  auto st = reader.cached(
      "SELECT t.user_id, u.username, u.role, t.device_id, t.expires_at, t.kind, u.disabled, "
      "COALESCE(d.revoked_at, 0), t.family, t.session_expires, t.rotated_at FROM tokens t "
      "JOIN users u ON u.id = t.user_id "
      "LEFT JOIN devices d ON d.id = t.device_id WHERE t.hash = ?");
  if (!st) return st.error();
  (*st)->bind(1, token_hash);
  auto row = (*st)->step();
  if (!row) return row.error();
  if (!row.value()) return std::optional<TokenInfo>();
  const Statement& r = **st;
  TokenInfo t;
  t.session = Session{r.column_int(0), r.column_text(1), r.column_text(2), r.column_text(3), r.column_int(4)};
  t.kind = r.column_text(5) == "refresh" ? TokenKind::kRefresh : TokenKind::kAccess;
  t.user_disabled = r.column_int(6) != 0;
  t.device_revoked = r.column_int(7) != 0;
  t.family = r.column_text(8);
  t.session_expires_ms = r.column_int(9);
  t.rotated_at_ms = r.column_int(10);
  (*st)->reset();
  return std::optional<TokenInfo>(std::move(t));
}

Status SqliteServerStore::extend_token(const std::string& token_hash, int64_t expires_at_ms) {
  std::lock_guard lock(mu_);
  auto st = cached("UPDATE tokens SET expires_at = ? WHERE hash = ?");
  if (!st) return st.error();
  return (*st)->bind(1, expires_at_ms).bind(2, token_hash).run();
}

Status SqliteServerStore::delete_device_tokens(const std::string& device_id) {
  std::lock_guard lock(mu_);
  auto st = cached("DELETE FROM tokens WHERE device_id = ?");
  if (!st) return st.error();
  return (*st)->bind(1, device_id).run();
}

Status SqliteServerStore::delete_expired_tokens(int64_t expired_before_ms) {
  std::lock_guard lock(mu_);
  auto st = cached("DELETE FROM tokens WHERE expires_at < ?");
  if (!st) return st.error();
  return (*st)->bind(1, expired_before_ms).run();
}

Status SqliteServerStore::insert_tokens(const IssuedTokens& t) {
  auto st = cached(
      "INSERT INTO tokens(hash, user_id, device_id, expires_at, kind, family, session_expires) "
      "VALUES(?,?,?,?,?,?,?)");
  if (!st) return st.error();
  CRM_TRY((*st)->bind(1, t.access_hash).bind(2, t.user_id).bind(3, t.device_id).bind(4, t.access_expires_ms)
              .bind(5, "access").bind(6, t.family).bind(7, t.session_expires_ms).run());
  return (*st)->bind(1, t.refresh_hash).bind(2, t.user_id).bind(3, t.device_id).bind(4, t.refresh_expires_ms)
      .bind(5, "refresh").bind(6, t.family).bind(7, t.session_expires_ms).run();
}

Status SqliteServerStore::start_session(const IssuedTokens& t) {
  std::lock_guard lock(mu_);
  auto tx = Transaction::begin(records_->db());
  if (!tx) return tx.error();
  auto del = cached("DELETE FROM tokens WHERE device_id = ?");
  if (!del) return del.error();
  CRM_TRY((*del)->bind(1, t.device_id).run());
  CRM_TRY(insert_tokens(t));
  return tx.value()->commit();
}

Result<RotateOutcome> SqliteServerStore::rotate_session(const std::string& old_hash, int64_t now_ms,
                                                        int64_t grace_ms, const IssuedTokens& t) {
  std::lock_guard lock(mu_);
  auto tx = Transaction::begin(records_->db());
  if (!tx) return tx.error();
  auto row = cached("SELECT family, rotated_at, device_id FROM tokens WHERE hash = ? AND kind = 'refresh'");
  if (!row) return row.error();
  (*row)->bind(1, old_hash);
  auto found = (*row)->step();
  if (!found) return found.error();
  if (!found.value()) return RotateOutcome::kUnknown;
  const std::string family = (*row)->column_text(0), device = (*row)->column_text(2);
  const int64_t rotated_at = (*row)->column_int(1);
  (*row)->reset();
  // Tokens from before families form one family per device.
  auto in_family = [&](const std::string& sql) {
    return cached(sql + (family.empty() ? " WHERE device_id = ?1 AND family = ''" : " WHERE family = ?1"));
  };
  if (rotated_at > 0 && now_ms - rotated_at > grace_ms) {
    // A device holds one sign-in (start_session), so its tokens are the family's.
    auto del = cached("DELETE FROM tokens WHERE device_id = ?");
    if (!del) return del.error();
    CRM_TRY((*del)->bind(1, device).run());
    CRM_TRY(tx.value()->commit());
    return RotateOutcome::kReused;
  }
  // Refresh tokens: marked exchanged (those marked before keep their time, so a grace period is
  // never extended); access tokens: end now.
  auto mark = in_family(
      "UPDATE tokens SET rotated_at = CASE WHEN kind = 'refresh' AND rotated_at = 0 THEN ?2 ELSE rotated_at END, "
      "expires_at = CASE WHEN kind = 'access' THEN MIN(expires_at, ?2) ELSE expires_at END");
  if (!mark) return mark.error();
  CRM_TRY((*mark)->bind(1, family.empty() ? device : family).bind(2, now_ms).run());
  CRM_TRY(insert_tokens(t));
  CRM_TRY(tx.value()->commit());
  return RotateOutcome::kRotated;
}

Result<LoginThrottle> SqliteServerStore::read_throttle(const std::string& key) {
  auto st = cached("SELECT failures, window_start, locked_until FROM login_throttle WHERE key = ?");
  if (!st) return st.error();
  (*st)->bind(1, key);
  auto row = (*st)->step();
  if (!row) return row.error();
  if (!row.value()) return LoginThrottle{};
  LoginThrottle t{(*st)->column_int(0), (*st)->column_int(1), (*st)->column_int(2)};
  (*st)->reset();
  return t;
}

Status SqliteServerStore::write_throttle(const std::string& key, const LoginThrottle& t) {
  if (t.failures == 0 && t.locked_until_ms == 0) {
    auto del = cached("DELETE FROM login_throttle WHERE key = ?");
    if (!del) return del.error();
    return (*del)->bind(1, key).run();
  }
  auto st = cached(
      "INSERT INTO login_throttle(key, failures, window_start, locked_until) VALUES(?,?,?,?) "
      "ON CONFLICT(key) DO UPDATE SET failures = excluded.failures, window_start = excluded.window_start, "
      "locked_until = excluded.locked_until");
  if (!st) return st.error();
  return (*st)->bind(1, key).bind(2, t.failures).bind(3, t.window_start_ms).bind(4, t.locked_until_ms).run();
}

Result<LoginThrottle> SqliteServerStore::login_throttle(const std::string& key) {
  std::lock_guard lock(mu_);
  return read_throttle(key);
}

Status SqliteServerStore::set_login_throttle(const std::string& key, const LoginThrottle& t) {
  std::lock_guard lock(mu_);
  return write_throttle(key, t);
}

Result<LoginThrottle> SqliteServerStore::update_login_throttle(
    const std::string& key, const std::function<LoginThrottle(LoginThrottle)>& change) {
  // One lock around the read and the write: every store call takes mu_, so no other sign-in
  // reads the row in between.
  std::lock_guard lock(mu_);
  auto before = read_throttle(key);
  if (!before) return before.error();
  CRM_TRY(write_throttle(key, change(before.value())));
  return before;
}

Status SqliteServerStore::prune_login_throttle(int64_t now_ms, int64_t window_ms, int64_t max_rows) {
  std::lock_guard lock(mu_);
  auto expired = cached("DELETE FROM login_throttle WHERE locked_until < ?1 AND window_start < ?1 - ?2");
  if (!expired) return expired.error();
  CRM_TRY((*expired)->bind(1, now_ms).bind(2, window_ms).run());
  auto excess = cached(
      "DELETE FROM login_throttle WHERE key IN (SELECT key FROM login_throttle ORDER BY window_start DESC "
      "LIMIT -1 OFFSET ?)");
  if (!excess) return excess.error();
  return (*excess)->bind(1, max_rows).run();
}

}  // namespace crm::server
