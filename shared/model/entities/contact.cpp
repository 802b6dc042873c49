#include "model/entities/entities.h"

namespace crm {

// A person at a customer.
EntitySchema contact_schema() {
  using T = FieldType;
  return EntitySchema{
      .name = "contact",
      .label = "Contact",
      .fields =
          {
              parent_reference("customer_id", "customer", "Customer"),
              {.name = "name",
               .type = T::kText,
               .required = true,
               .max_length = 200,
               .searchable = true},
              {.name = "title", .type = T::kText, .max_length = 100, .label = "Job title"},
              {.name = "phone", .type = T::kPhone},
              {.name = "mobile", .type = T::kPhone},
              {.name = "email", .type = T::kEmail, .label = "E-mail"},
              {.name = "birthday", .type = T::kDate},
              {.name = "primary", .type = T::kBool, .label = "Primary contact"},
              {.name = "notes", .type = T::kLongText, .max_length = 5000},
          },
      .summary_fields = {"name", "phone", "email"},
      .access = {.kind = AccessKind::kInherited, .field = "customer_id"},
  };
}

}  // namespace crm
