// A stage move (sales/stage_move.h) written through a replica as one step: the opportunity, its
// new stage_change record and its customer's lifecycle change are validated as local edits (the
// signed-in actor's rights and the opportunity's rules, as the server applies them on push) and
// stored in one transaction: all of them or none.
#pragma once

#include <optional>

#include "replica/replica.h"
#include "sales/stage_move.h"

namespace crm {

struct StageMoveResult {
  RecordState opportunity, stage_change;
  std::optional<RecordState> customer;  // when its status moved
};

// Errors: not_found (no live opportunity with that id), those of plan_stage_move() (same_stage,
// unknown_stage), the opportunity's validation and rules (amount_required, reason_required,
// forbidden_transition, ...), storage errors. On an error after the first write the replica's
// observer has seen states that were rolled back: the caller reloads its views (views/view.h).
Result<StageMoveResult> move_stage(Replica& replica, const std::string& opportunity_id,
                                   const sales::StageMoveInput& input);

}  // namespace crm
