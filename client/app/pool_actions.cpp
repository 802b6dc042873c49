#include "app/pool_actions.h"

#include "core/time_format.h"
#include "sales/pool_follow_up.h"
#include "sales/pool_policy.h"

namespace crm {
namespace {

constexpr const char* kCustomer = "customer";
constexpr const char* kOwner = "owner";

std::string owner_of(const FieldValues& v) {
  auto it = v.find(kOwner);
  return it != v.end() && it->second.is_string() ? it->second.get<std::string>() : std::string();
}

}  // namespace

sales::PoolPolicy my_pool_policy(App& app) {
  std::vector<std::pair<std::string, FieldValues>> rules;
  if (RecordListView* list = app.records("pool_rule"))
    for (const ListRow* row : list->query(ListQuery{})) rules.emplace_back(row->id, row->values);
  return sales::pool_policy_for(rules, {}, app.session().role);
}

int customers_held(App& app) {
  RecordListView* list = app.records(kCustomer);
  if (!list || app.session().username.empty()) return 0;
  ListQuery mine;
  mine.equals[kOwner] = app.session().username;
  return static_cast<int>(list->query(mine).size());
}

FormOutcome claim_customer(App& app, const std::string& customer_id) {
  FormOutcome out;
  auto values = app.values(kCustomer, customer_id);
  if (!values) {
    out.error = make_error("not_found", "this customer no longer exists on this device");
    return out;
  }
  if (!owner_of(*values).empty()) {
    out.error = make_error("already_claimed", "already claimed by " + owner_of(*values), kOwner);
    return out;
  }
  if (Status s = sales::check_claim(customers_held(app), my_pool_policy(app)); !s) {
    out.error = s.error();
    return out;
  }
  return app.save(kCustomer, customer_id,
                  {{kOwner, app.session().username}, {"claimed_at", iso8601_utc(app.clock().now_ms())}, {"pool_reason", ""}});
}

FormOutcome return_to_pool(App& app, const std::string& customer_id, const std::string& reason) {
  if (reason.find_first_not_of(" \t") == std::string::npos) {
    FormOutcome out;
    out.field_errors["pool_reason"] = "reason_required";
    return out;
  }
  return app.save(kCustomer, customer_id, {{kOwner, ""}, {"pool_reason", reason}});
}

std::optional<sales::PoolStatus> pool_standing(App& app, const std::string& customer_id, int tz_offset_min) {
  auto values = app.values(kCustomer, customer_id);
  if (!values || owner_of(*values).empty() || owner_of(*values) != app.session().username) return std::nullopt;
  int64_t owned_since = 0;
  if (Replica* r = app.replica())
    if (auto state = r->store().get(kCustomer, customer_id); state && state.value())
      if (const FieldWrite* w = state.value()->winner(kOwner)) owned_since = w->hlc.ms;
  std::vector<std::pair<std::string, FieldValues>> children;
  for (const char* entity : {"activity", "visit", "opportunity"})
    for (const ListRow* row : app.children(customer_id, entity)) children.emplace_back(entity, row->values);
  const auto facts = sales::follow_ups_of(*values, owned_since, children);
  return sales::pool_status_at(facts, app.clock().now_ms(), tz_offset_min, my_pool_policy(app));
}

std::string claimed_by(const std::string& message) {
  const std::string head = "already claimed by ";
  if (message.rfind(head, 0) != 0) return {};
  const size_t end = message.find(" (", head.size());
  return message.substr(head.size(), end == std::string::npos ? std::string::npos : end - head.size());
}

}  // namespace crm
