#include "model/configuration.h"
#include "model/entities/entities.h"
#include "model/entity_rules.h"

namespace crm {
namespace {

std::vector<Error> check_picklist_value(const FieldValues*, const FieldValues& next, const Actor&) {
  const Json& list = value_of(next, "picklist");
  if (list.is_string() && !valid_picklist_name(list.get<std::string>()))
    return {make_error("invalid_name",
                       "picklist: a picklist name is a lower-case letter, then letters, digits or _ (at most 40)",
                       "picklist")};
  return {};
}

}  // namespace

// One value of a named picklist (model/configuration.h): organisation-wide configuration that
// managers and admins edit and every device applies to its schemas.
EntitySchema picklist_value_schema() {
  using T = FieldType;
  return EntitySchema{
      .name = kPicklistValueEntity,
      .label = "Picklist value",
      .fields =
          {
              {.name = "picklist",
               .type = T::kText,
               .required = true,
               .max_length = 40,
               .access = FieldAccess::kReadOnly,
               .searchable = true,
               .indexed = true},
              // What records store: read-only, so stored values never lose their picklist entry.
              {.name = "value",
               .type = T::kText,
               .required = true,
               .max_length = 100,
               .access = FieldAccess::kReadOnly,
               .searchable = true},
              {.name = "label", .type = T::kText, .max_length = 100},
              {.name = "position", .type = T::kInteger, .min = 0, .max = 1e6, .default_value = 0},
              {.name = "active", .type = T::kBool, .default_value = true},
          },
      .summary_fields = {"picklist", "value", "label"},
      .access = {.kind = AccessKind::kOrganisation, .writers = {kRoleManager, kRoleAdmin}},
      .check = check_picklist_value,
      .example = {{"picklist", "industry"}, {"value", "Retail"}},
  };
}

}  // namespace crm
