#include "model/entities/entities.h"
#include "model/entity_rules.h"

namespace crm {
namespace {

std::vector<Error> check_campaign(const FieldValues*, const FieldValues& next, const Actor&) {
  if (ends_before(next, "starts_on", "ends_on"))
    return {make_error("ends_before_start", "ends_on: the campaign ends before it starts", "ends_on")};
  return {};
}

}  // namespace

// A marketing activity leads and customers are attributed to (a lead's campaign is carried to
// the customer and opportunity it converts to). Organisation-wide; its ROI and target lists come
// with the marketing module.
EntitySchema campaign_schema() {
  using T = FieldType;
  return EntitySchema{
      .name = "campaign",
      .label = "Campaign",
      .fields =
          {
              {.name = "name", .type = T::kText, .required = true, .max_length = 200, .searchable = true},
              {.name = "channel", .type = T::kText, .max_length = 100, .picklist = "campaign_channel"},
              {.name = "status",
               .type = T::kChoice,
               .choices = {"planned", "active", "completed", "cancelled"},
               .default_value = "planned",
               .indexed = true},
              {.name = "starts_on", .type = T::kDate, .label = "Start", .indexed = true},
              {.name = "ends_on", .type = T::kDate, .label = "End"},
              {.name = "budget", .type = T::kMoney},
              {.name = "notes", .type = T::kLongText, .max_length = 5000},
          },
      .summary_fields = {"name", "status", "starts_on"},
      .access = {.kind = AccessKind::kOrganisation, .writers = {kRoleManager, kRoleAdmin}},
      .check = check_campaign,
  };
}

}  // namespace crm
