#include "replica/record_merge_apply.h"

#include <map>

namespace crm {
namespace {

// The children of `parent_id` (a record of `entity`), from every entity children_of() names.
Result<std::vector<sales::MergeChild>> children(Replica& replica, const std::string& entity,
                                                const std::string& parent_id) {
  std::vector<sales::MergeChild> out;
  for (const EntitySchema* child : children_of(entity)) {
    const FieldSpec* parent = child->parent_field();
    if (!parent) continue;
    auto all = replica.store().list(child->name);
    if (!all) return all.error();
    for (const auto& s : all.value()) {
      if (s.value(parent->name) != parent_id) continue;
      if (child->polymorphic_parent() && s.value(child->access.entity_field) != entity) continue;
      out.push_back(sales::MergeChild{child->name, s.id, parent});
    }
  }
  return out;
}

Result<FieldValues> live_values(Replica& replica, const std::string& entity, const std::string& id) {
  auto s = replica.store().get(entity, id);
  if (!s) return s.error();
  if (!s.value() || s.value()->deleted()) return make_error("not_found", "no " + entity + " with id " + id);
  return Replica::visible_values(*s.value());
}

}  // namespace

Result<sales::MergePlan> merge_records(Replica& replica, const std::string& entity, const std::string& keep_id,
                                       const std::string& other_id) {
  auto keep = live_values(replica, entity, keep_id);
  if (!keep) return keep.error();
  auto other = live_values(replica, entity, other_id);
  if (!other) return other.error();
  auto kids = children(replica, entity, other_id);
  if (!kids) return kids.error();
  auto plan = sales::plan_merge(entity, keep_id, keep.value(), other_id, other.value(), kids.value());
  if (!plan) return plan.error();
  auto tx = Transaction::begin(replica.store().db());
  if (!tx) return tx.error();
  if (!plan->keep_changes.empty()) CRM_TRY(replica.update(entity, keep_id, plan->keep_changes));
  for (const auto& m : plan->moves) CRM_TRY(replica.update(m.entity, m.id, m.values));
  if (!plan->other_changes.empty()) CRM_TRY(replica.update(entity, other_id, plan->other_changes));
  CRM_TRY(replica.remove(entity, other_id));
  CRM_TRY(tx.value()->commit());
  return plan;
}

Result<int> repoint_merged_children(Replica& replica) {
  int moved = 0;
  auto tx = Transaction::begin(replica.store().db());
  if (!tx) return tx.error();
  for (const auto& schema : all_schemas()) {
    if (!schema.field("merged_into")) continue;
    auto held = replica.store().list(schema.name, ListOptions{.include_deleted = true});
    if (!held) return held.error();
    std::map<std::string, std::string> into;  // merged-away id -> the record it went into
    std::map<std::string, bool> alive;
    for (const auto& s : held.value()) {
      alive[s.id] = !s.deleted();
      const Json& target = s.value("merged_into");
      if (s.deleted() && target.is_string()) into[s.id] = target.get<std::string>();
    }
    if (into.empty()) continue;
    for (const EntitySchema* child : children_of(schema.name)) {
      const FieldSpec* parent = child->parent_field();
      if (!parent || parent->access != FieldAccess::kEditable) continue;
      auto kids = replica.store().list(child->name);
      if (!kids) return kids.error();
      for (const auto& k : kids.value()) {
        const Json& p = k.value(parent->name);
        if (!p.is_string() || !into.count(p.get<std::string>())) continue;
        std::string target = p.get<std::string>();
        for (int hop = 0; hop < 16 && into.count(target); ++hop) target = into[target];
        if (!alive[target]) continue;  // the chain ends in a deleted record: leave it
        CRM_TRY(replica.update(child->name, k.id, {{parent->name, target}}));
        ++moved;
      }
    }
  }
  CRM_TRY(tx.value()->commit());
  return moved;
}

}  // namespace crm
