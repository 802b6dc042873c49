#include "store/migrations.h"

namespace crm {

Result<int> schema_version(Database& db, const std::string& component) {
  CRM_TRY(db.exec("CREATE TABLE IF NOT EXISTS schema_migrations("
                  "component TEXT PRIMARY KEY, version INTEGER NOT NULL)"));
  auto st = db.prepare("SELECT version FROM schema_migrations WHERE component = ?");
  if (!st) return st.error();
  st->bind(1, component);
  auto row = st->step();
  if (!row) return row.error();
  int v = row.value() ? static_cast<int>(st->column_int(0)) : 0;
  st->reset();
  return v;
}

Status migrate(Database& db, const std::string& component, const std::vector<Migration>& migrations) {
  auto current = schema_version(db, component);
  if (!current) return current.error();
  const int latest = migrations.empty() ? 0 : migrations.back().version;
  if (current.value() > latest)
    return make_error("schema_too_new", "database schema '" + component + "' is at version " +
                                            std::to_string(current.value()) + ", this program knows up to " +
                                            std::to_string(latest));
  for (const auto& m : migrations) {
    if (m.version <= current.value()) continue;
    auto tx = Transaction::begin(db);
    if (!tx) return tx.error();
    CRM_TRY(db.exec(m.sql));
    auto st = db.prepare("INSERT INTO schema_migrations(component, version) VALUES(?, ?) "
                         "ON CONFLICT(component) DO UPDATE SET version = excluded.version");
    if (!st) return st.error();
    CRM_TRY(st->bind(1, component).bind(2, static_cast<int64_t>(m.version)).run());
    CRM_TRY(tx.value()->commit());
  }
  return ok_status();
}

const std::vector<Migration>& record_store_migrations() {
  static const std::vector<Migration> list = {
      {1, R"sql(
        -- One row per record: the full mergeable state as JSON (see crdt/record_codec.h), plus the
        -- columns queries need. seq orders changes for pull (assigned by the server).
        CREATE TABLE records(
          entity     TEXT NOT NULL,
          id         TEXT NOT NULL,
          vv         TEXT NOT NULL,
          fields     TEXT NOT NULL,
          deleted    INTEGER NOT NULL DEFAULT 0,
          conflicted INTEGER NOT NULL DEFAULT 0,
          seq        INTEGER NOT NULL DEFAULT 0,
          PRIMARY KEY(entity, id));
        CREATE INDEX records_seq ON records(seq);
        -- Writes that lost a concurrent race, kept until a person resolves them.
        CREATE TABLE conflicts(
          entity      TEXT NOT NULL,
          id          TEXT NOT NULL,
          field       TEXT NOT NULL,
          kind        TEXT NOT NULL,
          lost_value  TEXT NOT NULL,
          lost_dot    TEXT NOT NULL,
          lost_time   INTEGER NOT NULL,
          winner_value TEXT NOT NULL,
          PRIMARY KEY(entity, id, field, lost_dot));
        -- Records changed locally and not yet acknowledged by the server.
        CREATE TABLE outbox(
          entity TEXT NOT NULL,
          id     TEXT NOT NULL,
          PRIMARY KEY(entity, id));
        CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
      )sql"},
      {2, R"sql(
        -- Local records the server refused (outside the user's data scope) or that left the scope
        -- while they held unsynced changes: kept here, out of the outbox, until a person retries
        -- or discards them.
        CREATE TABLE attention(
          entity  TEXT NOT NULL,
          id      TEXT NOT NULL,
          code    TEXT NOT NULL,
          message TEXT NOT NULL,
          at      INTEGER NOT NULL,
          PRIMARY KEY(entity, id));
        -- During a scope resync: the records not yet sent again (dropped when the pull ends).
        CREATE TABLE resync_pending(
          entity TEXT NOT NULL,
          id     TEXT NOT NULL,
          PRIMARY KEY(entity, id)) WITHOUT ROWID;
      )sql"},
  };
  return list;
}

}  // namespace crm
