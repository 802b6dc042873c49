#include "model/entities/entities.h"

namespace crm {

// What the company sells: organisation-wide reference data every device holds; managers and
// admins keep it.
EntitySchema product_schema() {
  using T = FieldType;
  return EntitySchema{
      .name = "product",
      .label = "Product",
      .fields =
          {
              {.name = "code",
               .type = T::kText,
               .required = true,
               .max_length = 50,
               .searchable = true,
               .indexed = true},
              {.name = "name",
               .type = T::kText,
               .required = true,
               .max_length = 200,
               .searchable = true},
              {.name = "unit",
               .type = T::kChoice,
               .required = true,
               .choices = {"piece", "box", "set", "kg", "m", "litre", "hour"},
               .default_value = "piece"},
              {.name = "list_price", .type = T::kMoney, .required = true},
              {.name = "tax_rate",
               .type = T::kFixed,
               .min = 0,
               .max = 100,
               .scale = 2,
               .label = "Tax rate (%)"},
              {.name = "lead_time_days",
               .type = T::kInteger,
               .min = 0,
               .max = 3650,
               .label = "Lead time (days)"},
              {.name = "min_order_qty",
               .type = T::kFixed,
               .min = 0,
               .max = 1e9,
               .scale = 3,
               .label = "Minimum order quantity"},
              {.name = "active", .type = T::kBool, .default_value = true, .indexed = true},
              {.name = "description", .type = T::kLongText, .max_length = 5000},
          },
      .summary_fields = {"code", "name", "list_price"},
      .access = {.kind = AccessKind::kOrganisation, .writers = {kRoleManager, kRoleAdmin}},
  };
}

}  // namespace crm
