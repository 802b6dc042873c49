// Moving an opportunity to another stage, as one step: the opportunity's stage (and closed_on:
// today for won or lost, cleared when it reopens), a new stage_change record under it (from, to,
// at, by: appended, never edited, so moves made on two offline devices both stay in the history
// while `stage` itself follows the merge rules), and the customer's lifecycle on a won deal.
//
// This is the plan, on plain values; replica/stage_move_edit.h writes it through a Replica in one
// transaction, where the opportunity's own rules refuse a won deal without an amount
// (amount_required) and a lost one without a reason (reason_required), and its state machine a
// move the user may not make (forbidden_transition).
#pragma once

#include <optional>
#include <string>

#include "core/result.h"
#include "model/entity_schema.h"
#include "model/values/calendar_date.h"
#include "sales/pipeline_math.h"

namespace crm::sales {

struct StageMoveInput {
  std::string to;        // the stage code
  FieldValues extra;     // fields the move also sets: amount (for won), lost_reason (for lost)
  std::string by;        // who moves it (username)
  int64_t at_ms = 0;     // when
  CalendarDate today;    // the device's local date then: the close date of a won or lost deal
};

struct StageMovePlan {
  FieldValues opportunity;               // changes to the opportunity
  FieldValues stage_change;              // the new history record's values
  std::optional<FieldValues> customer;   // changes to its customer, when the lifecycle moves it
};

// `opportunity` holds its current visible values, `customer` its customer's (null when the device
// does not hold it). Errors: same_stage (already there), unknown_stage (not in the pipeline).
Result<StageMovePlan> plan_stage_move(const std::string& opportunity_id, const FieldValues& opportunity,
                                      const FieldValues* customer, const StageMoveInput& in,
                                      const Pipeline& pipeline = default_pipeline());

// The customer lifecycle on a won deal: a prospect (or a customer without a status) becomes
// "active"; so does an "inactive" or "lost" one (it bought again). An active customer stays.
// Nothing else moves the status automatically: reopening or losing a deal leaves it as it is
// (other deals may be won; demoting a customer is a person's call). Null: no change.
std::optional<std::string> status_after_won(const std::string& status);

}  // namespace crm::sales
