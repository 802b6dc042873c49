#include "model/entities/entities.h"
#include "model/entity_rules.h"
#include "model/values/calendar_date.h"
#include "model/values/money.h"

namespace crm {
namespace {

std::string text_of(const FieldValues& v, const char* field) {
  const Json& j = value_of(v, field);
  return j.is_string() ? j.get<std::string>() : std::string();
}

// A target is for someone (a person, a team, or a person in a team), for a whole calendar
// period (its first day: progress compares like with like on every device), and for more than
// nothing (its percentage would have no meaning).
std::vector<Error> check_target(const FieldValues*, const FieldValues& next, const Actor&) {
  std::vector<Error> out;
  if (text_of(next, "user").empty() && text_of(next, "team").empty())
    out.push_back(make_error("target_owner_required", "user: a target is for a sales person or a team", "user"));
  auto m = money_from_json(value_of(next, "amount"));
  if (m && m->minor <= 0) out.push_back(make_error("out_of_range", "amount: must be more than zero", "amount"));
  auto d = parse_date(text_of(next, "starts_on"));
  const std::string period = text_of(next, "period");
  if (d) {
    const bool first = d->day == 1 && (period == "month" || (period == "quarter" && d->month % 3 == 1) ||
                                       (period == "year" && d->month == 1));
    if (!first)
      out.push_back(make_error("period_start",
                               "starts_on: a month starts on its 1st, a quarter on 1 Jan, Apr, Jul or Oct, a year on 1 Jan",
                               "starts_on"));
  }
  return out;
}

}  // namespace

// A sales target for one person (`user`) or a team (`team`, no user) over a calendar month,
// quarter or year starting on `starts_on` (its first day), on won amount or on collected amount.
// A person's target that also names a team says the person is in that team: team progress adds
// up those people (sales/target_progress.h). Organisation-wide: a sales person's device shows
// their own progress offline; managers and admins set targets.
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
      .example = {{"starts_on", "2026-11-01"}},
  };
}

}  // namespace crm
