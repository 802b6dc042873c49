#include "model/entities/entities.h"
#include "model/entity_schema.h"

namespace crm {

const std::vector<EntitySchema>& all_schemas() {
  static const std::vector<EntitySchema> schemas = {
      customer_schema(),
      contact_schema(),
      visit_schema(),
      activity_schema(),
      ticket_schema(),
  };
  return schemas;
}

const EntitySchema* find_schema(std::string_view entity) {
  for (const auto& s : all_schemas())
    if (s.name == entity) return &s;
  return nullptr;
}

const FieldSpec* EntitySchema::field(std::string_view name) const {
  for (const auto& f : fields)
    if (f.name == name) return &f;
  return nullptr;
}

const char* to_string(FieldType type) {
  switch (type) {
    case FieldType::kText: return "text";
    case FieldType::kLongText: return "long_text";
    case FieldType::kEmail: return "email";
    case FieldType::kPhone: return "phone";
    case FieldType::kChoice: return "choice";
    case FieldType::kInteger: return "integer";
    case FieldType::kDecimal: return "decimal";
    case FieldType::kBool: return "bool";
    case FieldType::kReference: return "reference";
    case FieldType::kTimestamp: return "timestamp";
    case FieldType::kTags: return "tags";
  }
  return "?";
}

}  // namespace crm
