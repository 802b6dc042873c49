#include "api/record_access.h"

#include <map>

#include "model/entity_rules.h"
#include "replica/replica.h"

namespace crm::server {

Result<bool> visible(RecordTransaction& tx, const ScopeFilter& filter, const RecordKey& key,
                     const RecordScope& scope) {
  return sees(filter, key, scope,
              [&](const RecordKey& k, const std::string& child) { return tx.has_child(k, child); });
}

std::optional<Error> change_refusal(const RecordState* previous, const RecordState& merged,
                                    const Actor& actor) {
  const EntitySchema* schema = find_schema(merged.entity);
  if (!schema) return make_error("unknown_entity", "unknown entity '" + merged.entity + "'");
  const FieldValues next = Replica::visible_values(merged);
  const FieldValues before = previous ? Replica::visible_values(*previous) : FieldValues{};
  auto errors = check_change(*schema, previous ? &before : nullptr, next, actor);
  if (errors.empty()) return std::nullopt;
  return errors.front();
}

namespace {

// Moves the records that follow `parent` to its new place, and theirs in turn. Bounded by the
// records' inheritance depth; `budget` guards against a cycle in stored data.
Status move_descendants(RecordTransaction& tx, const Org& org, const RecordKey& parent,
                        const RecordScope& place, int budget) {
  if (budget <= 0) return ok_status();
  auto children = tx.children(parent);
  if (!children) return children.error();
  // A parent's children mostly share one former place: who lost them is worked out once per place.
  std::map<int64_t, std::vector<int64_t>> lost_by_owner;
  const auto now_viewers = viewers_of(org, place);
  for (const auto& [child, scope] : children.value()) {
    if (scope.same_place(place)) continue;
    RecordScope moved = place;
    moved.parent = parent;
    std::vector<int64_t> lost;
    if (scope.kind == AccessKind::kOwned) {
      auto [it, fresh] = lost_by_owner.try_emplace(scope.owner_id);
      if (fresh) it->second = lost_viewers(viewers_of(org, scope), now_viewers);
      lost = it->second;
    } else {
      lost = lost_viewers(viewers_of(org, scope), now_viewers);
    }
    CRM_TRY(tx.move(child, moved, lost));
    CRM_TRY(move_descendants(tx, org, child, moved, budget - 1));
  }
  return ok_status();
}

// A role that sees records with a child of this entity (service agents: customers with a
// ticket) must be sent the parent when its first such child arrives.
Status reveal_parent(RecordTransaction& tx, const RecordKey& key, const RecordScope& next) {
  const EntitySchema* parent_schema = find_schema(next.parent.entity);
  if (!parent_schema) return ok_status();
  for (const auto& reach : parent_schema->access.reach) {
    if (reach.with_child != key.entity) continue;
    auto siblings = tx.children(next.parent);
    if (!siblings) return siblings.error();
    int same = 0;
    for (const auto& [k, s] : siblings.value()) same += k.entity == key.entity;
    if (same != 1) return ok_status();  // the parent was visible through an earlier child
    auto held = tx.scope(next.parent.entity, next.parent.id);
    if (!held) return held.error();
    if (held.value()) CRM_TRY(tx.move(next.parent, *held.value(), {}));
    return ok_status();
  }
  return ok_status();
}

}  // namespace

Status follow_scope(RecordTransaction& tx, const Org& org, const RecordKey& key,
                    const std::optional<RecordScope>& previous, const RecordScope& next) {
  if (previous && !previous->same_place(next)) {
    auto lost = lost_viewers(viewers_of(org, *previous), viewers_of(org, next));
    if (!lost.empty()) CRM_TRY(tx.move(key, next, lost));
  }
  if (!previous || !previous->same_place(next))
    CRM_TRY(move_descendants(tx, org, key, next, static_cast<int>(all_schemas().size())));
  if (!next.parent.id.empty() && (!previous || previous->parent != next.parent))
    CRM_TRY(reveal_parent(tx, key, next));
  return ok_status();
}

}  // namespace crm::server
