#include "sales/pool_policy.h"

#include <catch2/catch.hpp>

using namespace crm;
using namespace crm::sales;

namespace {
std::pair<std::string, FieldValues> rule(const std::string& id, const std::string& team, const std::string& role,
                                         int limit) {
  FieldValues v = {{"return_after_days", 30}, {"warn_days", 7}, {"claim_limit", limit}};
  if (!team.empty()) v["team"] = team;
  if (!role.empty()) v["role"] = role;
  return {id, v};
}
}  // namespace

TEST_CASE("The most specific pool rule applies: team and role, team (nearest first), role, everyone",
          "[sales][pool]") {
  std::vector<std::pair<std::string, FieldValues>> rules;
  CHECK(pool_policy_for(rules, {"north-east", "north"}, "sales").claim_limit == PoolPolicy{}.claim_limit);
  rules.push_back(rule("b", "", "", 10));
  CHECK(pool_policy_for(rules, {}, "sales").claim_limit == 10);
  rules.push_back(rule("c", "", "sales", 20));
  CHECK(pool_policy_for(rules, {}, "sales").claim_limit == 20);
  CHECK(pool_policy_for(rules, {}, "manager").claim_limit == 10);
  rules.push_back(rule("d", "north", "", 30));
  CHECK(pool_policy_for(rules, {"north-east", "north"}, "sales").claim_limit == 30);
  CHECK(pool_policy_for(rules, {"south"}, "sales").claim_limit == 20);
  rules.push_back(rule("e", "north-east", "manager", 40));
  CHECK(pool_policy_for(rules, {"north-east", "north"}, "sales").claim_limit == 30);
  CHECK(pool_policy_for(rules, {"north-east", "north"}, "manager").claim_limit == 40);
  // Two rules equally specific: the smaller record id, on every server and device.
  rules.push_back(rule("a", "north", "", 35));
  CHECK(pool_policy_for(rules, {"north-east", "north"}, "sales").claim_limit == 35);
}
