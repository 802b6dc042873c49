#include "sales/pool_policy.h"

#include <cstdint>

namespace crm::sales {
namespace {

std::string text_of(const FieldValues& v, const char* field) {
  auto it = v.find(field);
  return it != v.end() && it->second.is_string() ? it->second.get<std::string>() : std::string();
}

int int_of(const FieldValues& v, const char* field, int fallback) {
  auto it = v.find(field);
  return it != v.end() && it->second.is_number_integer() ? it->second.get<int>() : fallback;
}

}  // namespace

PoolPolicy pool_policy_for(const std::vector<std::pair<std::string, FieldValues>>& rules,
                           const std::vector<std::string>& teams, const std::string& role) {
  // Rank: lower is more specific. Team i: 3i (with the role), 3i+1 (any role); then 3n (the role
  // alone), 3n+1 (everyone).
  const std::pair<std::string, FieldValues>* best = nullptr;
  size_t best_rank = SIZE_MAX;
  for (const auto& rule : rules) {
    const std::string team = text_of(rule.second, "team"), rule_role = text_of(rule.second, "role");
    if (!rule_role.empty() && rule_role != role) continue;
    size_t rank = SIZE_MAX;
    if (team.empty()) {
      rank = 3 * teams.size() + (rule_role.empty() ? 1 : 0);
    } else {
      for (size_t i = 0; i < teams.size() && rank == SIZE_MAX; ++i)
        if (teams[i] == team) rank = 3 * i + (rule_role.empty() ? 1 : 0);
    }
    if (rank == SIZE_MAX) continue;
    if (rank < best_rank || (rank == best_rank && rule.first < best->first)) best = &rule, best_rank = rank;
  }
  PoolPolicy p;
  if (!best) return p;
  p.return_after_days = int_of(best->second, "return_after_days", p.return_after_days);
  p.warn_days = int_of(best->second, "warn_days", p.warn_days);
  p.claim_limit = int_of(best->second, "claim_limit", p.claim_limit);
  return p;
}

}  // namespace crm::sales
