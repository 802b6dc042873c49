// Merging two records on a device (sales/record_merge.h) as one all-or-nothing act, and the step
// that keeps a merge whole after sync: a child another device added offline to the record that
// was merged away reaches this device under a tombstoned parent; repoint_merged_children() moves
// it to the record its parent was merged into (its `merged_into`), as the merge would have.
#pragma once

#include <string>

#include "core/result.h"
#include "replica/replica.h"
#include "sales/record_merge.h"

namespace crm {

// Merges the live record `other_id` into the live record `keep_id` of `entity`: fills and joins
// the kept record's values, moves the other's children, marks the other merged_into and tombstones
// it, in one store transaction. Errors: not_found (either record), those of sales::plan_merge(),
// and any validation or rights error of a write; on error nothing is written.
Result<sales::MergePlan> merge_records(Replica& replica, const std::string& entity, const std::string& keep_id,
                                       const std::string& other_id);

// Live children of tombstoned records that name a `merged_into` are moved to that record (followed
// through merges of merges). Returns how many moved. Errors: storage and rights errors (nothing
// is written then).
Result<int> repoint_merged_children(Replica& replica);

}  // namespace crm
