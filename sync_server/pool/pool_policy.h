// Which pool rule applies to a person: the most specific pool_rule record for their team and
// role (team and role, then team, then role, then one for everyone; a team's rule also covers its
// sub-teams, the nearest team first), or the default PoolPolicy when none matches. Pure.
#pragma once

#include <string>
#include <vector>

#include "access/org.h"
#include "crdt/record.h"
#include "sales/pool_rules.h"

namespace crm::server::pool {

// `rules`: the stored pool_rule records (deleted ones are skipped). `user_id`: who, in `org`.
sales::PoolPolicy policy_for(const std::vector<RecordState>& rules, const Org& org, int64_t user_id);

}  // namespace crm::server::pool
