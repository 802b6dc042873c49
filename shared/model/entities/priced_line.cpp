#include "model/entities/entities.h"
#include "model/entity_rules.h"
#include "model/values/money.h"

namespace crm {
namespace {

std::vector<Error> check_priced_line(const FieldValues*, const FieldValues& next, const Actor&) {
  auto price = money_from_json(value_of(next, "unit_price"));
  if (price && price->minor < 0) return {make_error("out_of_range", "unit_price: must not be negative", "unit_price")};
  return {};
}

}  // namespace

// Quote, contract and order lines are one shape, so that a line carries over from a quote to a
// contract or an order field by field and sales/line_amounts prices all of them alike.
EntitySchema priced_line_schema(std::string name, std::string label, std::string parent_field,
                                std::string parent_entity, std::string parent_label) {
  using T = FieldType;
  std::string inherited_from = parent_field;
  return EntitySchema{
      .name = std::move(name),
      .label = std::move(label),
      .fields =
          {
              parent_reference(std::move(parent_field), std::move(parent_entity), std::move(parent_label),
                               FieldAccess::kReadOnly),
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
      .access = {.kind = AccessKind::kInherited, .field = std::move(inherited_from)},
      .check = check_priced_line,
  };
}

}  // namespace crm
