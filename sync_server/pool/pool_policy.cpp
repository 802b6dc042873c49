#include "pool/pool_policy.h"

#include "replica/replica.h"
#include "sales/pool_policy.h"

namespace crm::server::pool {

sales::PoolPolicy policy_for(const std::vector<RecordState>& rules, const Org& org, int64_t user_id) {
  const OrgUser* user = org.user(user_id);
  if (!user) return {};
  std::vector<std::string> teams;  // the user's team and its ancestors, nearest first
  for (const Team* t = org.team(user->team_id); t && teams.size() < 64; t = org.team(t->parent_id))
    teams.push_back(t->name);
  std::vector<std::pair<std::string, FieldValues>> live;
  for (const auto& r : rules)
    if (!r.deleted()) live.emplace_back(r.id, Replica::visible_values(r));
  return sales::pool_policy_for(live, teams, user->role);
}

}  // namespace crm::server::pool
