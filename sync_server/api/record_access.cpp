#include "api/record_access.h"

#include <algorithm>
#include <map>

#include "model/entity_rules.h"
#include "replica/replica.h"

namespace crm::server {

Result<bool> visible(RecordTransaction& tx, const ScopeFilter& filter, const RecordKey& key,
                     const RecordScope& scope) {
  return sees(filter, key, scope,
              [&](const RecordKey& k, const std::string& child) { return tx.has_child(k, child); });
}

namespace {

// What rules that read other records see on the server: the records as stored so far in this
// push's transaction (merged). The first storage error is kept for the caller.
class TxLookup final : public RecordLookup {
 public:
  explicit TxLookup(RecordTransaction& tx) : tx_(tx) {}
  std::optional<FieldValues> values(const std::string& entity, const std::string& id) const override {
    auto found = tx_.get(entity, id);
    if (!found) return fail(found.error()), std::nullopt;
    if (!found.value() || found.value()->deleted()) return std::nullopt;
    return Replica::visible_values(*found.value());
  }
  std::vector<FieldValues> children(const std::string& child_entity, const std::string& parent_id) const override {
    std::vector<FieldValues> out;
    const EntitySchema* schema = find_schema(child_entity);
    const FieldSpec* parent = schema ? schema->parent_field() : nullptr;
    if (!parent || schema->polymorphic_parent()) return out;
    auto keys = tx_.children(RecordKey{parent->reference_entity, parent_id});
    if (!keys) return fail(keys.error()), out;
    for (const auto& [key, scope] : keys.value())
      if (key.entity == child_entity)
        if (auto v = values(key.entity, key.id)) out.push_back(std::move(*v));
    return out;
  }
  const Status& status() const { return status_; }

 private:
  void fail(const Error& e) const {
    if (status_) status_ = e;
  }
  RecordTransaction& tx_;
  mutable Status status_ = ok_status();
};

}  // namespace

Result<std::optional<Error>> change_refusal(RecordTransaction& tx, const RecordState* previous,
                                            const RecordState& merged, const Actor& actor,
                                            const RecordScope& scope) {
  const EntitySchema* schema = find_schema(merged.entity);
  if (!schema) return std::optional<Error>(make_error("unknown_entity", "unknown entity '" + merged.entity + "'"));
  if (schema->polymorphic_parent() && scope.kind == AccessKind::kOrganisation) {
    const EntitySchema* anchor = find_schema(scope.anchor.entity);
    const auto* writers = anchor ? organisation_writers(*anchor) : nullptr;
    if (writers && !role_in(*writers, actor.role))
      return std::optional<Error>(make_error("forbidden", "only those who may change the " + anchor->label +
                                                              " may change what is attached to it"));
  }
  const FieldValues next = Replica::visible_values(merged);
  const FieldValues before = previous ? Replica::visible_values(*previous) : FieldValues{};
  const TxLookup lookup(tx);
  auto errors = check_change(*schema, previous ? &before : nullptr, next, actor, &lookup);
  if (!lookup.status()) return lookup.status().error();
  if (errors.empty()) return std::optional<Error>();
  return std::optional<Error>(errors.front());
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

// The audit entry of a stored change: every field whose visible value it altered, and every
// field where it stored a write that lost a concurrent conflict (the visible value unchanged).
Status audit_change(RecordTransaction& tx, const ChangeAuthor& author, const RecordState* prev,
                    const RecordState& next) {
  std::vector<std::string> names;
  for (const auto& [name, writes] : next.fields) names.push_back(name);
  if (prev)
    for (const auto& [name, writes] : prev->fields)
      if (!next.fields.count(name)) names.push_back(name);
  std::vector<AuditEntry> fields;
  for (const auto& name : names) {
    const Json before = prev ? prev->value(name) : Json(), after = next.value(name);
    std::string lost;
    if (auto it = next.fields.find(name); it != next.fields.end()) {
      const auto* held = prev && prev->fields.count(name) ? &prev->fields.at(name) : nullptr;
      for (size_t i = 1; i < it->second.size() && lost.empty(); ++i) {  // [0] is the winner
        const FieldWrite& w = it->second[i];
        const bool is_new = !held || std::none_of(held->begin(), held->end(), [&](const FieldWrite& h) {
          return h.dot == w.dot;
        });
        if (is_new) lost = w.value.dump();
      }
    }
    if (before == after && lost.empty()) continue;
    fields.push_back(AuditEntry{0, author.at_ms, author.user_id, "", author.device_id, next.entity, next.id, name,
                                before.dump(), after.dump(), lost});
  }
  return tx.audit(fields);
}

}  // namespace crm::server
