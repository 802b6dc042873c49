#include "store/record_store.h"

#include <cstdlib>

#include "store/migrations.h"
#include "crdt/record_codec.h"

namespace crm {
namespace {

Result<Json> parse_json(std::string_view text) {
  Json j = Json::parse(text.begin(), text.end(), nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded()) return make_error("storage_error", "stored JSON is corrupt");
  return j;
}

std::string dot_text(const Dot& d) { return d.replica + ":" + std::to_string(d.counter); }

Dot parse_dot(const std::string& s) {
  auto colon = s.rfind(':');
  if (colon == std::string::npos) return Dot{s, 0};
  return Dot{s.substr(0, colon), std::strtoull(s.c_str() + colon + 1, nullptr, 10)};
}

// Reads a row of (entity, id, vv, fields, seq).
RawRecord read_raw(const Statement& st) {
  return RawRecord{st.column_text(0), st.column_text(1), st.column_text(2), st.column_text(3), st.column_int(4)};
}

}  // namespace

Result<RecordState> decode_raw(const RawRecord& raw) {
  RecordState s;
  s.entity = raw.entity;
  s.id = raw.id;
  auto vv = parse_json(raw.vv_json);
  if (!vv) return vv.error();
  auto fields = parse_json(raw.fields_json);
  if (!fields) return fields.error();
  auto decoded = decode_vv(vv.value());
  if (!decoded) return decoded.error();
  s.vv = std::move(decoded.value());
  CRM_TRY(decode_fields(std::move(fields.value()), s));
  return s;
}

Result<std::unique_ptr<RecordStore>> RecordStore::open(const std::string& path, const OpenOptions& opts) {
  auto db = Database::open(path, opts);
  if (!db) return db.error();
  CRM_TRY(migrate(*db.value(), "records", record_store_migrations()));
  std::unique_ptr<RecordStore> store(new RecordStore(std::move(db.value())));
  CRM_TRY(store->prepare_statements());
  return store;
}

RecordStore::~RecordStore() = default;

Status RecordStore::prepare_statements() {
  struct {
    Statement* target;
    const char* sql;
  } list[] = {
      {&get_, "SELECT vv, fields, conflicted FROM records WHERE entity = ? AND id = ?"},
      {&get_vv_, "SELECT vv FROM records WHERE entity = ? AND id = ?"},
      {&upsert_,
       "INSERT INTO records(entity, id, vv, fields, deleted, conflicted, seq) VALUES(?,?,?,?,?,?,?) "
       "ON CONFLICT(entity, id) DO UPDATE SET vv = excluded.vv, fields = excluded.fields, "
       "deleted = excluded.deleted, conflicted = excluded.conflicted, "
       "seq = CASE WHEN excluded.seq > 0 THEN excluded.seq ELSE records.seq END"},
      {&del_conflicts_, "DELETE FROM conflicts WHERE entity = ? AND id = ?"},
      {&ins_conflict_,
       "INSERT OR REPLACE INTO conflicts(entity, id, field, kind, lost_value, lost_dot, lost_time, "
       "winner_value) VALUES(?,?,?,?,?,?,?,?)"},
      {&add_outbox_, "INSERT OR IGNORE INTO outbox(entity, id) VALUES(?, ?)"},
      {&del_outbox_, "DELETE FROM outbox WHERE entity = ? AND id = ?"},
      {&changes_,
       "SELECT entity, id, vv, fields, seq FROM records WHERE seq > ? ORDER BY seq LIMIT ?"},
      {&get_meta_, "SELECT value FROM meta WHERE key = ?"},
      {&unmark_resync_, "DELETE FROM resync_pending WHERE entity = ? AND id = ?"},
      {&set_meta_,
       "INSERT INTO meta(key, value) VALUES(?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value"},
  };
  for (auto& item : list) {
    auto st = db_->prepare(item.sql);
    if (!st) return st.error();
    *item.target = std::move(st.value());
  }
  return ok_status();
}

Result<std::optional<RecordState>> RecordStore::get(const std::string& entity, const std::string& id) {
  get_.bind(1, entity).bind(2, id);
  auto row = get_.step();
  if (!row) return row.error();
  if (!row.value()) return std::optional<RecordState>();
  RawRecord raw{entity, id, get_.column_text(0), get_.column_text(1), 0};
  get_.reset();
  auto s = decode_raw(raw);
  if (!s) return s.error();
  return std::optional<RecordState>(std::move(s.value()));
}

Status RecordStore::write_conflicts(const RecordState& state, bool had_conflicts) {
  if (had_conflicts) CRM_TRY(del_conflicts_.bind(1, state.entity).bind(2, state.id).run());
  for (const auto& c : conflicts_of(state)) {
    ins_conflict_.bind(1, state.entity).bind(2, state.id).bind(3, c.field).bind(4, to_string(c.kind));
    ins_conflict_.bind(5, c.lost.value.dump()).bind(6, dot_text(c.lost.dot)).bind(7, c.lost.hlc.ms);
    ins_conflict_.bind(8, c.winner.value.dump());
    CRM_TRY(ins_conflict_.run());
  }
  return ok_status();
}

Status RecordStore::put(const RecordState& state, const PutOptions& opts) {
  // Whether the stored row had conflicts decides if stale conflict rows need deleting; one
  // indexed read is cheaper than a DELETE per write on the common conflict-free path.
  bool had_conflicts = false;
  if (opts.had_conflicts) {
    had_conflicts = *opts.had_conflicts;
  } else {
    get_.bind(1, state.entity).bind(2, state.id);
    auto row = get_.step();
    if (!row) return row.error();
    had_conflicts = row.value() && get_.column_int(2) != 0;
    if (row.value()) get_.reset();
  }

  const bool conflicted = state.has_conflicts();
  upsert_.bind(1, state.entity).bind(2, state.id);
  upsert_.bind(3, vv_text(state.vv)).bind(4, fields_text(state));
  upsert_.bind(5, int64_t{state.deleted()}).bind(6, int64_t{conflicted}).bind(7, opts.seq);
  CRM_TRY(upsert_.run());
  if (had_conflicts || conflicted) CRM_TRY(write_conflicts(state, had_conflicts));
  if (opts.mark_dirty) CRM_TRY(add_outbox_.bind(1, state.entity).bind(2, state.id).run());
  return ok_status();
}

Result<std::vector<RecordState>> RecordStore::list(const std::string& entity, const ListOptions& opts) {
  std::string sql = "SELECT entity, id, vv, fields, seq FROM records WHERE entity = ?";
  if (!opts.include_deleted) sql += " AND deleted = 0";
  sql += " ORDER BY id LIMIT ? OFFSET ?";
  auto st = db_->prepare(sql);
  if (!st) return st.error();
  st->bind(1, entity).bind(2, int64_t{opts.limit}).bind(3, int64_t{opts.offset});
  std::vector<RawRecord> rows;
  CRM_TRY(st->for_each_row([&](const Statement& row) { rows.push_back(read_raw(row)); }));
  std::vector<RecordState> out;
  out.reserve(rows.size());
  for (const auto& raw : rows) {
    auto s = decode_raw(raw);
    if (!s) return s.error();
    out.push_back(std::move(s.value()));
  }
  return out;
}

Result<int64_t> RecordStore::count(const std::string& entity, bool include_deleted) {
  return db_->query_int(std::string("SELECT count(*) FROM records WHERE entity = ?") +
                            (include_deleted ? "" : " AND deleted = 0"),
                        entity);
}

Result<std::vector<RawRecord>> RecordStore::changes_since(int64_t since, int limit) {
  changes_.bind(1, since).bind(2, int64_t{limit});
  std::vector<RawRecord> out;
  CRM_TRY(changes_.for_each_row([&](const Statement& row) { out.push_back(read_raw(row)); }));
  return out;
}

Result<int64_t> RecordStore::max_seq() { return db_->query_int("SELECT COALESCE(MAX(seq), 0) FROM records"); }

Result<std::vector<StoredConflict>> RecordStore::conflicts(const std::string& entity) {
  std::string sql =
      "SELECT entity, id, field, kind, lost_value, lost_dot, lost_time, winner_value FROM conflicts";
  if (!entity.empty()) sql += " WHERE entity = ?";
  sql += " ORDER BY entity, id, field, lost_dot";
  auto st = db_->prepare(sql);
  if (!st) return st.error();
  if (!entity.empty()) st->bind(1, entity);
  std::vector<StoredConflict> out;
  for (;;) {
    auto row = st->step();
    if (!row) return row.error();
    if (!row.value()) break;
    StoredConflict c;
    c.entity = st->column_text(0);
    c.id = st->column_text(1);
    c.field = st->column_text(2);
    c.kind = st->column_text(3) == "delete_vs_edit" ? ConflictKind::kDeleteVsEdit
                                                    : ConflictKind::kConcurrentWrite;
    auto lost = parse_json(st->column_view(4));
    auto win = parse_json(st->column_view(7));
    if (!lost || !win) return make_error("storage_error", "stored conflict is corrupt");
    c.lost_value = std::move(lost.value());
    c.lost_dot = parse_dot(st->column_text(5));
    c.lost_time_ms = st->column_int(6);
    c.winner_value = std::move(win.value());
    out.push_back(std::move(c));
  }
  return out;
}

Result<std::vector<RawRecord>> RecordStore::outbox(int limit) {
  auto st = db_->prepare(
      "SELECT r.entity, r.id, r.vv, r.fields, r.seq FROM outbox o "
      "JOIN records r ON r.entity = o.entity AND r.id = o.id ORDER BY o.rowid LIMIT ?");
  if (!st) return st.error();
  st->bind(1, int64_t{limit});
  std::vector<RawRecord> out;
  CRM_TRY(st->for_each_row([&](const Statement& row) { out.push_back(read_raw(row)); }));
  return out;
}

Result<int64_t> RecordStore::outbox_size() { return db_->query_int("SELECT count(*) FROM outbox"); }

Status RecordStore::acknowledge(const std::string& entity, const std::string& id,
                                const VersionVector& acked) {
  // Only the version vector is read: acknowledging must not decode every record's fields.
  get_vv_.bind(1, entity).bind(2, id);
  auto row = get_vv_.step();
  if (!row) return row.error();
  if (row.value()) {
    auto vv = parse_json(get_vv_.column_view(0));
    get_vv_.reset();
    if (!vv) return vv.error();
    auto local = decode_vv(vv.value());
    if (!local) return local.error();
    Order o = local->compare(acked);
    if (o != Order::kEqual && o != Order::kDominated) return ok_status();
  }
  return del_outbox_.bind(1, entity).bind(2, id).run();
}

Status RecordStore::set_attention(const RecordKey& key, const std::string& code, const std::string& message,
                                  int64_t at_ms) {
  CRM_TRY(del_outbox_.bind(1, key.entity).bind(2, key.id).run());
  auto st = db_->prepare(
      "INSERT INTO attention(entity, id, code, message, at) VALUES(?,?,?,?,?) ON CONFLICT(entity, id) "
      "DO UPDATE SET code = excluded.code, message = excluded.message, at = excluded.at");
  if (!st) return st.error();
  return st->bind(1, key.entity).bind(2, key.id).bind(3, code).bind(4, message).bind(5, at_ms).run();
}

Status RecordStore::clear_attention(const RecordKey& key) {
  auto st = db_->prepare("DELETE FROM attention WHERE entity = ? AND id = ?");
  if (!st) return st.error();
  return st->bind(1, key.entity).bind(2, key.id).run();
}

Status RecordStore::requeue(const RecordKey& key) {
  CRM_TRY(clear_attention(key));
  return add_outbox_.bind(1, key.entity).bind(2, key.id).run();
}

Result<std::vector<RecordStore::Attention>> RecordStore::attention() {
  auto st = db_->prepare("SELECT entity, id, code, message, at FROM attention ORDER BY at, entity, id");
  if (!st) return st.error();
  std::vector<Attention> out;
  CRM_TRY(st->for_each_row([&](const Statement& r) {
    out.push_back(Attention{RecordKey{r.column_text(0), r.column_text(1)}, r.column_text(2), r.column_text(3),
                            r.column_int(4)});
  }));
  return out;
}

Result<bool> RecordStore::holds_local_changes(const RecordKey& key) {
  auto st = db_->prepare(
      "SELECT EXISTS(SELECT 1 FROM outbox WHERE entity = ?1 AND id = ?2) OR "
      "EXISTS(SELECT 1 FROM attention WHERE entity = ?1 AND id = ?2)");
  if (!st) return st.error();
  st->bind(1, key.entity).bind(2, key.id);
  auto row = st->step();
  if (!row) return row.error();
  const bool held = row.value() && st->column_int(0) != 0;
  if (row.value()) st->reset();
  return held;
}

Status RecordStore::purge(const RecordKey& key) {
  for (const char* sql : {"DELETE FROM records WHERE entity = ? AND id = ?", "DELETE FROM conflicts WHERE entity = ? AND id = ?",
                          "DELETE FROM outbox WHERE entity = ? AND id = ?", "DELETE FROM attention WHERE entity = ? AND id = ?"}) {
    auto st = db_->prepare(sql);
    if (!st) return st.error();
    CRM_TRY(st->bind(1, key.entity).bind(2, key.id).run());
  }
  return ok_status();
}

Status RecordStore::begin_resync() {
  CRM_TRY(db_->exec("DELETE FROM resync_pending"));
  return db_->exec("INSERT INTO resync_pending(entity, id) SELECT entity, id FROM records");
}

Status RecordStore::unmark_resync(const RecordKey& key) {
  return unmark_resync_.bind(1, key.entity).bind(2, key.id).run();
}

Result<std::vector<RecordKey>> RecordStore::end_resync() {
  auto st = db_->prepare("SELECT entity, id FROM resync_pending");
  if (!st) return st.error();
  std::vector<RecordKey> out;
  CRM_TRY(st->for_each_row([&](const Statement& r) { out.push_back(RecordKey{r.column_text(0), r.column_text(1)}); }));
  CRM_TRY(db_->exec("DELETE FROM resync_pending"));
  return out;
}

Result<std::optional<std::string>> RecordStore::get_meta(const std::string& key) {
  get_meta_.bind(1, key);
  auto row = get_meta_.step();
  if (!row) return row.error();
  if (!row.value()) return std::optional<std::string>();
  std::string v = get_meta_.column_text(0);
  get_meta_.reset();
  return std::optional<std::string>(std::move(v));
}

Status RecordStore::set_meta(const std::string& key, const std::string& value) {
  return set_meta_.bind(1, key).bind(2, value).run();
}

}  // namespace crm
