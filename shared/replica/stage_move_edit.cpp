#include "replica/stage_move_edit.h"

#include "model/entity_rules.h"

namespace crm {
namespace {

Result<std::optional<FieldValues>> live_values(RecordStore& store, const std::string& entity, const std::string& id) {
  auto found = store.get(entity, id);
  if (!found) return found.error();
  if (!found.value() || found.value()->deleted()) return std::optional<FieldValues>{};
  return std::optional<FieldValues>{Replica::visible_values(*found.value())};
}

}  // namespace

Result<StageMoveResult> move_stage(Replica& replica, const std::string& opportunity_id,
                                   const sales::StageMoveInput& input) {
  auto opp = live_values(replica.store(), "opportunity", opportunity_id);
  if (!opp) return opp.error();
  if (!opp.value()) return make_error("not_found", "no opportunity with id " + opportunity_id);
  const Json& customer_id = value_of(**opp, "customer_id");
  std::optional<FieldValues> customer;
  if (customer_id.is_string()) {
    auto c = live_values(replica.store(), "customer", customer_id.get<std::string>());
    if (!c) return c.error();
    customer = std::move(c.value());
  }
  auto plan = sales::plan_stage_move(opportunity_id, **opp, customer ? &*customer : nullptr, input);
  if (!plan) return plan.error();

  auto tx = Transaction::begin(replica.store().db());
  if (!tx) return tx.error();
  StageMoveResult out;
  auto moved = replica.update("opportunity", opportunity_id, plan->opportunity);
  if (!moved) return moved.error();
  out.opportunity = std::move(moved.value());
  auto change = replica.create("stage_change", plan->stage_change);
  if (!change) return change.error();
  out.stage_change = std::move(change.value());
  if (plan->customer) {
    auto c = replica.update("customer", customer_id.get<std::string>(), *plan->customer);
    if (!c) return c.error();
    out.customer = std::move(c.value());
  }
  CRM_TRY(tx.value()->commit());
  return out;
}

}  // namespace crm
