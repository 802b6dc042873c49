#include "model/entities/entities.h"
#include "model/entity_rules.h"

namespace crm {
namespace {

int int_or(const Json& v, int fallback) { return v.is_number_integer() ? v.get<int>() : fallback; }

std::vector<Error> check_pool_rule(const FieldValues*, const FieldValues& next, const Actor&) {
  if (int_or(value_of(next, "warn_days"), 7) >= int_or(value_of(next, "return_after_days"), 30))
    return {make_error("invalid_policy", "warn_days: the warning must start before the return", "warn_days")};
  return {};
}

}  // namespace

// The public pool's rules (sales/pool_rules.h) for a team or a role, or for everyone when both
// are empty; the most specific rule applies (team and role, then team, then role, then everyone).
// Organisation-wide: every device reads them to warn owners offline; the server enforces them.
EntitySchema pool_rule_schema() {
  using T = FieldType;
  return EntitySchema{
      .name = "pool_rule",
      .label = "Pool rule",
      .fields =
          {
              {.name = "team", .type = T::kText, .max_length = 100, .indexed = true},
              {.name = "role", .type = T::kChoice, .choices = {kRoleSales, kRoleManager}},
              {.name = "return_after_days",
               .type = T::kInteger,
               .required = true,
               .min = 1,
               .max = 3650,
               .label = "Return after days without follow-up",
               .default_value = 30},
              {.name = "warn_days",
               .type = T::kInteger,
               .required = true,
               .min = 0,
               .max = 365,
               .label = "Warn days before",
               .default_value = 7},
              {.name = "claim_limit",
               .type = T::kInteger,
               .required = true,
               .min = 1,
               .max = 100000,
               .label = "Customers one person may hold",
               .default_value = 50},
          },
      .summary_fields = {"team", "role", "claim_limit"},
      .access = {.kind = AccessKind::kOrganisation, .writers = {kRoleAdmin}},
      .check = check_pool_rule,
  };
}

}  // namespace crm
