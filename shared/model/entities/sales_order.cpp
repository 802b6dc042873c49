#include "model/entities/entities.h"
#include "model/entity_rules.h"
#include "model/values/money.h"

namespace crm {
namespace {

std::vector<Error> check_order_line(const FieldValues*, const FieldValues& next, const Actor&) {
  auto m = money_from_json(value_of(next, "unit_price"));
  if (m && m->minor < 0) return {make_error("out_of_range", "unit_price: must not be negative", "unit_price")};
  return {};
}

}  // namespace

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
  using T = FieldType;
  return EntitySchema{
      .name = "order_line",
      .label = "Order line",
      .fields =
          {
              parent_reference("order_id", "sales_order", "Order", FieldAccess::kReadOnly),
              {.name = "product_id", .type = T::kReference, .reference_entity = "product", .label = "Product",
               .indexed = true},
              {.name = "description", .type = T::kText, .max_length = 500},
              {.name = "quantity", .type = T::kFixed, .required = true, .min = 0, .max = 1e9, .scale = 3,
               .default_value = "1"},
              {.name = "unit_price", .type = T::kMoney, .required = true, .label = "Unit price"},
              {.name = "discount", .type = T::kFixed, .min = 0, .max = 100, .scale = 2, .label = "Discount (%)"},
              {.name = "tax_rate", .type = T::kFixed, .min = 0, .max = 100, .scale = 2, .label = "Tax rate (%)"},
              {.name = "position", .type = T::kInteger, .min = 0, .max = 100000, .hidden = true},
          },
      .summary_fields = {"product_id", "quantity", "unit_price"},
      .access = {.kind = AccessKind::kInherited, .field = "order_id"},
      .check = check_order_line,
  };
}

}  // namespace crm
