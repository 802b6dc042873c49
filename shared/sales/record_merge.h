// Merging two records that are the same real thing (two customers created on two offline devices):
// a pure plan on plain values. The kept record takes every value it lacks from the other (tags
// joined, the other's notes appended to its own), every child of the other (children_of(): the
// contacts, activities, visits, opportunities, tickets, ...) moves to the kept record, and the
// other gets `merged_into` (when its entity has that field) and is tombstoned. The other's state
// keeps its values under the tombstone, so nothing typed is lost.
//
// A child whose parent field is set once (an attachment's record_id) cannot be moved by an edit;
// it stays with the other record and is listed in `unmoved`.
//
// replica/record_merge_apply.h applies a plan in one transaction, and re-points children that
// reach a merged record later (added offline on another device) to the record it was merged into.
#pragma once

#include <string>
#include <vector>

#include "core/result.h"
#include "model/entity_schema.h"
#include "sales/lead_conversion.h"

namespace crm::sales {

struct MergeChild {
  std::string entity, id;
  const FieldSpec* parent = nullptr;  // the field naming its parent
};

struct MergePlan {
  std::string entity, keep_id, other_id;
  FieldValues keep_changes;                   // filled and joined values of the kept record
  std::vector<PlannedWrite> moves;            // children re-pointed to the kept record
  std::vector<MergeChild> unmoved;            // children whose parent is set once
  FieldValues other_changes;                  // `merged_into`, when the entity has it
};

// The plan for merging `other` into `keep` (both live records of `entity`, visible values), whose
// children are `children`. Errors: unknown_entity, same_record (one record twice).
Result<MergePlan> plan_merge(const std::string& entity, const std::string& keep_id, const FieldValues& keep,
                             const std::string& other_id, const FieldValues& other,
                             const std::vector<MergeChild>& children);

}  // namespace crm::sales
