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
              {.name = "customer_id", .type = T::kReference, .required = true,
               .reference_entity = "customer"},
              {.name = "name", .type = T::kText, .required = true, .max_length = 200},
              {.name = "title", .type = T::kText, .max_length = 100},
              {.name = "phone", .type = T::kPhone},
              {.name = "mobile", .type = T::kPhone},
              {.name = "email", .type = T::kEmail},
              {.name = "birthday", .type = T::kTimestamp},
              {.name = "primary", .type = T::kBool},
              {.name = "notes", .type = T::kLongText, .max_length = 5000},
          },
      .summary_fields = {"name", "phone", "email"},
  };
}

}  // namespace crm
