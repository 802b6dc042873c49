#include "sales/record_merge.h"

#include <algorithm>

#include "model/entity_rules.h"

namespace crm::sales {
namespace {

bool empty_value(const Json& v) {
  return v.is_null() || (v.is_string() && v.get_ref<const std::string&>().empty()) || (v.is_array() && v.empty());
}

}  // namespace

Result<MergePlan> plan_merge(const std::string& entity, const std::string& keep_id, const FieldValues& keep,
                             const std::string& other_id, const FieldValues& other,
                             const std::vector<MergeChild>& children) {
  const EntitySchema* schema = find_schema(entity);
  if (!schema) return make_error("unknown_entity", "unknown entity '" + entity + "'");
  if (keep_id == other_id) return make_error("same_record", "a record cannot be merged into itself");
  MergePlan plan{.entity = entity, .keep_id = keep_id, .other_id = other_id};
  for (const auto& f : schema->fields) {
    // Who owns the kept record, and what the app computes, stay as they are.
    if (f.parent || f.name == schema->access.field || f.name == "merged_into") continue;
    if (f.access == FieldAccess::kComputed && f.name != "lead_id") continue;
    const Json& mine = value_of(keep, f.name);
    const Json& theirs = value_of(other, f.name);
    if (empty_value(theirs) || mine == theirs) continue;
    if (empty_value(mine)) {
      plan.keep_changes[f.name] = theirs;
    } else if (f.type == FieldType::kTags && mine.is_array() && theirs.is_array()) {
      Json joined = mine;
      for (const auto& t : theirs)
        if (std::find(joined.begin(), joined.end(), t) == joined.end()) joined.push_back(t);
      plan.keep_changes[f.name] = joined;
    } else if (f.type == FieldType::kLongText && mine.is_string() && theirs.is_string()) {
      plan.keep_changes[f.name] = mine.get<std::string>() + "\n\n" + theirs.get<std::string>();
    }
    // Other differing values: the kept record's win; the other's stay in its tombstoned state.
  }
  for (const auto& c : children) {
    if (!c.parent) continue;
    if (c.parent->access != FieldAccess::kEditable) {
      plan.unmoved.push_back(c);
      continue;
    }
    plan.moves.push_back(PlannedWrite{.entity = c.entity, .id = c.id, .values = {{c.parent->name, keep_id}}});
  }
  if (schema->field("merged_into")) plan.other_changes["merged_into"] = keep_id;
  return plan;
}

}  // namespace crm::sales
