// Replica: one device's local copy of the data, and the only way local edits are made.
//
// Owns a RecordStore. Every edit is validated against the entity schema first (nothing invalid is
// written), becomes one new event of this replica (version vector bump, dots and HLC stamps on the
// changed fields), and lands in the outbox in the same transaction. States received from the server
// are merged in with apply_remote(). The replica id and the HLC survive restarts (meta table).
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.h"
#include "core/result.h"
#include "crdt/record.h"
#include "model/entity_schema.h"
#include "store/record_store.h"
#include "crdt/hlc.h"

namespace crm {

// Rules that read other records (model/entity_schema.h) read a replica's copies through this:
// live records only; children by their parent field (a scan of the child entity).
class StoreLookup final : public RecordLookup {
 public:
  explicit StoreLookup(RecordStore& store) : store_(store) {}
  std::optional<FieldValues> values(const std::string& entity, const std::string& id) const override;
  std::vector<FieldValues> children(const std::string& child_entity, const std::string& parent_id) const override;

 private:
  RecordStore& store_;
};

class Replica {
 public:
  // Opens or creates the store at `path` (":memory:" for tests). `clock` and `random` must outlive
  // the replica. A new store gets a fresh random replica id.
  static Result<std::unique_ptr<Replica>> open(const std::string& path, Clock& clock, Random& random,
                                               const OpenOptions& opts = {});

  const std::string& id() const { return id_; }
  RecordStore& store() { return *store_; }
  Clock& clock() { return clock_; }

  // Creates a record with a new UUIDv7 id. Errors: unknown_entity or the first validation error
  // (every error: check_draft()).
  Result<RecordState> create(const std::string& entity, const FieldValues& values);
  // Creates a record with a chosen id (one derived from another record's: sales/derived_id.h).
  // Errors: invalid_id, already_exists (held here, alive or deleted), and those of create().
  Result<RecordState> create_with_id(const std::string& entity, const std::string& id, const FieldValues& values);
  // Changes some fields of a live record; fields not named keep their value. A null value clears
  // a field. Writing a field resolves its conflicts. Errors: not_found, validation errors.
  Result<RecordState> update(const std::string& entity, const std::string& id, const FieldValues& changes);
  // Deletes (tombstones) a live record.
  Result<RecordState> remove(const std::string& entity, const std::string& id);
  // Resolves one conflict: for a field, writes the chosen value; for "_deleted", `value` true
  // deletes the record again and false keeps it.
  Result<RecordState> resolve(const std::string& entity, const std::string& id, const std::string& field,
                              const Json& value);

  // The visible values of a record (winners), without system fields.
  static FieldValues visible_values(const RecordState& state);

  // Merges a state received from the server. Must run inside the caller's transaction, which
  // should also call save_clock() once before committing. Returns true when the record changed.
  Result<bool> apply_remote(RecordState remote);
  // The server says a record left this user's data scope: the copy is dropped, unless it holds
  // changes the server has not taken, which go to the attention list instead (nothing typed is
  // lost). Observers see a dropped record as deleted. Must run inside the caller's transaction.
  // Returns true when the copy was dropped.
  Result<bool> apply_removal(const RecordKey& key);
  // Gives this device's writes to a record that are stamped too far ahead of its clock (made while
  // the device's clock was fast; the server refuses them as clock_ahead) a new dot and a current
  // stamp, keeping their values, so that the record can be pushed again once the clock is right.
  // Returns true when something was rewritten.
  Result<bool> restamp_future_writes(const RecordKey& key);
  // Drops this device's copy of a record and any unsynced changes to it (a person chose to).
  Status discard(const RecordKey& key);
  // Persists the HLC, which apply_remote() advanced past the stamps it received.
  Status save_clock();

  // Configuration as data (model/configuration.h): the replica applies the picklist values and
  // custom fields it holds to the registry's schemas when it opens, after a local edit of one,
  // and, when apply_remote() or a removal touched one, on refresh_configuration() (the sync
  // session calls it after each committed page). find_schema() then shows them; screens watch
  // schema_generation(). Errors: storage errors reading the records.
  Status apply_configuration();
  Status refresh_configuration() { return configuration_dirty_ ? apply_configuration() : ok_status(); }
  // False: this replica never changes the registry (a device of a build that predates the
  // configuration it holds; tests). True by default.
  void set_follow_configuration(bool follow) { follow_configuration_ = follow; }

  // The signed-in user: from then on create() and update() also check the schema's field rights,
  // state machines and rules for this actor (model/entity_rules.h), as the server does on push.
  void set_actor(Actor actor) { actor_ = std::move(actor); }

  // Called with every state this replica stores (local edits, merges, removals), inside the writing
  // transaction: views kept in memory (a search index) follow without re-reading the store. If that
  // transaction later fails, the caller rebuilds its views.
  using ChangeObserver = std::function<void(const RecordState&)>;
  void set_observer(ChangeObserver observer) { observer_ = std::move(observer); }

 private:
  Replica(std::unique_ptr<RecordStore> store, Clock& clock, Random& random)
      : store_(std::move(store)), clock_(clock), random_(random), hlc_(clock) {}
  Status load_identity();
  Result<RecordState> write(RecordState state, const FieldValues& changes, bool validate);
  // Normalizes and stores a local edit with the clock in one transaction, queued for push.
  Status store_local_edit(RecordState& state);
  Result<RecordState> load_live(const std::string& entity, const std::string& id);

  std::unique_ptr<RecordStore> store_;
  Clock& clock_;
  Random& random_;
  HybridLogicalClock hlc_;
  std::string id_;
  ChangeObserver observer_;
  std::optional<Actor> actor_;
  bool follow_configuration_ = true;
  bool configuration_dirty_ = false;
};

}  // namespace crm
