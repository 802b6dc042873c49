#include "pool/auto_return.h"

#include "api/server_edit.h"
#include "replica/replica.h"
#include "pool/pool_names.h"
#include "pool/pool_policy.h"
#include "pool/text_field.h"
#include "sales/pool_follow_up.h"

namespace crm::server::pool {
namespace {

// What a customer's records say about its follow-ups (sales/pool_follow_up.h). Errors: storage.
Result<sales::FollowUps> follow_ups_of(RecordTransaction& tx, const RecordState& customer) {
  auto children = tx.children(RecordKey{customer.entity, customer.id});
  if (!children) return children.error();
  std::vector<std::pair<std::string, FieldValues>> values;
  for (const auto& [key, scope] : children.value()) {
    if (key.entity != kActivity && key.entity != kVisit && key.entity != kOpportunity) continue;
    auto child = tx.get(key.entity, key.id);
    if (!child) return child.error();
    if (child.value() && !child.value()->deleted())
      values.emplace_back(key.entity, Replica::visible_values(*child.value()));
  }
  const FieldWrite* owner = customer.winner(kOwner);
  return sales::follow_ups_of(Replica::visible_values(customer), owner ? owner->hlc.ms : 0, values);
}

}  // namespace

Result<std::vector<ReturnedCustomer>> return_due(RecordChanges& records, OrgAccounts& accounts,
                                                 const ChangeAuthor& author, int utc_offset_minutes) {
  auto org = accounts.load_org();
  if (!org) return org.error();
  std::vector<ReturnedCustomer> out;
  Status written = records.write(author, [&](RecordTransaction& tx) -> Status {
    out.clear();
    auto rules = tx.list(kPoolRule);
    if (!rules) return rules.error();
    auto customers = tx.list(kCustomer);
    if (!customers) return customers.error();
    for (const RecordState& c : customers.value()) {
      if (c.deleted()) continue;
      const std::string owner = text_field(c, kOwner);
      if (owner.empty()) continue;
      const OrgUser* user = org->user_named(owner);
      if (!user) continue;  // not a user's: the scope rules keep such records out of reach already
      const sales::PoolPolicy policy = policy_for(rules.value(), org.value(), user->id);
      auto facts = follow_ups_of(tx, c);
      if (!facts) return facts.error();
      const auto status = sales::pool_status_at(facts.value(), author.at_ms, utc_offset_minutes, policy);
      if (status.standing != sales::PoolStanding::kDue) continue;
      const std::string since = format_date(local_date(sales::last_follow_up_ms(facts.value()), utc_offset_minutes));
      ReturnedCustomer r{c.id, owner,
                         "Returned automatically: no follow-up for " + std::to_string(policy.return_after_days) +
                             " days (last on " + since + ")"};
      auto edited = server_edit(tx, org.value(), author, c, {{kOwner, nullptr}, {kPoolReason, r.reason}}, kServerReplica);
      if (!edited) return edited.error();
      out.push_back(std::move(r));
    }
    return ok_status();
  });
  if (!written) return written.error();
  return out;
}

}  // namespace crm::server::pool
