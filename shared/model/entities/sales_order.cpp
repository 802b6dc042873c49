#include "model/entities/entities.h"

namespace crm {

// An order to deliver, from a contract or a quote, or entered by hand. A child of its customer.
// ("order" is an SQL keyword: the entity is sales_order everywhere.)
EntitySchema sales_order_schema() {
  using T = FieldType;
  return EntitySchema{
      .name = "sales_order",
      .label = "Order",
      .fields =
          {
              parent_reference("customer_id", "customer", "Customer"),
              {.name = "title", .type = T::kText, .required = true, .max_length = 200, .label = "Title",
               .searchable = true},
              {.name = "number", .type = T::kText, .max_length = 50, .access = FieldAccess::kComputed,
               .searchable = true, .indexed = true},
              {.name = "contract_id", .type = T::kReference, .reference_entity = "contract", .label = "Contract",
               .indexed = true},
              {.name = "quote_id", .type = T::kReference, .reference_entity = "quote", .label = "Quote"},
              {.name = "ordered_on", .type = T::kDate, .label = "Date", .indexed = true},
              {.name = "expected_delivery", .type = T::kDate, .label = "Expected delivery", .indexed = true},
              {.name = "delivered_on", .type = T::kDate, .label = "Delivered"},
              {.name = "status",
               .type = T::kChoice,
               .required = true,
               .choices = {"open", "delivered", "cancelled"},
               .default_value = "open",
               .indexed = true},
              {.name = "total_discount", .type = T::kFixed, .min = 0, .max = 100, .scale = 2,
               .label = "Total discount (%)"},
              {.name = "notes", .type = T::kLongText, .max_length = 5000},
          },
      .summary_fields = {"number", "title", "status"},
      .access = {.kind = AccessKind::kInherited, .field = "customer_id"},
      .states = {{.field = "status",
                  .initial = {"open"},
                  .transitions = {{"open", "delivered", {}},
                                  {"open", "cancelled", {}},
                                  {"delivered", "open", {kRoleManager, kRoleAdmin}},
                                  {"cancelled", "open", {kRoleManager, kRoleAdmin}}}}},
  };
}

// One line of an order.
EntitySchema order_line_schema() {
  return priced_line_schema("order_line", "Order line", "order_id", "sales_order", "Order");
}

}  // namespace crm
