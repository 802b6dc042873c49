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
      {5, R"sql(
        -- Attachments (visit photos, signed delivery notes): the bytes live in the data folder's
        -- attachments/ (storage/attachment_files.h), one file per SHA-256; this links each to the
        -- records it belongs to. Access follows the record's scope (record_scope).
        CREATE TABLE attachments(
          entity      TEXT NOT NULL,
          id          TEXT NOT NULL,
          sha256      TEXT NOT NULL,
          size        INTEGER NOT NULL,
          mime        TEXT NOT NULL,
          uploaded_by INTEGER NOT NULL,
          at          INTEGER NOT NULL,
          PRIMARY KEY(entity, id, sha256));
        CREATE INDEX attachments_sha ON attachments(sha256);
      )sql"},
      {6, R"sql(
        -- The public pool (pool/): the records each person holds are counted on every claim.
        CREATE INDEX record_scope_owner ON record_scope(owner_id, entity);
      )sql"},
      {7, R"sql(
        -- Positions the server keeps in step with its own writes, in the same transaction (a
        -- team's round-robin of leads, pool/lead_assignment.h): a retry never assigns twice.
        CREATE TABLE counters(
          name  TEXT PRIMARY KEY,
          value INTEGER NOT NULL);
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
    return store_.query_has_child(parent, child);
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

  Result<std::vector<RecordState>> list(const std::string& entity) override {
    return store_.records_->list(entity, ListOptions{.include_deleted = true});
  }

  Result<int64_t> count_owned(const std::string& entity, int64_t owner_id) override {
    auto st = store_.cached(
        "SELECT COUNT(*) FROM record_scope s JOIN records r ON r.entity = s.entity AND r.id = s.id "
        "WHERE s.owner_id = ? AND s.entity = ? AND s.kind = 'owned' AND s.anchor_entity = s.entity "
        "AND s.anchor_id = s.id AND r.deleted = 0");
    if (!st) return st.error();
    (*st)->bind(1, owner_id).bind(2, entity);
    auto row = (*st)->step();
    if (!row) return row.error();
    const int64_t n = row.value() ? (*st)->column_int(0) : 0;
    (*st)->reset();
    return n;
  }

  Result<int64_t> counter(const std::string& name) override {
    auto st = store_.cached("SELECT value FROM counters WHERE name = ?");
    if (!st) return st.error();
    (*st)->bind(1, name);
    auto row = (*st)->step();
    if (!row) return row.error();
    const int64_t v = row.value() ? (*st)->column_int(0) : 0;
    (*st)->reset();
    return v;
  }

  Status set_counter(const std::string& name, int64_t value) override {
    auto st = store_.cached(
        "INSERT INTO counters(name, value) VALUES(?, ?) ON CONFLICT(name) DO UPDATE SET value = excluded.value");
    if (!st) return st.error();
    return (*st)->bind(1, name).bind(2, value).run();
  }

  int64_t next_seq() const { return next_seq_; }

 private:
  SqliteServerStore& store_;
  int64_t next_seq_;
};

Result<Statement*> SqliteServerStore::Reader::cached(const std::string& sql) {
  auto it = statements.find(sql);
  if (it != statements.end()) return &it->second;
  auto st = records->db().prepare(sql);
  if (!st) return st.error();
  return &statements.emplace(sql, std::move(st.value())).first->second;
}

SqliteServerStore::Reader& SqliteServerStore::reader() {
  return readers_[next_reader_.fetch_add(1, std::memory_order_relaxed) % readers_.size()];
}

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

Result<bool> SqliteServerStore::query_has_child(const RecordKey& parent, const std::string& child) {
  auto st = cached("SELECT 1 FROM record_scope WHERE parent_id = ? AND parent_entity = ? AND entity = ? LIMIT 1");
  if (!st) return st.error();
  (*st)->bind(1, parent.id).bind(2, parent.entity).bind(3, child);
  auto row = (*st)->step();
  if (!row) return row.error();
  if (row.value()) (*st)->reset();
  return row.value();
}

Result<std::optional<RecordScope>> SqliteServerStore::scope_of(const RecordKey& key) {
  std::lock_guard lock(mu_);
  return read_scope(key.entity, key.id);
}

Result<bool> SqliteServerStore::has_child(const RecordKey& parent, const std::string& child) {
  std::lock_guard lock(mu_);
  return query_has_child(parent, child);
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
  std::unique_ptr<SqliteServerStore> store(new SqliteServerStore(std::move(records.value())));
  for (Reader& r : store->readers_) {
    auto reader = RecordStore::open(path, OpenOptions{.wal = true, .synchronous_full = true});
    if (!reader) return reader.error();
    CRM_TRY(reader.value()->db().exec("PRAGMA query_only = 1"));
    r.records = std::move(reader.value());
  }
  return store;
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

Result<std::vector<RecordState>> SqliteServerStore::records_of(const std::string& entity) {
  std::lock_guard lock(mu_);
  return records_->list(entity, ListOptions{.include_deleted = true});
}

namespace {

struct PageItem {
  int64_t seq = 0;
  bool removed = false;
  size_t index = 0;
};

}  // namespace

Result<ChangePage> SqliteServerStore::changes_for(const DataScope& scope, int64_t viewer, int64_t cursor, int limit) {
  Reader& rd = reader();
  std::lock_guard lock(rd.mu);
  // One snapshot for the page's queries (a push committing meanwhile shows in the next page).
  CRM_TRY(rd.records->db().exec("BEGIN"));
  auto page = read_changes(rd, scope, viewer, cursor, limit);
  (void)rd.records->db().exec("COMMIT");  // only reads: ends the snapshot whatever happened
  return page;
}

Result<ChangePage> SqliteServerStore::read_changes(Reader& rd, const DataScope& scope, int64_t viewer, int64_t cursor,
                                                   int limit) {
  ChangePage page;
  auto latest = rd.records->max_seq();
  if (!latest) return latest.error();
  page.latest = latest.value();
  const int64_t fetch = int64_t{limit} + 1;
  if (scope.all) {
    auto rows = rd.records->changes_since(cursor, static_cast<int>(fetch));
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
    auto st = rd.cached(sql);
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
    auto ex = rd.cached("SELECT seq, entity, id FROM scope_exits WHERE user_id = ? AND seq > ? AND seq <= ? "
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
