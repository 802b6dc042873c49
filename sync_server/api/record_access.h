// What a push does about access, for one record, around the merge (api_service.cpp calls these
// in order; nothing here names an entity: the schema's policies and rights decide):
//   1. visible(): the stored record must be in the pusher's scope, and the merged one too;
//   2. change_refusal(): the merged state against the stored one, for the pusher's role: rights
//      over organisation data, field rights, state machines, the entity's rules (entity_rules.h);
//   3. follow_scope(): after storing, records whose place changed are re-sequenced so that pulls
//      deliver them, users who lost them get a scope exit, and the records that follow them (any
//      depth) move with them.
#pragma once

#include <optional>

#include "access/record_scope.h"
#include "storage/record_changes.h"

namespace crm::server {

Result<bool> visible(RecordTransaction& tx, const ScopeFilter& filter, const RecordKey& key,
                     const RecordScope& scope);

// The first reason the pusher may not make this change, or nothing. `scope` is where the merged
// record goes: a record attached to organisation data through a polymorphic parent (an
// attachment of a product) is written only by that data's writer roles. Rules that read other
// records read them in `tx` (the merged state of the records stored so far). Errors: storage.
Result<std::optional<Error>> change_refusal(RecordTransaction& tx, const RecordState* previous,
                                            const RecordState& merged, const Actor& actor,
                                            const RecordScope& scope);

// `previous`: the record's scope before this change (none: it is new).
Status follow_scope(RecordTransaction& tx, const Org& org, const RecordKey& key,
                    const std::optional<RecordScope>& previous, const RecordScope& next);

// Writes the audit entry of a stored change: every field whose visible value it altered, and
// every field where it stored a write that lost a concurrent conflict.
Status audit_change(RecordTransaction& tx, const ChangeAuthor& author, const RecordState* prev,
                    const RecordState& next);

}  // namespace crm::server
