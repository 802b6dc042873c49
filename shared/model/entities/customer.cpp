#include "model/entities/entities.h"

namespace crm {

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
              // A sales person cannot hand a customer to a colleague or drop it into the pool; a
              // manager or an admin moves customers (pool claims come with the pool rules).
              {.name = "owner",
               .type = T::kText,
               .max_length = 100,
               .writers = {kRoleManager, kRoleAdmin},
               .indexed = true},
              {.name = "tags", .type = T::kTags, .max_length = 50},
              {.name = "notes", .type = T::kLongText, .max_length = 5000},
          },
      .summary_fields = {"name", "phone", "city"},
      // Service agents see the customers behind their tickets.
      .access = {.kind = AccessKind::kOwned, .field = "owner", .reach = {{kRoleService, "ticket"}}},
  };
}

}  // namespace crm
