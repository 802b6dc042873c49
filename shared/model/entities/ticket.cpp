#include "model/entities/entities.h"
#include "model/entity_rules.h"

namespace crm {
namespace {

std::vector<Error> check_ticket(const FieldValues*, const FieldValues& next, const Actor&) {
  if (ends_before(next, "reported_at", "due_at"))
    return {make_error("ends_before_start", "due_at: the ticket is due before it was reported",
                       "due_at")};
  return {};
}

}  // namespace

// A service ticket: a customer's reported problem, dispatched to a service agent and followed to
// completion. Service agents see every ticket and the customers behind them (docs/access.md).
EntitySchema ticket_schema() {
  using T = FieldType;
  const std::vector<std::string> service = {kRoleService, kRoleManager, kRoleAdmin};
  return EntitySchema{
      .name = "ticket",
      .label = "Ticket",
      .fields =
          {
              parent_reference("customer_id", "customer", "Customer"),
              {.name = "subject",
               .type = T::kText,
               .required = true,
               .max_length = 200,
               .searchable = true},
              {.name = "status",
               .type = T::kChoice,
               .required = true,
               .choices = {"reported", "dispatched", "in_progress", "completed", "closed"},
               .default_value = "reported",
               .indexed = true},
              {.name = "priority",
               .type = T::kChoice,
               .choices = {"low", "normal", "high", "urgent"},
               .default_value = "normal"},
              {.name = "assignee", .type = T::kText, .max_length = 100},
              {.name = "reported_at", .type = T::kTimestamp},
              {.name = "due_at", .type = T::kTimestamp},
              {.name = "description", .type = T::kLongText, .max_length = 5000},
          },
      .summary_fields = {"subject", "status", "priority"},
      .access = {.kind = AccessKind::kInherited,
                 .field = "customer_id",
                 .reach = {{kRoleService, ""}}},
      // Anyone who sees the customer reports; service handles; whoever sold closes after the
      // customer's feedback; a completed ticket can be reopened.
      .states =
          {{.field = "status",
            .initial = {"reported"},
            .transitions = {{"reported", "dispatched", {kRoleManager, kRoleService, kRoleAdmin}},
                            {"reported", "in_progress", {kRoleService, kRoleAdmin}},
                            {"dispatched", "in_progress", {kRoleService, kRoleAdmin}},
                            {"in_progress", "completed", {kRoleService, kRoleAdmin}},
                            {"completed", "closed", {kRoleSales, kRoleManager, kRoleAdmin}},
                            {"completed", "in_progress", service}}}},
      .check = check_ticket,
  };
}

}  // namespace crm
