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

std::optional<FixedDecimal> decimal_of(const Json& v) {
  if (!v.is_string()) return std::nullopt;
  auto d = parse_decimal(v.get<std::string>(), 3);
  return d ? std::optional<FixedDecimal>(d.value()) : std::nullopt;
}

// Reads its price list and product: the price is in the list's currency, and the minimum
// quantity is not below the product's minimum order quantity.
std::vector<Error> check_item_related(const FieldValues& next, const RecordLookup& lookup) {
  std::vector<Error> out;
  const Json &list_id = value_of(next, "price_list_id"), &product_id = value_of(next, "product_id");
  auto price = money_from_json(value_of(next, "price"));
  if (auto list = list_id.is_string() ? lookup.values("price_list", list_id.get<std::string>()) : std::nullopt;
      list && price) {
    const Json& currency = value_of(*list, "currency");
    if (currency.is_string() && currency.get<std::string>() != price->currency)
      out.push_back(make_error("currency_mismatch",
                               "price: in " + price->currency + ", but the price list is in " +
                                   currency.get<std::string>(),
                               "price"));
  }
  if (auto product = product_id.is_string() ? lookup.values("product", product_id.get<std::string>()) : std::nullopt) {
    const Json &min = value_of(next, "min_quantity"), &moq = value_of(*product, "min_order_qty");
    auto q = decimal_of(min), m = decimal_of(moq);
    if (q && m && compare(*q, *m) < 0)
      out.push_back(make_error("below_minimum",
                               "min_quantity: below the product's minimum order quantity " + moq.get<std::string>(),
                               "min_quantity"));
  }
  return out;
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
      .check_related = check_item_related,
  };
}

}  // namespace crm
