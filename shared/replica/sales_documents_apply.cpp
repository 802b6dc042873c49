#include "replica/sales_documents_apply.h"

#include "model/entity_rules.h"

namespace crm {
namespace {

Status write(Replica& replica, const sales::PlannedRecord& r) {
  auto found = replica.store().get(r.entity, r.id);
  if (!found) return found.error();
  if (!found.value()) {
    auto made = replica.create_with_id(r.entity, r.id, r.values);
    return made ? ok_status() : Status(made.error());
  }
  if (found.value()->deleted())
    return make_error("target_deleted", "the " + r.entity + " this makes (" + r.id + ") was deleted on this device");
  FieldValues missing;
  const FieldValues have = Replica::visible_values(*found.value());
  for (const auto& [name, value] : r.values)
    if (!have.count(name)) missing[name] = value;
  if (missing.empty()) return ok_status();
  auto updated = replica.update(r.entity, r.id, missing);
  return updated ? ok_status() : Status(updated.error());
}

}  // namespace

Status apply_document_plan(Replica& replica, const sales::DocumentPlan& plan) {
  auto tx = Transaction::begin(replica.store().db());
  if (!tx) return tx.error();
  for (const auto& r : plan.records) CRM_TRY(write(replica, r));
  return tx.value()->commit();
}

Result<std::string> make_contract_from_quote(Replica& replica, const std::string& quote_id) {
  StoreLookup lookup(replica.store());
  auto plan = sales::contract_from_quote(lookup, quote_id);
  if (!plan) return plan.error();
  CRM_TRY(apply_document_plan(replica, plan.value()));
  return plan->records.front().id;
}

Result<std::string> make_order(Replica& replica, const std::string& source_entity, const std::string& source_id,
                               CalendarDate today) {
  StoreLookup lookup(replica.store());
  auto plan = sales::order_from(lookup, source_entity, source_id, today);
  if (!plan) return plan.error();
  CRM_TRY(apply_document_plan(replica, plan.value()));
  return plan->records.front().id;
}

Status split_payment_plan(Replica& replica, const std::string& contract_id, int n, CalendarDate first_due) {
  StoreLookup lookup(replica.store());
  auto contract = lookup.values("contract", contract_id);
  if (!contract) return make_error("not_found", "no contract with id " + contract_id);
  if (!lookup.children("instalment", contract_id).empty())
    return make_error("plan_exists", "instalments: the contract has a payment plan already", "instalments");
  auto amount = money_from_json(value_of(*contract, "amount"));
  if (!amount) return make_error("wrong_type", "amount: the contract has no amount", "amount");
  auto plan = sales::split_evenly(amount.value(), n, first_due);
  if (!plan) return plan.error();
  auto tx = Transaction::begin(replica.store().db());
  if (!tx) return tx.error();
  for (const auto& v : sales::instalment_values(contract_id, plan.value())) {
    auto made = replica.create("instalment", v);
    if (!made) return made.error();
  }
  return tx.value()->commit();
}

}  // namespace crm
