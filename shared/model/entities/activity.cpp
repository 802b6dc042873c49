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
              parent_reference("customer_id", "customer", "Customer"),
              {.name = "kind",
               .type = T::kChoice,
               .required = true,
               .choices = {"call", "message", "meeting", "email", "note"},
               .label = "Type"},
              {.name = "subject", .type = T::kText, .required = true, .max_length = 200},
              {.name = "at", .type = T::kTimestamp, .required = true, .label = "Time"},
              {.name = "next_follow_up", .type = T::kTimestamp, .label = "Next follow-up"},
              {.name = "notes", .type = T::kLongText, .max_length = 5000},
          },
      .summary_fields = {"at", "kind", "subject"},
      .access = {.kind = AccessKind::kInherited, .field = "customer_id"},
  };
}

}  // namespace crm
