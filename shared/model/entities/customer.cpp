#include "model/entities/entities.h"

#include "model/entity_rules.h"

namespace crm {
namespace {

bool blank(const Json& v) { return !v.is_string() || v.get_ref<const std::string&>().empty(); }

// Whoever returns a customer to the pool says why (the next owner reads it).
std::vector<Error> check_customer(const FieldValues* previous, const FieldValues& next, const Actor&) {
  if (previous && !blank(value_of(*previous, "owner")) && blank(value_of(next, "owner")) &&
      blank(value_of(next, "pool_reason")))
    return {make_error("reason_required", "pool_reason: say why the customer goes back to the pool", "pool_reason")};
  return {};
}

}  // namespace

// A company or an individual the sales team serves. Industry, source and region stay free text
// (records hold any text typed before picklists existed) with their picklist's values offered as
// suggestions; grade is a choice whose compiled-in A-D are the seeds an admin's picklist extends
// or retires (model/configuration.h).
EntitySchema customer_schema() {
  using T = FieldType;
  return EntitySchema{
      .name = "customer",
      .label = "Customer",
      .fields =
          {
              {.name = "kind",
               .type = T::kChoice,
               .required = true,
               .choices = {"company", "individual"},
               .label = "Type"},
              {.name = "name",
               .type = T::kText,
               .required = true,
               .max_length = 200,
               .searchable = true},
              {.name = "phone", .type = T::kPhone, .searchable = true},
              {.name = "email", .type = T::kEmail, .label = "E-mail"},
              {.name = "website", .type = T::kText, .max_length = 200},
              {.name = "industry", .type = T::kText, .max_length = 100, .picklist = "industry"},
              {.name = "grade", .type = T::kChoice, .choices = {"A", "B", "C", "D"}, .picklist = "customer_grade"},
              {.name = "source", .type = T::kText, .max_length = 100, .picklist = "source"},
              {.name = "status",
               .type = T::kChoice,
               .choices = {"prospect", "active", "inactive", "lost"}},
              {.name = "address", .type = T::kText, .max_length = 300},
              {.name = "city", .type = T::kText, .max_length = 100, .searchable = true},
              {.name = "region", .type = T::kText, .max_length = 100, .picklist = "region"},
              {.name = "country", .type = T::kText, .max_length = 100},
              {.name = "latitude", .type = T::kDecimal, .min = -90, .max = 90},
              {.name = "longitude", .type = T::kDecimal, .min = -180, .max = 180},
              // A sales person cannot hand a customer to a colleague; they claim one from the
              // pool and return their own to it (with a reason); a manager or an admin moves
              // customers between people.
              {.name = "owner",
               .type = T::kText,
               .max_length = 100,
               .writers = {kRoleManager, kRoleAdmin},
               .claimers = {kRoleSales},
               .indexed = true},
              {.name = "claimed_at", .type = T::kTimestamp, .access = FieldAccess::kComputed,
               .label = "Claimed from the pool"},
              {.name = "pool_reason", .type = T::kText, .max_length = 300, .access = FieldAccess::kComputed,
               .label = "Reason for returning to the pool"},
              {.name = "lead_id", .type = T::kReference, .reference_entity = "lead",
               .access = FieldAccess::kComputed, .label = "From lead"},
              {.name = "campaign_id", .type = T::kReference, .reference_entity = "campaign", .label = "Campaign",
               .indexed = true},
              {.name = "tags", .type = T::kTags, .max_length = 50},
              {.name = "notes", .type = T::kLongText, .max_length = 5000},
              // Set on a customer merged into another before it is tombstoned (sales/record_merge.h):
              // children that reach it later move to that one.
              {.name = "merged_into", .type = T::kReference, .reference_entity = "customer",
               .access = FieldAccess::kComputed, .label = "Merged into"},
          },
      .summary_fields = {"name", "phone", "city"},
      // Service agents see the customers behind their tickets.
      .access = {.kind = AccessKind::kOwned, .field = "owner", .reach = {{kRoleService, "ticket"}}},
      .check = check_customer,
  };
}

}  // namespace crm
