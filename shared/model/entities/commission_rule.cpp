#include "model/entities/entities.h"
#include "model/entity_rules.h"

namespace crm {

// How commission is paid for a team or a role (empty: everyone; the most specific rule applies):
// a percentage of the basis (collected payments, or won amounts) per tier of target reached
// (commission_tier children, e.g. 3% up to the target and 5% above it). Organisation-wide:
// every device computes its user's commission offline (sales/commission.h); admins write.
EntitySchema commission_rule_schema() {
  using T = FieldType;
  return EntitySchema{
      .name = "commission_rule",
      .label = "Commission rule",
      .fields =
          {
              {.name = "name", .type = T::kText, .required = true, .max_length = 200, .searchable = true},
              {.name = "team", .type = T::kText, .max_length = 100, .indexed = true},
              {.name = "role", .type = T::kChoice, .choices = {kRoleSales, kRoleManager}},
              {.name = "basis", .type = T::kChoice, .required = true, .choices = {"collected", "won"},
               .label = "Paid on", .default_value = "collected"},
          },
      .summary_fields = {"name", "team", "basis"},
      .access = {.kind = AccessKind::kOrganisation, .writers = {kRoleAdmin}},
  };
}

// One tier of a commission rule: `rate` % of the part of the basis that lies above `from_percent`
// % of the period's target (the next tier's start ends it).
EntitySchema commission_tier_schema() {
  using T = FieldType;
  return EntitySchema{
      .name = "commission_tier",
      .label = "Commission tier",
      .fields =
          {
              parent_reference("rule_id", "commission_rule", "Commission rule", FieldAccess::kReadOnly),
              {.name = "from_percent", .type = T::kFixed, .required = true, .min = 0, .max = 10000, .scale = 2,
               .label = "From % of target", .default_value = "0"},
              {.name = "rate", .type = T::kFixed, .required = true, .min = 0, .max = 100, .scale = 3,
               .label = "Rate (%)"},
          },
      .summary_fields = {"from_percent", "rate"},
      .access = {.kind = AccessKind::kInherited, .field = "rule_id"},
  };
}

}  // namespace crm
