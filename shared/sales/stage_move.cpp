#include "sales/stage_move.h"

#include "core/time_format.h"
#include "model/entity_rules.h"

namespace crm::sales {

std::optional<std::string> status_after_won(const std::string& status) {
  if (status == "active") return std::nullopt;
  return std::string("active");
}

Result<StageMovePlan> plan_stage_move(const std::string& opportunity_id, const FieldValues& opportunity,
                                      const FieldValues* customer, const StageMoveInput& in,
                                      const Pipeline& pipeline) {
  const int to = pipeline.index(in.to);
  if (to < 0) return make_error("unknown_stage", "'" + in.to + "' is not a stage of the pipeline", "stage");
  const Json& current = value_of(opportunity, "stage");
  const std::string from = current.is_string() ? current.get<std::string>() : "";
  if (from == in.to) return make_error("same_stage", "the opportunity is already in " + in.to, "stage");

  StageMovePlan plan;
  plan.opportunity = in.extra;
  plan.opportunity["stage"] = in.to;
  const StageOutcome outcome = pipeline.stages[static_cast<size_t>(to)].outcome;
  const bool closed = outcome != StageOutcome::kOpen;
  if (closed) {
    plan.opportunity["closed_on"] = format_date(in.today);
  } else if (!value_of(opportunity, "closed_on").is_null()) {
    plan.opportunity["closed_on"] = nullptr;  // reopened: no longer closed
  }
  plan.stage_change = {{"opportunity_id", opportunity_id},
                       {"to_stage", in.to},
                       {"at", iso8601_utc(in.at_ms)}};
  if (!from.empty()) plan.stage_change["from_stage"] = from;
  if (!in.by.empty()) plan.stage_change["by"] = in.by;

  if (outcome == StageOutcome::kWon && customer) {
    const Json& status = value_of(*customer, "status");
    if (auto next = status_after_won(status.is_string() ? status.get<std::string>() : ""))
      plan.customer = FieldValues{{"status", *next}};
  }
  return plan;
}

}  // namespace crm::sales
