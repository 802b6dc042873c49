#include "access/record_scope.h"

#include <algorithm>

namespace crm::server {

AccessKind access_kind_from(std::string_view text) {
  if (text == "organisation") return AccessKind::kOrganisation;
  if (text == "personal") return AccessKind::kPersonal;
  return AccessKind::kOwned;
}

namespace {

Result<int64_t> owner_named(const Json& owner, const Org& org, const std::string& field) {
  if (!owner.is_string() || owner.get_ref<const std::string&>().empty()) return kPoolOwner;
  const OrgUser* u = org.user_named(owner.get_ref<const std::string&>());
  if (!u)
    return make_error("unknown_owner", "the owner '" + owner.get<std::string>() + "' is not a user",
                      field);
  return u->id;
}

}  // namespace

Result<RecordScope> derive_scope(const RecordState& state, const Org& org,
                                 const ScopeLookup& lookup, int64_t author,
                                 const std::optional<RecordScope>& previous) {
  const EntitySchema* schema = find_schema(state.entity);
  const AccessPolicy& policy = schema ? schema->access : AccessPolicy{};
  RecordScope s;
  s.anchor = RecordKey{state.entity, state.id};
  switch (policy.kind) {
    case AccessKind::kOwned: {
      auto owner = owner_named(state.value(policy.field), org, policy.field);
      if (!owner) return owner.error();
      s.owner_id = owner.value();
      return s;
    }
    case AccessKind::kOrganisation:
      s.kind = AccessKind::kOrganisation;
      return s;
    case AccessKind::kPersonal:
      s.kind = AccessKind::kPersonal;
      s.owner_id = previous ? previous->owner_id : author;
      return s;
    case AccessKind::kInherited:
      break;
  }
  const FieldSpec* via = schema->field(policy.field);
  const Json target = state.value(policy.field);
  // A polymorphic parent names its entity in a field of its own (an attachment's record_entity).
  const Json target_entity = policy.entity_field.empty() ? Json(via ? via->reference_entity : std::string())
                                                         : state.value(policy.entity_field);
  s.owner_id = author;  // until the record it follows arrives
  if (!via || !target.is_string() || target.get_ref<const std::string&>().empty() || !target_entity.is_string() ||
      !find_schema(target_entity.get_ref<const std::string&>()))
    return s;
  s.parent = RecordKey{target_entity.get<std::string>(), target.get<std::string>()};
  s.anchor = s.parent;
  auto held = lookup(s.parent);
  if (!held) return held.error();
  if (held.value()) {
    s.kind = held.value()->kind;
    s.owner_id = held.value()->owner_id;
    s.anchor = held.value()->anchor;
  }
  return s;
}

ScopeFilter filter_of(const DataScope& scope) {
  ScopeFilter f;
  f.all = scope.all;
  f.viewer = scope.user_id;
  f.owners = scope.owners;
  for (const auto& schema : all_schemas())
    for (const auto& reach : schema.access.reach) {
      if (reach.role != scope.role) continue;
      if (reach.with_child.empty())
        f.whole_entities.push_back(schema.name);
      else
        f.with_child.emplace_back(schema.name, reach.with_child);
    }
  return f;
}

Result<bool> sees(const ScopeFilter& f, const RecordKey& key, const RecordScope& scope,
                  const HasChild& has_child) {
  if (f.all) return true;
  switch (scope.kind) {
    case AccessKind::kOrganisation:
      return true;
    case AccessKind::kPersonal:
      if (scope.owner_id == f.viewer) return true;
      break;
    default:
      if (std::binary_search(f.owners.begin(), f.owners.end(), scope.owner_id)) return true;
      break;
  }
  if (std::find(f.whole_entities.begin(), f.whole_entities.end(), key.entity) !=
      f.whole_entities.end())
    return true;
  for (const auto& [entity, child] : f.with_child) {
    if (entity != key.entity) continue;
    auto has = has_child(key, child);
    if (!has || has.value()) return has;
  }
  return false;
}

std::vector<int64_t> viewers_of(const Org& org, const RecordScope& scope) {
  switch (scope.kind) {
    case AccessKind::kOrganisation: {
      std::vector<int64_t> all;
      for (const auto& u : org.users()) all.push_back(u.id);  // in id order
      return all;
    }
    case AccessKind::kPersonal:
      return {scope.owner_id};
    default:
      return org.viewers_of(scope.owner_id);
  }
}

}  // namespace crm::server
