// Access in one place: where each record sits and who sees it, derived from the entity's access
// policy in its schema (model/entity_schema.h). Nothing here names an entity.
//
// A record's scope is derived once, when the server stores it, and kept beside it (the store's
// record_scope table); devices never send it:
//   owned         owner = the user its owner field names (empty: the public pool), anchor = itself
//   organisation  everyone reads (writers: entity_rules.h), anchor = itself
//   personal      owner = the user who first stored it, anchor = itself
//   inherited     the scope of the record its reference field points at (kind, owner, anchor),
//                 at any depth; `parent` names that record. While the server does not hold it
//                 yet, the record sits in the pusher's scope; when it arrives, the record follows.
// Who sees a record is one definition, ScopeFilter: sees() applies it to one record (the push
// check) and the store's pull query applies the same fields in SQL (a test holds them equal for
// every entity and role).
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "access/org.h"
#include "core/result.h"
#include "crdt/record.h"
#include "model/entity_schema.h"
#include "store/record_store.h"

namespace crm::server {

struct RecordScope {
  AccessKind kind = AccessKind::kOwned;  // the anchor's kind: owned, organisation or personal
  int64_t owner_id = kPoolOwner;         // owned: the owner; personal: the author; organisation: 0
  RecordKey anchor;                      // the record whose policy decides
  RecordKey parent;                      // the record an inherited record follows (empty otherwise)
  bool operator==(const RecordScope&) const = default;
  // The same place for viewers (parent aside): what a record's children inherit.
  bool same_place(const RecordScope& o) const {
    return kind == o.kind && owner_id == o.owner_id && anchor == o.anchor;
  }
};

// "owned", "organisation", "personal" (as stored) and back; unknown text reads as owned.
AccessKind access_kind_from(std::string_view text);

// The scope of a record the server holds, if it holds it.
using ScopeLookup = std::function<Result<std::optional<RecordScope>>(const RecordKey& key)>;

// The scope of `state` (valid, so its entity is known) as the schema's policy says. `author` is
// the pushing user; `previous` the record's stored scope, if any. Errors: unknown_owner (the owner
// field names no user), storage errors from `lookup`.
Result<RecordScope> derive_scope(const RecordState& state, const Org& org,
                                 const ScopeLookup& lookup, int64_t author,
                                 const std::optional<RecordScope>& previous);

// Who sees a record placed at a RecordScope, for one user.
struct ScopeFilter {
  bool all = false;  // admins
  int64_t viewer = 0;
  std::vector<int64_t> owners;              // owned records of these owners (sorted)
  std::vector<std::string> whole_entities;  // every record of these entities
  std::vector<std::pair<std::string, std::string>>
      with_child;  // (entity, child): records with such a child
};
ScopeFilter filter_of(const DataScope& scope);

// Whether the record `key` of a given scope has a child record of entity `child`.
using HasChild = std::function<Result<bool>(const RecordKey& key, const std::string& child)>;
Result<bool> sees(const ScopeFilter& filter, const RecordKey& key, const RecordScope& scope,
                  const HasChild& has_child);

// The users who see a record at `scope` by its owner, organisation or author (sorted): those who
// must be told it left when its scope changes. Admins and role reaches never lose a record so.
std::vector<int64_t> viewers_of(const Org& org, const RecordScope& scope);

}  // namespace crm::server
