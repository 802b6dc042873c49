#include "storage/sqlite_server_store.h"

#include <algorithm>
#include <map>

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
      {2, R"sql(
        -- Access control (docs/access.md): teams in a hierarchy, a team and a scope epoch per
        -- user (bumped when what the user may see changes as a whole: the user's devices then
        -- pull their scope again from cursor 0), revoked devices, refresh tokens.
        CREATE TABLE teams(
          id        INTEGER PRIMARY KEY,
          name      TEXT NOT NULL UNIQUE,
          parent_id INTEGER NOT NULL DEFAULT 0);
        ALTER TABLE users ADD COLUMN team_id INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE users ADD COLUMN scope_epoch INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE devices ADD COLUMN revoked_at INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE devices ADD COLUMN scope_epoch INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE tokens ADD COLUMN kind TEXT NOT NULL DEFAULT 'access';
        CREATE INDEX tokens_device ON tokens(device_id);
        -- Where each record sits: the owner whose scope holds it (0: the public pool) and its
        -- customer. Derived by the server from the record's fields (storage/record_scope.h).
        CREATE TABLE record_scope(
          entity      TEXT NOT NULL,
          id          TEXT NOT NULL,
          owner_id    INTEGER NOT NULL,
          customer_id TEXT NOT NULL,
          PRIMARY KEY(entity, id)) WITHOUT ROWID;
        CREATE INDEX record_scope_customer ON record_scope(customer_id, entity);
        -- A record that left a user's scope with change `seq`: sent as "removed" to that user.
        CREATE TABLE scope_exits(
          user_id INTEGER NOT NULL,
          seq     INTEGER NOT NULL,
          entity  TEXT NOT NULL,
          id      TEXT NOT NULL);
        CREATE INDEX scope_exits_user ON scope_exits(user_id, seq);
        -- Who changed which fields of which record, when, from which device: one row per stored
        -- change, its fields as {"field": {"old": value, "new": value}} (one insert per record
        -- keeps pushes fast; queries expand it).
        CREATE TABLE audit_log(
          seq       INTEGER NOT NULL,
          at        INTEGER NOT NULL,
          user_id   INTEGER NOT NULL,
          device_id TEXT NOT NULL,
          entity    TEXT NOT NULL,
          record_id TEXT NOT NULL,
          changes   TEXT NOT NULL);
        CREATE INDEX audit_record ON audit_log(entity, record_id, seq);
        CREATE TABLE login_throttle(
          key          TEXT PRIMARY KEY,
          failures     INTEGER NOT NULL,
          window_start INTEGER NOT NULL,
          locked_until INTEGER NOT NULL);
        -- Records stored before access control: customers by their owner field, the rest by
        -- their customer's owner (fields hold the winning write first).
        INSERT INTO record_scope
          SELECT r.entity, r.id,
                 COALESCE((SELECT u.id FROM users u WHERE u.username = json_extract(r.fields, '$.owner[0].v')), 0),
                 r.id
          FROM records r WHERE r.entity = 'customer';
        INSERT INTO record_scope
          SELECT r.entity, r.id,
                 COALESCE((SELECT s.owner_id FROM record_scope s
                           WHERE s.entity = 'customer' AND s.id = json_extract(r.fields, '$.customer_id[0].v')), 0),
                 COALESCE(json_extract(r.fields, '$.customer_id[0].v'), '')
          FROM records r WHERE r.entity <> 'customer';
      )sql"},
      {3, R"sql(
        -- Refresh rotation (docs/sync-protocol.md §3): the tokens of one sign-in share a family;
        -- a sign-in ends at session_expires whatever its refreshes; a refresh token exchanged
        -- for a new one carries the time it was, so a late reuse is recognised.
        ALTER TABLE tokens ADD COLUMN family TEXT NOT NULL DEFAULT '';
        ALTER TABLE tokens ADD COLUMN session_expires INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE tokens ADD COLUMN rotated_at INTEGER NOT NULL DEFAULT 0;
        CREATE INDEX tokens_family ON tokens(family);
      )sql"},
      {4, R"sql(
        -- Scope from the schema's access policy (access/record_scope.h): the kind of the anchor
        -- (owned, organisation, personal), the anchor record whose policy decides, and the record
        -- an inherited record follows directly (its parent), at any depth.
        ALTER TABLE record_scope RENAME COLUMN customer_id TO anchor_id;
        ALTER TABLE record_scope ADD COLUMN kind TEXT NOT NULL DEFAULT 'owned';
        ALTER TABLE record_scope ADD COLUMN anchor_entity TEXT NOT NULL DEFAULT '';
        ALTER TABLE record_scope ADD COLUMN parent_entity TEXT NOT NULL DEFAULT '';
        ALTER TABLE record_scope ADD COLUMN parent_id TEXT NOT NULL DEFAULT '';
        UPDATE record_scope SET parent_entity = 'customer', parent_id = anchor_id
          WHERE entity <> 'customer' AND anchor_id <> '';
        UPDATE record_scope SET anchor_entity = 'customer' WHERE anchor_id <> '';
        UPDATE record_scope SET anchor_entity = entity, anchor_id = id WHERE anchor_id = '';
        DROP INDEX record_scope_customer;
        CREATE INDEX record_scope_parent ON record_scope(parent_id, parent_entity, entity);
      )sql"},
  };
  return list;
}

// The columns of a RecordScope, in the order scope_from_row() reads them.
constexpr const char* kScopeColumns = "kind, owner_id, anchor_entity, anchor_id, parent_entity, parent_id";

RecordScope scope_from_row(const Statement& r) {
  return RecordScope{access_kind_from(r.column_text(0)), r.column_int(1), RecordKey{r.column_text(2), r.column_text(3)},
                     RecordKey{r.column_text(4), r.column_text(5)}};
}

}  // namespace

class SqliteServerStore::RecordTx final : public RecordTransaction {
 public:
  RecordTx(SqliteServerStore& store, int64_t next_seq) : store_(store), next_seq_(next_seq) {}

  Result<std::optional<RecordState>> get(const std::string& entity, const std::string& id) override {
    return store_.records_->get(entity, id);
  }

  Result<std::optional<RecordScope>> scope(const std::string& entity, const std::string& id) override {
    return store_.read_scope(entity, id);
  }

  Status put(const RecordState& state, const RecordState* previous, const RecordScope& scope) override {
    const int64_t seq = next_seq_++;
    CRM_TRY(store_.records_->put(state, PutOptions{.seq = seq, .had_conflicts = previous && previous->has_conflicts()}));
    return store_.write_scope(RecordKey{state.entity, state.id}, scope);
  }

  Result<std::vector<std::pair<RecordKey, RecordScope>>> children(const RecordKey& parent) override {
    auto st = store_.cached("SELECT " + std::string(kScopeColumns) +
                            ", entity, id FROM record_scope WHERE parent_id = ? AND parent_entity = ?");
    if (!st) return st.error();
    std::vector<std::pair<RecordKey, RecordScope>> out;
    (*st)->bind(1, parent.id).bind(2, parent.entity);
    CRM_TRY((*st)->for_each_row([&](const Statement& r) {
      out.push_back({RecordKey{r.column_text(6), r.column_text(7)}, scope_from_row(r)});
    }));
    return out;
  }

  Result<bool> has_child(const RecordKey& parent, const std::string& child) override {
    auto st = store_.cached("SELECT 1 FROM record_scope WHERE parent_id = ? AND parent_entity = ? AND entity = ? LIMIT 1");
    if (!st) return st.error();
    (*st)->bind(1, parent.id).bind(2, parent.entity).bind(3, child);
    auto row = (*st)->step();
    if (!row) return row.error();
    if (row.value()) (*st)->reset();
    return row.value();
  }

  Status move(const RecordKey& key, const RecordScope& scope, const std::vector<int64_t>& lost) override {
    const int64_t seq = next_seq_++;
    auto up = store_.cached("UPDATE records SET seq = ? WHERE entity = ? AND id = ?");
    if (!up) return up.error();
    CRM_TRY((*up)->bind(1, seq).bind(2, key.entity).bind(3, key.id).run());
    CRM_TRY(store_.write_scope(key, scope));
    auto ex = store_.cached("INSERT INTO scope_exits(user_id, seq, entity, id) VALUES(?,?,?,?)");
    if (!ex) return ex.error();
    for (int64_t user : lost) CRM_TRY((*ex)->bind(1, user).bind(2, seq).bind(3, key.entity).bind(4, key.id).run());
    return ok_status();
  }

  Status audit(const std::vector<AuditEntry>& fields) override {
    if (fields.empty()) return ok_status();
    // Values are JSON text already: spliced in, not parsed again.
    std::string changes = "{";
    for (const auto& f : fields) {
      if (changes.size() > 1) changes += ',';
      changes += Json(f.field).dump() + ":{\"old\":" + f.old_value + ",\"new\":" + f.new_value;
      if (!f.lost_value.empty()) changes += ",\"lost\":" + f.lost_value;
      changes += '}';
    }
    changes += '}';
    const AuditEntry& e = fields.front();
    auto st = store_.cached(
        "INSERT INTO audit_log(seq, at, user_id, device_id, entity, record_id, changes) VALUES(?,?,?,?,?,?,?)");
    if (!st) return st.error();
    (*st)->bind(1, next_seq_ - 1).bind(2, e.at_ms).bind(3, e.user_id).bind(4, e.device_id).bind(5, e.entity);
    return (*st)->bind(6, e.record_id).bind(7, changes).run();
  }

  int64_t next_seq() const { return next_seq_; }

 private:
  SqliteServerStore& store_;
  int64_t next_seq_;
};

Result<Statement*> SqliteServerStore::cached(const std::string& sql) {
  auto it = statements_.find(sql);
  if (it != statements_.end()) return &it->second;
  auto st = records_->db().prepare(sql);
  if (!st) return st.error();
  return &statements_.emplace(sql, std::move(st.value())).first->second;
}

Result<std::optional<RecordScope>> SqliteServerStore::read_scope(const std::string& entity, const std::string& id) {
  auto st = cached("SELECT " + std::string(kScopeColumns) + " FROM record_scope WHERE entity = ? AND id = ?");
  if (!st) return st.error();
  (*st)->bind(1, entity).bind(2, id);
  auto row = (*st)->step();
  if (!row) return row.error();
  if (!row.value()) return std::optional<RecordScope>();
  RecordScope s = scope_from_row(**st);
  (*st)->reset();
  return std::optional<RecordScope>(std::move(s));
}

Status SqliteServerStore::write_scope(const RecordKey& key, const RecordScope& scope) {
  auto st = cached(
      "INSERT INTO record_scope(entity, id, kind, owner_id, anchor_entity, anchor_id, parent_entity, parent_id) "
      "VALUES(?,?,?,?,?,?,?,?) ON CONFLICT(entity, id) DO UPDATE SET kind = excluded.kind, "
      "owner_id = excluded.owner_id, anchor_entity = excluded.anchor_entity, anchor_id = excluded.anchor_id, "
      "parent_entity = excluded.parent_entity, parent_id = excluded.parent_id");
  if (!st) return st.error();
  (*st)->bind(1, key.entity).bind(2, key.id).bind(3, to_string(scope.kind)).bind(4, scope.owner_id);
  (*st)->bind(5, scope.anchor.entity).bind(6, scope.anchor.id).bind(7, scope.parent.entity).bind(8, scope.parent.id);
  return (*st)->run();
}

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
  RecordTx rt(*this, first);
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

namespace {

struct PageItem {
  int64_t seq = 0;
  bool removed = false;
  size_t index = 0;
};

}  // namespace

Result<ChangePage> SqliteServerStore::changes_for(const DataScope& scope, int64_t viewer, int64_t cursor, int limit) {
  std::lock_guard lock(mu_);
  ChangePage page;
  auto latest = records_->max_seq();
  if (!latest) return latest.error();
  page.latest = latest.value();
  const int64_t fetch = int64_t{limit} + 1;
  if (scope.all) {
    auto rows = records_->changes_since(cursor, static_cast<int>(fetch));
    if (!rows) return rows.error();
    page.records = std::move(rows.value());
  } else {
    // sees() of access/record_scope.cpp, in SQL, over the same ScopeFilter.
    // The role-reach terms only when the role has reaches: per-row subqueries over empty lists
    // would cost every sales person's pull.
    const ScopeFilter f = filter_of(scope);
    std::string sql =
        "SELECT r.entity, r.id, r.vv, r.fields, r.seq FROM records r JOIN record_scope s "
        "ON s.entity = r.entity AND s.id = r.id WHERE r.seq > ?1 AND r.seq <= ?2 AND ("
        "s.kind = 'organisation' OR (s.kind = 'owned' AND s.owner_id IN (SELECT value FROM json_each(?4))) "
        "OR (s.kind = 'personal' AND s.owner_id = ?5)";
    if (!f.whole_entities.empty()) sql += " OR r.entity IN (SELECT value FROM json_each(?6))";
    if (!f.with_child.empty())
      sql += " OR EXISTS (SELECT 1 FROM json_each(?7) p JOIN record_scope t ON t.parent_id = r.id "
             "AND t.parent_entity = r.entity AND t.entity = json_extract(p.value, '$[1]') "
             "WHERE json_extract(p.value, '$[0]') = r.entity)";
    sql += ") ORDER BY r.seq LIMIT ?3";
    auto st = cached(sql);
    if (!st) return st.error();
    (*st)->bind(1, cursor).bind(2, page.latest).bind(3, fetch).bind(4, Json(f.owners).dump()).bind(5, f.viewer);
    if (!f.whole_entities.empty()) (*st)->bind(6, Json(f.whole_entities).dump());
    if (!f.with_child.empty()) (*st)->bind(7, Json(f.with_child).dump());
    CRM_TRY((*st)->for_each_row([&](const Statement& r) {
      page.records.push_back(RawRecord{r.column_text(0), r.column_text(1), r.column_text(2), r.column_text(3),
                                       r.column_int(4)});
    }));
  }
  std::vector<std::pair<int64_t, RecordKey>> exits;
  if (!scope.all) {
    auto ex = cached("SELECT seq, entity, id FROM scope_exits WHERE user_id = ? AND seq > ? AND seq <= ? "
                     "ORDER BY seq LIMIT ?");
    if (!ex) return ex.error();
    (*ex)->bind(1, viewer).bind(2, cursor).bind(3, page.latest).bind(4, fetch);
    CRM_TRY((*ex)->for_each_row([&](const Statement& r) {
      exits.push_back({r.column_int(0), RecordKey{r.column_text(1), r.column_text(2)}});
    }));
  }
  // Records and removals in sequence order (a removal before a record of the same change), cut
  // after `limit` items but never between two items of one sequence number.
  std::vector<PageItem> items;
  for (size_t i = 0; i < exits.size(); ++i) items.push_back({exits[i].first, true, i});
  for (size_t i = 0; i < page.records.size(); ++i) items.push_back({page.records[i].seq, false, i});
  std::stable_sort(items.begin(), items.end(), [](const PageItem& a, const PageItem& b) {
    return a.seq != b.seq ? a.seq < b.seq : (a.removed && !b.removed);
  });
  size_t take = std::min(items.size(), static_cast<size_t>(limit));
  while (take > 0 && take < items.size() && items[take].seq == items[take - 1].seq) ++take;
  page.has_more = take < items.size();
  page.next_cursor = page.has_more ? items[take - 1].seq : std::max(cursor, page.latest);
  // A record that left the scope and came back (or the reverse) within one page is sent once, in
  // its final state: a client may then apply `records` and `removed` in either order.
  std::map<RecordKey, size_t> last;
  for (size_t k = 0; k < take; ++k) {
    const PageItem& it = items[k];
    last[it.removed ? exits[it.index].second : RecordKey{page.records[it.index].entity, page.records[it.index].id}] = k;
  }
  std::vector<bool> final_item(take, false);
  for (const auto& [key, k] : last) final_item[k] = true;
  std::vector<RawRecord> records;
  for (size_t k = 0; k < take; ++k) {
    if (!final_item[k]) continue;
    if (items[k].removed) page.removed.push_back(std::move(exits[items[k].index].second));
    else records.push_back(std::move(page.records[items[k].index]));
  }
  page.records = std::move(records);
  return page;
}

Result<Org> SqliteServerStore::load_org() {
  std::lock_guard lock(mu_);
  return read_org();
}

Result<Org> SqliteServerStore::read_org() {
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
  std::lock_guard lock(mu_);
  auto st = cached("SELECT u.scope_epoch, d.scope_epoch FROM devices d JOIN users u ON u.id = d.user_id WHERE d.id = ?");
  if (!st) return st.error();
  (*st)->bind(1, device_id);
  auto row = (*st)->step();
  if (!row) return row.error();
  if (!row.value()) return false;
  const int64_t user_epoch = (*st)->column_int(0), device_epoch = (*st)->column_int(1);
  (*st)->reset();
  if (device_epoch == user_epoch) return false;
  if (cursor != 0) return true;
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
  std::lock_guard lock(mu_);
  // At most once a minute per device: every request writing (and fsyncing) it cost the load bench
  // a third of its median latency, and admins need minutes, not milliseconds.
  auto st = cached("UPDATE devices SET last_seen = ?1 WHERE id = ?2 AND last_seen < ?1 - 60000");
  if (!st) return st.error();
  return (*st)->bind(1, now_ms).bind(2, device_id).run();
}

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
  std::lock_guard lock(mu_);
  auto st = cached(
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

Result<std::vector<AuditEntry>> SqliteServerStore::query_audit(const AuditQuery& q) {
  std::lock_guard lock(mu_);
  // Empty filters match everything: "?1 = ''" short-circuits each condition.
  auto st = cached(
      "SELECT a.seq, a.at, a.user_id, COALESCE(u.username, ''), a.device_id, a.entity, a.record_id, a.changes "
      "FROM audit_log a LEFT JOIN users u ON u.id = a.user_id "
      "WHERE (?1 = '' OR a.entity = ?1) AND (?2 = '' OR a.record_id = ?2) AND (?3 = '' OR u.username = ?3) "
      "AND (?4 = '' OR a.device_id = ?4) AND (?5 = 0 OR a.at >= ?5) AND (?6 = 0 OR a.at < ?6) "
      "ORDER BY a.seq DESC LIMIT ?7");
  if (!st) return st.error();
  (*st)->bind(1, q.entity).bind(2, q.record_id).bind(3, q.username).bind(4, q.device_id);
  (*st)->bind(5, q.since_ms).bind(6, q.until_ms).bind(7, int64_t{q.limit});
  std::vector<AuditEntry> out;
  CRM_TRY((*st)->for_each_row([&](const Statement& r) {
    AuditEntry base{r.column_int(0), r.column_int(1), r.column_int(2), r.column_text(3), r.column_text(4),
                    r.column_text(5), r.column_text(6), "", "", ""};
    const Json changes = Json::parse(r.column_view(7), nullptr, false);
    if (!changes.is_object()) return;
    for (const auto& [field, c] : changes.items()) {
      AuditEntry e = base;
      e.field = field;
      e.old_value = c.value("old", Json()).dump();
      e.new_value = c.value("new", Json()).dump();
      if (c.contains("lost")) e.lost_value = c["lost"].dump();
      out.push_back(std::move(e));
    }
  }));
  return out;
}

}  // namespace crm::server
