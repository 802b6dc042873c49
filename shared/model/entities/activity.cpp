#include "model/entities/entities.h"

namespace crm {

// A communication with a customer (call, message, meeting, e-mail, note) and the next follow-up.
EntitySchema activity_schema() {
  using T = FieldType;
  return EntitySchema{
      .name = "activity",
      .label = "Activity",
      .fields =
          {
              {.name = "customer_id", .type = T::kReference, .required = true,
               .reference_entity = "customer"},
              {.name = "kind", .type = T::kChoice, .required = true,
               .choices = {"call", "message", "meeting", "email", "note"}},
              {.name = "subject", .type = T::kText, .required = true, .max_length = 200},
              {.name = "at", .type = T::kTimestamp, .required = true},
              {.name = "next_follow_up", .type = T::kTimestamp},
              {.name = "notes", .type = T::kLongText, .max_length = 5000},
          },
      .summary_fields = {"at", "kind", "subject"},
  };
}

}  // namespace crm
