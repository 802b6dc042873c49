#include "model/entities/entities.h"
#include "model/entity_rules.h"

namespace crm {
namespace {

bool blank(const Json& v) { return !v.is_string() || v.get_ref<const std::string&>().empty(); }

std::vector<Error> check_lead(const FieldValues*, const FieldValues& next, const Actor&) {
  std::vector<Error> out;
  if (blank(value_of(next, "person_name")) && blank(value_of(next, "company")))
    out.push_back(make_error("name_required", "person_name: a lead needs a person's or a company's name",
                             "person_name"));
  const Json& status = value_of(next, "status");
  if (status == "disqualified" && blank(value_of(next, "disqualify_reason")))
    out.push_back(make_error("reason_required", "disqualify_reason: say why the lead is disqualified",
                             "disqualify_reason"));
  if (status == "converted" && blank(value_of(next, "converted_customer_id")))
    out.push_back(make_error("conversion_incomplete",
                             "converted_customer_id: a converted lead names the customer it became",
                             "converted_customer_id"));
  return out;
}

}  // namespace

// Someone who may become a customer: worked by its owner until it is qualified and converted
// (sales/lead_conversion.h) or disqualified. Unowned leads wait in their team's queue, from which
// the server assigns them round-robin and a sales person may take one.
EntitySchema lead_schema() {
  using T = FieldType;
  const std::vector<std::string> anyone_open = {};
  return EntitySchema{
      .name = "lead",
      .label = "Lead",
      .fields =
          {
              {.name = "person_name", .type = T::kText, .max_length = 200, .label = "Name", .searchable = true},
              {.name = "company", .type = T::kText, .max_length = 200, .searchable = true},
              {.name = "title", .type = T::kText, .max_length = 100, .label = "Job title"},
              {.name = "phone", .type = T::kPhone, .searchable = true},
              {.name = "email", .type = T::kEmail, .label = "E-mail"},
              {.name = "source", .type = T::kText, .max_length = 100, .picklist = "source"},
              {.name = "campaign_id", .type = T::kReference, .reference_entity = "campaign", .label = "Campaign",
               .indexed = true},
              {.name = "status",
               .type = T::kChoice,
               .required = true,
               .choices = {"new", "contacted", "qualified", "disqualified", "converted"},
               .default_value = "new",
               .indexed = true},
              {.name = "disqualify_reason", .type = T::kText, .max_length = 300, .label = "Reason"},
              {.name = "owner",
               .type = T::kText,
               .max_length = 100,
               .writers = {kRoleManager, kRoleAdmin},
               .claimers = {kRoleSales},
               .indexed = true},
              {.name = "team", .type = T::kText, .max_length = 100, .writers = {kRoleManager, kRoleAdmin},
               .label = "Team queue", .indexed = true},
              {.name = "next_follow_up", .type = T::kTimestamp, .label = "Next follow-up", .indexed = true},
              {.name = "notes", .type = T::kLongText, .max_length = 5000},
              {.name = "converted_customer_id", .type = T::kReference, .reference_entity = "customer",
               .access = FieldAccess::kComputed, .label = "Converted to customer"},
              {.name = "converted_contact_id", .type = T::kReference, .reference_entity = "contact",
               .access = FieldAccess::kComputed, .label = "Converted to contact"},
              {.name = "converted_opportunity_id", .type = T::kReference, .reference_entity = "opportunity",
               .access = FieldAccess::kComputed, .label = "Converted to opportunity"},
              {.name = "converted_at", .type = T::kTimestamp, .access = FieldAccess::kComputed,
               .label = "Converted"},
          },
      .summary_fields = {"person_name", "company", "status"},
      .access = {.kind = AccessKind::kOwned, .field = "owner"},
      .states = {{.field = "status",
                  .initial = {"new", "contacted", "qualified"},
                  .transitions = {{"new", "contacted", anyone_open},
                                  {"new", "qualified", anyone_open},
                                  {"contacted", "qualified", anyone_open},
                                  {"new", "disqualified", anyone_open},
                                  {"contacted", "disqualified", anyone_open},
                                  {"qualified", "disqualified", anyone_open},
                                  {"disqualified", "new", anyone_open},
                                  {"new", "converted", anyone_open},
                                  {"contacted", "converted", anyone_open},
                                  {"qualified", "converted", anyone_open}}}},
      .check = check_lead,
  };
}

}  // namespace crm
