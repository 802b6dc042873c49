#include "model/entities/entities.h"
#include "model/entity_rules.h"
#include "model/values/fixed_decimal.h"
#include "model/values/money.h"

namespace crm {
namespace {

std::vector<Error> check_item(const FieldValues*, const FieldValues& next, const Actor&) {
  auto price = money_from_json(value_of(next, "price"));
  if (price && price->minor < 0)
    return {make_error("out_of_range", "price: must not be negative", "price")};
  return {};
}

}  // namespace

// One product's price in a price list, from a minimum quantity. A child of its price list: it
// has the list's scope (everyone reads, managers and admins write).
EntitySchema price_list_item_schema() {
  using T = FieldType;
  return EntitySchema{
      .name = "price_list_item",
      .label = "Price list item",
      .fields =
          {
              parent_reference("price_list_id", "price_list", "Price list", FieldAccess::kReadOnly),
              {.name = "product_id",
               .type = T::kReference,
               .required = true,
               .reference_entity = "product",
               .label = "Product",
               .indexed = true},
              {.name = "price", .type = T::kMoney, .required = true},
              {.name = "min_quantity",
               .type = T::kFixed,
               .min = 0,
               .max = 1e9,
               .scale = 3,
               .label = "Minimum quantity"},
          },
      .summary_fields = {"product_id", "price", "min_quantity"},
      .access = {.kind = AccessKind::kInherited, .field = "price_list_id"},
      .check = check_item,
  };
}

}  // namespace crm
