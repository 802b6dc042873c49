// RecordChanges: the records the server holds, each with its scope (access/record_scope.h), and
// the change log that pulls read. A push writes inside one transaction (RecordTransaction); a
// pull reads pages of the changes a user's scope sees. Nothing here names an entity.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "access/org.h"
#include "access/record_scope.h"
#include "core/result.h"
#include "crdt/record.h"
#include "storage/audit_log.h"
#include "store/record_store.h"

namespace crm::server {

// One page of a user's pull: the records of their scope changed after the cursor, and the
// records that left their scope after it.
struct ChangePage {
  std::vector<RawRecord> records;
  std::vector<RecordKey> removed;
  int64_t next_cursor = 0;
  bool has_more = false;
  int64_t latest = 0;
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
  // Every stored record of `entity`, deleted ones included, as this transaction sees them.
  virtual Result<std::vector<RecordState>> list(const std::string& entity) = 0;
  // How many live records of `entity` anchor their own owned scope on `owner_id` (the customers
  // one person holds).
  virtual Result<int64_t> count_owned(const std::string& entity, int64_t owner_id) = 0;
  // A named counter kept with the records (0 until set), read and written in this transaction:
  // positions the server keeps in step with its own writes (a team's lead rotation).
  virtual Result<int64_t> counter(const std::string& name) = 0;
  virtual Status set_counter(const std::string& name, int64_t value) = 0;
};

class RecordChanges {
 public:
  virtual ~RecordChanges() = default;

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
  // Where a stored record sits (null if the server does not hold it) and whether it has a child
  // of entity `child`, read outside a push: what sees() needs to answer for one record (the
  // access check of attachments, api/attachment_service.h).
  virtual Result<std::optional<RecordScope>> scope_of(const RecordKey& key) = 0;
  virtual Result<bool> has_child(const RecordKey& parent, const std::string& child) = 0;
};

}  // namespace crm::server
