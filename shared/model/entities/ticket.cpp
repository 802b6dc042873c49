#include "model/entities/entities.h"

namespace crm {

// A service ticket: a customer's reported problem, dispatched to a service agent and followed to
// completion. Service agents see every ticket and the customers behind them (docs/access.md).
EntitySchema ticket_schema() {
  using T = FieldType;
  return EntitySchema{
      .name = "ticket",
      .label = "Ticket",
      .fields =
          {
              {.name = "customer_id", .type = T::kReference, .required = true,
               .reference_entity = "customer"},
              {.name = "subject", .type = T::kText, .required = true, .max_length = 200},
              {.name = "status", .type = T::kChoice, .required = true,
               .choices = {"reported", "dispatched", "in_progress", "completed", "closed"}},
              {.name = "priority", .type = T::kChoice, .choices = {"low", "normal", "high", "urgent"}},
              {.name = "assignee", .type = T::kText, .max_length = 100},
              {.name = "reported_at", .type = T::kTimestamp},
              {.name = "due_at", .type = T::kTimestamp},
              {.name = "description", .type = T::kLongText, .max_length = 5000},
          },
      .summary_fields = {"subject", "status", "priority"},
  };
}

}  // namespace crm
