#include <algorithm>

#include "model/configuration.h"
#include "model/entities/entities.h"
#include "model/entity_rules.h"

namespace crm {
namespace {

std::string text(const FieldValues& v, const std::string& field) {
  const Json& j = value_of(v, field);
  return j.is_string() ? j.get<std::string>() : std::string();
}

// What makes a custom field unusable is refused here, per record, on the device and the server
// (model/configuration.h skips such records too, whatever their origin).
std::vector<Error> check_custom_field(const FieldValues*, const FieldValues& next, const Actor&) {
  std::vector<Error> out;
  const std::string entity = text(next, "entity"), name = text(next, "name"), type = text(next, "type");
  const EntitySchema* target = find_schema(entity);
  if (!entity.empty() && (!target || is_configuration_entity(entity)))
    out.push_back(make_error("unknown_entity", "entity: '" + entity + "' is not an entity custom fields can extend",
                             "entity"));
  if (!name.empty() && !valid_custom_field_name(name))
    out.push_back(make_error("invalid_name",
                             "name: a custom field's name is cf_ then lower-case letters, digits or _ (at most 40)",
                             "name"));
  else if (const FieldSpec* f = target ? target->field(name) : nullptr; f && !f->custom)
    out.push_back(make_error("invalid_name", "name: " + entity + " has a built-in field '" + name + "'", "name"));
  if ((type == "choice" || type == "tags") && !valid_picklist_name(text(next, "picklist")))
    out.push_back(make_error("picklist_required", "picklist: a " + type + " field takes its values from a picklist",
                             "picklist"));
  if (type == "reference") {
    const std::string to = text(next, "reference_entity");
    if (!find_schema(to) || is_configuration_entity(to))
      out.push_back(make_error("unknown_entity", "reference_entity: '" + to + "' is not an entity",
                               "reference_entity"));
  }
  return out;
}

}  // namespace

// A field an admin adds to an entity at run time (model/configuration.h). Entity, name and type
// are set once: stored values never change meaning.
EntitySchema custom_field_schema() {
  using T = FieldType;
  return EntitySchema{
      .name = kCustomFieldEntity,
      .label = "Custom field",
      .fields =
          {
              {.name = "entity",
               .type = T::kText,
               .required = true,
               .max_length = 40,
               .access = FieldAccess::kReadOnly,
               .indexed = true},
              {.name = "name",
               .type = T::kText,
               .required = true,
               .max_length = 40,
               .access = FieldAccess::kReadOnly,
               .default_value = kCustomFieldPrefix},
              {.name = "type",
               .type = T::kChoice,
               .required = true,
               .choices = custom_field_types(),
               .access = FieldAccess::kReadOnly,
               .default_value = "text"},
              {.name = "label", .type = T::kText, .required = true, .max_length = 100, .searchable = true},
              {.name = "picklist", .type = T::kText, .max_length = 40},
              {.name = "reference_entity", .type = T::kText, .max_length = 40, .label = "Refers to"},
              {.name = "required", .type = T::kBool, .default_value = false},
              {.name = "active", .type = T::kBool, .default_value = true},
          },
      .summary_fields = {"entity", "label", "type"},
      .access = {.kind = AccessKind::kOrganisation, .writers = {kRoleManager, kRoleAdmin}},
      .check = check_custom_field,
      .example = {{"entity", "customer"}, {"name", "cf_budget"}, {"type", "money"}},
  };
}

}  // namespace crm
