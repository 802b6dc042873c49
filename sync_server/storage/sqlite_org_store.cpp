// The SQLite store's organisation and accounts: users, teams, scope epochs and devices. Split from
// sqlite_server_store.cpp by concern; the same class and connection (sqlite_server_store.h).
#include <algorithm>

#include "storage/sqlite_server_store.h"

namespace crm::server {

Result<Org> SqliteServerStore::load_org() {
  Reader& r = reader();
  std::lock_guard lock(r.mu);
  return read_org([&](const std::string& sql) { return r.cached(sql); });
}

Result<Org> SqliteServerStore::read_org() {
  return read_org([&](const std::string& sql) { return cached(sql); });
}

Result<Org> SqliteServerStore::read_org(const std::function<Result<Statement*>(const std::string&)>& cached) {
  std::vector<OrgUser> users;
  std::vector<Team> teams;
  auto us = cached("SELECT id, username, role, team_id FROM users WHERE disabled = 0 ORDER BY id");
  if (!us) return us.error();
  CRM_TRY((*us)->for_each_row([&](const Statement& r) {
    users.push_back(OrgUser{r.column_int(0), r.column_text(1), r.column_text(2), r.column_int(3)});
  }));
  auto ts = cached("SELECT id, name, parent_id FROM teams ORDER BY id");
  if (!ts) return ts.error();
  CRM_TRY((*ts)->for_each_row([&](const Statement& r) {
    teams.push_back(Team{r.column_int(0), r.column_text(1), r.column_int(2)});
  }));
  return Org(std::move(users), std::move(teams));
}

Result<int64_t> SqliteServerStore::team_id(const std::string& name) {
  if (name.empty()) return int64_t{0};
  auto st = cached("SELECT id FROM teams WHERE name = ?");
  if (!st) return st.error();
  (*st)->bind(1, name);
  auto row = (*st)->step();
  if (!row) return row.error();
  if (!row.value()) return make_error("not_found", "no team named '" + name + "'", "team");
  const int64_t id = (*st)->column_int(0);
  (*st)->reset();
  return id;
}

Status SqliteServerStore::bump_scope_epochs(const Org& before) {
  auto after = read_org();
  if (!after) return after.error();
  auto bump = cached("UPDATE users SET scope_epoch = scope_epoch + 1 WHERE id = ?");
  if (!bump) return bump.error();
  for (int64_t id : scope_changes(before, after.value())) CRM_TRY((*bump)->bind(1, id).run());
  return ok_status();
}

Result<User> SqliteServerStore::create_user(const std::string& username, const std::string& password_hash,
                                            const std::string& role, int64_t now_ms, const std::string& team) {
  std::lock_guard lock(mu_);
  auto tx = Transaction::begin(records_->db());
  if (!tx) return tx.error();
  auto before = read_org();
  if (!before) return before.error();
  auto tid = team_id(team);
  if (!tid) return tid.error();
  auto st = records_->db().prepare(
      "INSERT INTO users(username, password_hash, role, created_at, team_id) VALUES(?,?,?,?,?) "
      "ON CONFLICT(username) DO NOTHING RETURNING id");
  if (!st) return st.error();
  st->bind(1, username).bind(2, password_hash).bind(3, role).bind(4, now_ms).bind(5, tid.value());
  auto row = st->step();
  if (!row) return row.error();
  if (!row.value()) return make_error("user_exists", "a user named '" + username + "' already exists", "username");
  User u{st->column_int(0), username, role, password_hash, false, now_ms, team};
  st->reset();
  // A new sales person in a team widens the scope of the team's managers.
  CRM_TRY(bump_scope_epochs(before.value()));
  CRM_TRY(tx.value()->commit());
  return u;
}

Status SqliteServerStore::update_user(const std::string& username, const UserUpdate& update) {
  std::lock_guard lock(mu_);
  auto tx = Transaction::begin(records_->db());
  if (!tx) return tx.error();
  auto before = read_org();
  if (!before) return before.error();
  auto find = records_->db().prepare("SELECT id FROM users WHERE username = ?");
  if (!find) return find.error();
  find->bind(1, username);
  auto row = find->step();
  if (!row) return row.error();
  if (!row.value()) return make_error("not_found", "no user named '" + username + "'", "username");
  const int64_t id = find->column_int(0);
  find->reset();
  if (update.role) {
    if (!is_role(*update.role)) return make_error("invalid_role", std::string("role must be ") + kRoleList, "role");
    auto st = records_->db().prepare("UPDATE users SET role = ? WHERE id = ?");
    if (!st) return st.error();
    CRM_TRY(st->bind(1, *update.role).bind(2, id).run());
  }
  if (update.team) {
    auto tid = team_id(*update.team);
    if (!tid) return tid.error();
    auto st = records_->db().prepare("UPDATE users SET team_id = ? WHERE id = ?");
    if (!st) return st.error();
    CRM_TRY(st->bind(1, tid.value()).bind(2, id).run());
  }
  if (update.disabled) {
    auto st = records_->db().prepare("UPDATE users SET disabled = ? WHERE id = ?");
    if (!st) return st.error();
    CRM_TRY(st->bind(1, int64_t{*update.disabled}).bind(2, id).run());
  }
  CRM_TRY(bump_scope_epochs(before.value()));
  return tx.value()->commit();
}

Result<Team> SqliteServerStore::create_team(const std::string& name, const std::string& parent) {
  std::lock_guard lock(mu_);
  auto tx = Transaction::begin(records_->db());
  if (!tx) return tx.error();
  auto pid = team_id(parent);
  if (!pid) return pid.error();
  auto st = records_->db().prepare(
      "INSERT INTO teams(name, parent_id) VALUES(?,?) ON CONFLICT(name) DO NOTHING RETURNING id");
  if (!st) return st.error();
  st->bind(1, name).bind(2, pid.value());
  auto row = st->step();
  if (!row) return row.error();
  if (!row.value()) return make_error("team_exists", "a team named '" + name + "' already exists", "name");
  Team t{st->column_int(0), name, pid.value()};
  st->reset();
  CRM_TRY(tx.value()->commit());
  return t;  // an empty new team changes nobody's scope
}

Result<bool> SqliteServerStore::scope_reset_due(const std::string& device_id, int64_t cursor) {
  // Asked by every pull: read on a read connection, written (rarely) on the writing one.
  int64_t user_epoch = 0, device_epoch = 0;
  {
    Reader& rd = reader();
    std::lock_guard lock(rd.mu);
    auto st = rd.cached("SELECT u.scope_epoch, d.scope_epoch FROM devices d JOIN users u ON u.id = d.user_id WHERE d.id = ?");
    if (!st) return st.error();
    (*st)->bind(1, device_id);
    auto row = (*st)->step();
    if (!row) return row.error();
    if (!row.value()) return false;
    user_epoch = (*st)->column_int(0), device_epoch = (*st)->column_int(1);
    (*st)->reset();
  }
  if (device_epoch == user_epoch) return false;
  if (cursor != 0) return true;
  std::lock_guard lock(mu_);
  // Cleared only by the pull from 0 itself: if the answer that asked for it was lost, the device
  // is asked again.
  auto up = cached("UPDATE devices SET scope_epoch = ? WHERE id = ?");
  if (!up) return up.error();
  CRM_TRY((*up)->bind(1, user_epoch).bind(2, device_id).run());
  return false;
}

Result<std::optional<User>> SqliteServerStore::find_user(const std::string& username) {
  std::lock_guard lock(mu_);
  auto st = records_->db().prepare(
      "SELECT u.id, u.username, u.role, u.password_hash, u.disabled, u.created_at, COALESCE(t.name, '') "
      "FROM users u LEFT JOIN teams t ON t.id = u.team_id WHERE u.username = ?");
  if (!st) return st.error();
  st->bind(1, username);
  auto row = st->step();
  if (!row) return row.error();
  if (!row.value()) return std::optional<User>();
  User u{st->column_int(0), st->column_text(1), st->column_text(2), st->column_text(3),
         st->column_int(4) != 0, st->column_int(5), st->column_text(6)};
  st->reset();
  return std::optional<User>(std::move(u));
}

Result<std::vector<User>> SqliteServerStore::list_users() {
  std::lock_guard lock(mu_);
  auto st = records_->db().prepare(
      "SELECT u.id, u.username, u.role, u.disabled, u.created_at, COALESCE(t.name, '') "
      "FROM users u LEFT JOIN teams t ON t.id = u.team_id ORDER BY u.username");
  if (!st) return st.error();
  std::vector<User> out;
  CRM_TRY(st->for_each_row([&](const Statement& r) {
    out.push_back(User{r.column_int(0), r.column_text(1), r.column_text(2), "", r.column_int(3) != 0,
                       r.column_int(4), r.column_text(5)});
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
  // A new device starts from cursor 0, so it starts at its user's current scope epoch.
  auto st = records_->db().prepare(
      "INSERT INTO devices(id, user_id, name, first_seen, last_seen, scope_epoch) "
      "VALUES(?,?,?,?,?, (SELECT scope_epoch FROM users WHERE id = ?2)) "
      "ON CONFLICT(id) DO UPDATE SET last_seen = excluded.last_seen, name = excluded.name "
      "WHERE devices.user_id = excluded.user_id AND devices.revoked_at = 0 RETURNING id");
  if (!st) return st.error();
  st->bind(1, device_id).bind(2, user_id).bind(3, name).bind(4, now_ms).bind(5, now_ms);
  auto row = st->step();
  if (!row) return row.error();
  if (row.value()) {
    st->reset();
    return ok_status();
  }
  auto revoked = records_->db().query_int("SELECT revoked_at FROM devices WHERE id = ?", device_id);
  if (!revoked) return revoked.error();
  if (revoked.value() != 0)
    return device_revoked_error();
  return make_error("device_taken", "this device id is registered to another user", "device_id");
}

Result<std::vector<Device>> SqliteServerStore::list_devices() {
  std::lock_guard lock(mu_);
  auto st = records_->db().prepare(
      "SELECT d.id, d.user_id, u.username, d.name, d.first_seen, d.last_seen, "
      "(SELECT COALESCE(SUM(c.last_seq - c.first_seq + 1), 0) FROM changes c WHERE c.device_id = d.id), "
      "d.revoked_at FROM devices d JOIN users u ON u.id = d.user_id ORDER BY u.username, d.last_seen DESC");
  if (!st) return st.error();
  std::vector<Device> out;
  CRM_TRY(st->for_each_row([&](const Statement& r) {
    out.push_back(Device{r.column_text(0), r.column_int(1), r.column_text(2), r.column_text(3), r.column_int(4),
                         r.column_int(5), r.column_int(6), r.column_int(7)});
  }));
  return out;
}

Status SqliteServerStore::revoke_device(const std::string& device_id, int64_t now_ms) {
  std::lock_guard lock(mu_);
  auto st = records_->db().prepare("UPDATE devices SET revoked_at = ? WHERE id = ? AND revoked_at = 0 RETURNING id");
  if (!st) return st.error();
  st->bind(1, now_ms).bind(2, device_id);
  auto row = st->step();
  if (!row) return row.error();
  if (row.value()) {
    st->reset();
    return ok_status();
  }
  auto known = records_->db().query_int("SELECT count(*) FROM devices WHERE id = ?", device_id);
  if (!known) return known.error();
  if (known.value() == 0) return make_error("not_found", "no device '" + device_id + "'", "device_id");
  return ok_status();  // already revoked
}

Status SqliteServerStore::touch_device(const std::string& device_id, int64_t now_ms) {
  {
    // Known to be recent without asking the database: most calls take no lock the writer holds.
    std::lock_guard lock(touched_mu_);
    int64_t& last = touched_[device_id];
    if (now_ms - last < 60000 && now_ms >= last) return ok_status();
    last = now_ms;
  }
  std::lock_guard lock(mu_);
  // At most once a minute per device: every request writing (and fsyncing) it cost the load bench
  // a third of its median latency, and admins need minutes, not milliseconds.
  auto st = cached("UPDATE devices SET last_seen = ?1 WHERE id = ?2 AND last_seen < ?1 - 60000");
  if (!st) return st.error();
  return (*st)->bind(1, now_ms).bind(2, device_id).run();
}

}  // namespace crm::server
