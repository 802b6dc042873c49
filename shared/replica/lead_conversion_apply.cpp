#include "replica/lead_conversion_apply.h"

namespace crm {
namespace {

Result<std::optional<RecordState>> held(Replica& replica, const std::string& entity, const std::string& id) {
  return replica.store().get(entity, id);
}

Status apply_write(Replica& replica, const sales::PlannedWrite& w) {
  if (!w.create) {
    auto r = replica.update(w.entity, w.id, w.values);
    return r ? ok_status() : Status(r.error());
  }
  auto found = held(replica, w.entity, w.id);
  if (!found) return found.error();
  if (!found.value()) {
    auto r = replica.create_with_id(w.entity, w.id, w.values);
    return r ? ok_status() : Status(r.error());
  }
  if (found.value()->deleted())
    return make_error("conversion_target_deleted",
                      "the " + w.entity + " this conversion makes (" + w.id + ") was deleted on this device");
  // Another device's conversion of the same lead is here already: keep what it (or anyone since)
  // wrote and fill only what it left empty.
  FieldValues missing;
  const FieldValues have = Replica::visible_values(*found.value());
  for (const auto& [name, value] : w.values)
    if (!have.count(name)) missing[name] = value;
  if (missing.empty()) return ok_status();
  auto r = replica.update(w.entity, w.id, missing);
  return r ? ok_status() : Status(r.error());
}

}  // namespace

Result<sales::ConversionPlan> convert_lead(Replica& replica, const std::string& lead_id,
                                           const sales::ConversionOptions& options, const Actor& actor) {
  auto lead = held(replica, "lead", lead_id);
  if (!lead) return lead.error();
  if (!lead.value() || lead.value()->deleted()) return make_error("not_found", "no lead with id " + lead_id);
  std::optional<FieldValues> existing;
  if (!options.existing_customer_id.empty()) {
    auto c = held(replica, "customer", options.existing_customer_id);
    if (!c) return c.error();
    if (c.value() && !c.value()->deleted()) existing = Replica::visible_values(*c.value());
  }
  auto plan = sales::plan_conversion(lead_id, Replica::visible_values(*lead.value()), options,
                                     existing ? &*existing : nullptr, actor, replica.clock().now_ms());
  if (!plan) return plan.error();
  auto tx = Transaction::begin(replica.store().db());
  if (!tx) return tx.error();
  for (const auto& w : plan->writes) CRM_TRY(apply_write(replica, w));
  CRM_TRY(tx.value()->commit());
  return plan;
}

Result<bool> settle_conversion(Replica& replica, const std::string& lead_id) {
  auto lead = held(replica, "lead", lead_id);
  if (!lead) return lead.error();
  if (!lead.value() || lead.value()->deleted()) return false;
  auto it = lead.value()->fields.find("converted_at");
  if (it == lead.value()->fields.end()) return false;
  std::vector<Json> values;
  for (const auto& w : it->second) values.push_back(w.value);
  auto earliest = sales::settle_conversion_time(values);
  if (!earliest) return false;
  auto r = replica.resolve("lead", lead_id, "converted_at", *earliest);
  if (!r) return r.error();
  return true;
}

}  // namespace crm
