#include "model/entities/entities.h"
#include "model/entity_rules.h"
#include "model/values/money.h"

namespace crm {
namespace {

std::vector<Error> check_target(const FieldValues*, const FieldValues& next, const Actor&) {
  auto m = money_from_json(value_of(next, "amount"));
  if (m && m->minor < 0) return {make_error("out_of_range", "amount: must not be negative", "amount")};
  return {};
}

}  // namespace

// A sales target for one person (`user`) or a team (`team`, no user) over a month, a quarter or
// a year starting on `starts_on`, on won amount or on collected amount. Organisation-wide: a
// sales person's device shows their own progress offline; managers and admins set targets.
EntitySchema sales_target_schema() {
  using T = FieldType;
  return EntitySchema{
      .name = "sales_target",
      .label = "Sales target",
      .fields =
          {
              {.name = "user", .type = T::kText, .max_length = 100, .label = "Sales person", .indexed = true},
              {.name = "team", .type = T::kText, .max_length = 100, .indexed = true},
              {.name = "period", .type = T::kChoice, .required = true, .choices = {"month", "quarter", "year"},
               .default_value = "month"},
              {.name = "starts_on", .type = T::kDate, .required = true, .label = "Period start", .indexed = true},
              {.name = "basis", .type = T::kChoice, .required = true, .choices = {"won", "collected"},
               .label = "Counts", .default_value = "collected"},
              {.name = "amount", .type = T::kMoney, .required = true, .label = "Target"},
          },
      .summary_fields = {"user", "team", "starts_on", "amount"},
      .access = {.kind = AccessKind::kOrganisation, .writers = {kRoleManager, kRoleAdmin}},
      .check = check_target,
  };
}

}  // namespace crm
