#include "model/entities/entities.h"
#include "model/entity_rules.h"
#include "model/values/money.h"

namespace crm {
namespace {

std::vector<Error> check_price_list(const FieldValues*, const FieldValues& next, const Actor&) {
  std::vector<Error> out;
  const Json& currency = value_of(next, "currency");
  if (currency.is_string() && !currency_exponent(currency.get<std::string>()))
    out.push_back(make_error(
        "invalid_currency",
        "currency: '" + currency.get<std::string>() + "' is not an ISO 4217 currency code",
        "currency"));
  if (ends_before(next, "valid_from", "valid_to"))
    out.push_back(make_error("ends_before_start", "valid_to: the price list ends before it starts",
                             "valid_to"));
  return out;
}

}  // namespace

// Prices for some customers (by grade) over a period, in one currency; its items
// (price_list_item) are its children. Organisation-wide like products.
EntitySchema price_list_schema() {
  using T = FieldType;
  return EntitySchema{
      .name = "price_list",
      .label = "Price list",
      .fields =
          {
              {.name = "name",
               .type = T::kText,
               .required = true,
               .max_length = 200,
               .searchable = true},
              {.name = "currency",
               .type = T::kText,
               .required = true,
               .max_length = 3,
               .default_value = "CNY"},
              {.name = "valid_from", .type = T::kDate, .indexed = true},
              {.name = "valid_to", .type = T::kDate, .indexed = true},
              {.name = "grades",
               .type = T::kTags,
               .max_length = 1,
               .choices = {"A", "B", "C", "D"},
               .label = "Customer grades"},
              {.name = "notes", .type = T::kLongText, .max_length = 5000},
          },
      .summary_fields = {"name", "currency", "valid_to"},
      .access = {.kind = AccessKind::kOrganisation, .writers = {kRoleManager, kRoleAdmin}},
      .check = check_price_list,
  };
}

}  // namespace crm
