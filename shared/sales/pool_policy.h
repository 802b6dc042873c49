// Which pool rule applies to a person (model/entities/pool_rule.cpp): the most specific of the
// pool_rule records for their team and role: team and role, then team alone, each from the
// person's own team up through its parents (nearest first), then role alone, then a rule for
// everyone; equal candidates go to the smallest record id, so every server and device picks the
// same. None: the default PoolPolicy. Pure.
#pragma once

#include <string>
#include <vector>

#include "model/entity_schema.h"
#include "sales/pool_rules.h"

namespace crm::sales {

// `rules`: {record id, visible values} of the live pool_rule records. `teams`: the person's team
// and its ancestors, nearest first (empty when in no team, or not known: a device knows its role).
PoolPolicy pool_policy_for(const std::vector<std::pair<std::string, FieldValues>>& rules,
                           const std::vector<std::string>& teams, const std::string& role);

}  // namespace crm::sales
