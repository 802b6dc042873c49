#include "storage/sqlite_server_store.h"

#include "store/migrations.h"

namespace crm::server {
namespace {

const std::vector<Migration>& server_migrations() {
  static const std::vector<Migration> list = {
      {1, R"sql(
        CREATE TABLE users(
          id            INTEGER PRIMARY KEY,
          username      TEXT NOT NULL UNIQUE,
          password_hash TEXT NOT NULL,
          role          TEXT NOT NULL,
          disabled      INTEGER NOT NULL DEFAULT 0,
          created_at    INTEGER NOT NULL);
        CREATE TABLE devices(
          id         TEXT PRIMARY KEY,
          user_id    INTEGER NOT NULL REFERENCES users(id),
          name       TEXT NOT NULL,
          first_seen INTEGER NOT NULL,
          last_seen  INTEGER NOT NULL);
        -- Only a hash of each token is kept: a copied database yields no usable token.
        CREATE TABLE tokens(
          hash       TEXT PRIMARY KEY,
          user_id    INTEGER NOT NULL REFERENCES users(id),
          device_id  TEXT NOT NULL REFERENCES devices(id),
          expires_at INTEGER NOT NULL);
        -- Who sent each accepted change: one row per accepted push, covering the change
        -- sequence numbers first_seq..last_seq it was given (one row, not one per record, keeps
        -- pushes fast; the change with sequence s was sent by the row whose range holds s).
        CREATE TABLE changes(
          first_seq INTEGER PRIMARY KEY,
          last_seq  INTEGER NOT NULL,
          user_id   INTEGER NOT NULL,
          device_id TEXT NOT NULL,
          at        INTEGER NOT NULL);
      )sql"},
  };
  return list;
}

class SqliteRecordTransaction final : public RecordTransaction {
 public:
  SqliteRecordTransaction(RecordStore& records, int64_t next_seq) : records_(records), next_seq_(next_seq) {}

  Result<std::optional<RecordState>> get(const std::string& entity, const std::string& id) override {
    return records_.get(entity, id);
  }

  Status put(const RecordState& state, const RecordState* previous) override {
    return records_.put(state, PutOptions{.seq = next_seq_++, .had_conflicts = previous && previous->has_conflicts()});
  }
  int64_t next_seq() const { return next_seq_; }

 private:
  RecordStore& records_;
  int64_t next_seq_;
};

}  // namespace

Result<std::unique_ptr<SqliteServerStore>> SqliteServerStore::open(const std::string& path) {
  auto records = RecordStore::open(path, OpenOptions{.wal = true, .synchronous_full = true});
  if (!records) return records.error();
  CRM_TRY(migrate(records.value()->db(), "server", server_migrations()));
  return std::unique_ptr<SqliteServerStore>(new SqliteServerStore(std::move(records.value())));
}

Status SqliteServerStore::write(const ChangeAuthor& author, const std::function<Status(RecordTransaction&)>& fn) {
  std::lock_guard lock(mu_);
  auto tx = Transaction::begin(records_->db());
  if (!tx) return tx.error();
  auto max = records_->max_seq();
  if (!max) return max.error();
  const int64_t first = max.value() + 1;
  SqliteRecordTransaction rt(*records_, first);
  CRM_TRY(fn(rt));
  if (rt.next_seq() > first) {
    auto log = records_->db().prepare(
        "INSERT INTO changes(first_seq, last_seq, user_id, device_id, at) VALUES(?,?,?,?,?)");
    if (!log) return log.error();
    log->bind(1, first).bind(2, rt.next_seq() - 1).bind(3, author.user_id).bind(4, author.device_id);
    CRM_TRY(log->bind(5, author.at_ms).run());
  }
  return tx.value()->commit();
}

Result<std::vector<RawRecord>> SqliteServerStore::changes_since(int64_t cursor, int limit) {
  std::lock_guard lock(mu_);
  return records_->changes_since(cursor, limit);
}

Result<int64_t> SqliteServerStore::latest_seq() {
  std::lock_guard lock(mu_);
  return records_->max_seq();
}

Result<User> SqliteServerStore::create_user(const std::string& username, const std::string& password_hash,
                                            const std::string& role, int64_t now_ms) {
  std::lock_guard lock(mu_);
  auto st = records_->db().prepare(
      "INSERT INTO users(username, password_hash, role, created_at) VALUES(?,?,?,?) "
      "ON CONFLICT(username) DO NOTHING RETURNING id");
  if (!st) return st.error();
  st->bind(1, username).bind(2, password_hash).bind(3, role).bind(4, now_ms);
  auto row = st->step();
  if (!row) return row.error();
  if (!row.value()) return make_error("user_exists", "a user named '" + username + "' already exists", "username");
  User u{st->column_int(0), username, role, password_hash, false, now_ms};
  st->reset();
  return u;
}

Result<std::optional<User>> SqliteServerStore::find_user(const std::string& username) {
  std::lock_guard lock(mu_);
  auto st = records_->db().prepare(
      "SELECT id, username, role, password_hash, disabled, created_at FROM users WHERE username = ?");
  if (!st) return st.error();
  st->bind(1, username);
  auto row = st->step();
  if (!row) return row.error();
  if (!row.value()) return std::optional<User>();
  User u{st->column_int(0), st->column_text(1), st->column_text(2), st->column_text(3),
         st->column_int(4) != 0, st->column_int(5)};
  st->reset();
  return std::optional<User>(std::move(u));
}

Result<std::vector<User>> SqliteServerStore::list_users() {
  std::lock_guard lock(mu_);
  auto st = records_->db().prepare(
      "SELECT id, username, role, '', disabled, created_at FROM users ORDER BY username");
  if (!st) return st.error();
  std::vector<User> out;
  CRM_TRY(st->for_each_row([&](const Statement& r) {
    out.push_back(User{r.column_int(0), r.column_text(1), r.column_text(2), "", r.column_int(4) != 0, r.column_int(5)});
  }));
  return out;
}

Status SqliteServerStore::set_password(const std::string& username, const std::string& password_hash) {
  std::lock_guard lock(mu_);
  auto tx = Transaction::begin(records_->db());
  if (!tx) return tx.error();
  auto st = records_->db().prepare("UPDATE users SET password_hash = ? WHERE username = ? RETURNING id");
  if (!st) return st.error();
  st->bind(1, password_hash).bind(2, username);
  auto row = st->step();
  if (!row) return row.error();
  if (!row.value()) return make_error("not_found", "no user named '" + username + "'", "username");
  const int64_t id = st->column_int(0);
  st->reset();
  auto revoke = records_->db().prepare("DELETE FROM tokens WHERE user_id = ?");
  if (!revoke) return revoke.error();
  CRM_TRY(revoke->bind(1, id).run());
  return tx.value()->commit();
}

Status SqliteServerStore::register_device(const std::string& device_id, int64_t user_id,
                                          const std::string& name, int64_t now_ms) {
  std::lock_guard lock(mu_);
  auto st = records_->db().prepare(
      "INSERT INTO devices(id, user_id, name, first_seen, last_seen) VALUES(?,?,?,?,?) "
      "ON CONFLICT(id) DO UPDATE SET last_seen = excluded.last_seen, name = excluded.name "
      "WHERE devices.user_id = excluded.user_id RETURNING id");
  if (!st) return st.error();
  st->bind(1, device_id).bind(2, user_id).bind(3, name).bind(4, now_ms).bind(5, now_ms);
  auto row = st->step();
  if (!row) return row.error();
  if (!row.value())
    return make_error("device_taken", "this device id is registered to another user", "device_id");
  st->reset();
  return ok_status();
}

Result<std::vector<Device>> SqliteServerStore::list_devices() {
  std::lock_guard lock(mu_);
  auto st = records_->db().prepare(
      "SELECT d.id, d.user_id, u.username, d.name, d.first_seen, d.last_seen, "
      "(SELECT COALESCE(SUM(c.last_seq - c.first_seq + 1), 0) FROM changes c WHERE c.device_id = d.id) "
      "FROM devices d JOIN users u ON u.id = d.user_id ORDER BY u.username, d.last_seen DESC");
  if (!st) return st.error();
  std::vector<Device> out;
  CRM_TRY(st->for_each_row([&](const Statement& r) {
    out.push_back(Device{r.column_text(0), r.column_int(1), r.column_text(2), r.column_text(3), r.column_int(4),
                         r.column_int(5), r.column_int(6)});
  }));
  return out;
}

Status SqliteServerStore::touch_device(const std::string& device_id, int64_t now_ms) {
  std::lock_guard lock(mu_);
  auto st = records_->db().prepare("UPDATE devices SET last_seen = ? WHERE id = ?");
  if (!st) return st.error();
  return st->bind(1, now_ms).bind(2, device_id).run();
}

Status SqliteServerStore::store_token(const std::string& token_hash, int64_t user_id,
                                      const std::string& device_id, int64_t expires_at_ms) {
  std::lock_guard lock(mu_);
  auto st = records_->db().prepare("INSERT INTO tokens(hash, user_id, device_id, expires_at) VALUES(?,?,?,?)");
  if (!st) return st.error();
  return st->bind(1, token_hash).bind(2, user_id).bind(3, device_id).bind(4, expires_at_ms).run();
}

Result<std::optional<Session>> SqliteServerStore::find_session(const std::string& token_hash, int64_t now_ms) {
  std::lock_guard lock(mu_);
  auto st = records_->db().prepare(
      "SELECT t.user_id, u.username, u.role, t.device_id, t.expires_at FROM tokens t "
      "JOIN users u ON u.id = t.user_id WHERE t.hash = ? AND t.expires_at > ? AND u.disabled = 0");
  if (!st) return st.error();
  st->bind(1, token_hash).bind(2, now_ms);
  auto row = st->step();
  if (!row) return row.error();
  if (!row.value()) return std::optional<Session>();
  Session s{st->column_int(0), st->column_text(1), st->column_text(2), st->column_text(3), st->column_int(4)};
  st->reset();
  return std::optional<Session>(std::move(s));
}

}  // namespace crm::server
