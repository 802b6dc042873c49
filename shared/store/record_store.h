// RecordStore: the SQLite store of record states, used by device replicas and by the server.
//
// It owns one Database. Records are stored whole (version vector and per-field writes as JSON),
// so every entity uses the same tables. Conflicts are derived from each state on write and kept
// in their own table for listing. The outbox lists records a device changed and has not yet had
// acknowledged; meta holds small key/value settings (replica id, pull cursor, HLC, token).
//
// Single-threaded: the caller serialises access (the server holds a lock around each request).
// Every write method can run inside a caller's Transaction; on error nothing is left half-written
// by that call, and the caller's transaction decides the rest.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/result.h"
#include "crdt/record.h"
#include "store/sqlite_db.h"

namespace crm {

struct RecordKey {
  std::string entity, id;
  auto operator<=>(const RecordKey&) const = default;
};

// A stored record as its JSON text, for passing through without decoding (pull responses).
struct RawRecord {
  std::string entity, id, vv_json, fields_json;
  int64_t seq = 0;
};

struct StoredConflict {
  std::string entity, id, field;
  ConflictKind kind = ConflictKind::kConcurrentWrite;
  Json lost_value;
  Dot lost_dot;
  int64_t lost_time_ms = 0;
  Json winner_value;
};

struct PutOptions {
  int64_t seq = 0;             // change sequence to store (server); 0 keeps the stored one
  bool mark_dirty = false;     // add to the outbox (a local edit)
  // Whether the stored version had conflicts, when the caller already knows (saves a read).
  std::optional<bool> had_conflicts;
};

struct ListOptions {
  bool include_deleted = false;
  int limit = -1;
  int offset = 0;
};

class RecordStore {
 public:
  static Result<std::unique_ptr<RecordStore>> open(const std::string& path, const OpenOptions& opts = {});
  ~RecordStore();

  Database& db() { return *db_; }

  Result<std::optional<RecordState>> get(const std::string& entity, const std::string& id);
  Status put(const RecordState& state, const PutOptions& opts = {});
  // Records of one entity in id order (UUIDv7: creation order).
  Result<std::vector<RecordState>> list(const std::string& entity, const ListOptions& opts = {});
  Result<int64_t> count(const std::string& entity, bool include_deleted = false);

  // Changes with seq > since, in seq order, at most `limit`.
  Result<std::vector<RawRecord>> changes_since(int64_t since, int limit);
  Result<int64_t> max_seq();

  Result<std::vector<StoredConflict>> conflicts(const std::string& entity = {});

  // The outbox: up to `limit` dirty records, oldest first, as stored text (sent as is).
  Result<std::vector<RawRecord>> outbox(int limit);
  Result<int64_t> outbox_size();
  // Removes a record from the outbox if the acknowledged state has seen everything the local
  // one holds (a newer local edit made during the push stays queued).
  Status acknowledge(const std::string& entity, const std::string& id, const VersionVector& acked);

  // Records needing a person's decision (see the attention table in migrations.cpp).
  struct Attention {
    RecordKey key;
    std::string code, message;
    int64_t at_ms = 0;
  };
  // Moves a record out of the outbox into the attention list.
  Status set_attention(const RecordKey& key, const std::string& code, const std::string& message, int64_t at_ms);
  Status clear_attention(const RecordKey& key);
  // Back from the attention list into the outbox, to be pushed again.
  Status requeue(const RecordKey& key);
  Result<std::vector<Attention>> attention();
  // Whether a record holds local changes the server has not taken (outbox or attention).
  Result<bool> holds_local_changes(const RecordKey& key);
  // Deletes this device's copy of a record (not a delete that syncs: the record left its scope).
  Status purge(const RecordKey& key);

  // A scope resync: every stored record is marked pending, each record the server sends again
  // is unmarked, and what is still pending at the end is what the device may no longer hold.
  Status begin_resync();
  Status unmark_resync(const RecordKey& key);
  Result<std::vector<RecordKey>> end_resync();

  Result<std::optional<std::string>> get_meta(const std::string& key);
  Status set_meta(const std::string& key, const std::string& value);

 private:
  explicit RecordStore(std::unique_ptr<Database> db) : db_(std::move(db)) {}
  Status prepare_statements();
  Status write_conflicts(const RecordState& state, bool had_conflicts);

  std::unique_ptr<Database> db_;
  Statement unmark_resync_;
  Statement get_, get_vv_, upsert_, del_conflicts_, ins_conflict_, add_outbox_, del_outbox_, changes_,
      get_meta_, set_meta_;
};

Result<RecordState> decode_raw(const RawRecord& raw);

}  // namespace crm
