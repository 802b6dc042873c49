// Entity schemas: a declarative description of each entity's fields. Validation, the wire codec,
// the store and the CLI are driven by these descriptions, so adding an entity is one new file in
// model/entities/ plus one line in entity_registry.cpp; no SQL or codec code per entity.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace crm {

enum class FieldType {
  kText,       // single line, max_length code points
  kLongText,   // multi-line notes
  kEmail,
  kPhone,
  kChoice,     // one of `choices`
  kInteger,    // JSON integer within [min, max]
  kDecimal,    // JSON number within [min, max] (coordinates)
  kBool,
  kReference,  // UUID of a record of `reference_entity`
  kTimestamp,  // ISO 8601 UTC, "2026-11-23T10:15:00Z" or with milliseconds
  kTags,       // array of short text labels
};

struct FieldSpec {
  std::string name;
  FieldType type = FieldType::kText;
  bool required = false;
  size_t max_length = 200;  // code points, for text-like fields and each tag
  std::vector<std::string> choices;
  std::string reference_entity;
  double min = 0, max = 0;  // for kInteger / kDecimal when min < max
};

struct EntitySchema {
  std::string name;
  std::string label;
  std::vector<FieldSpec> fields;
  // Fields a list shows and a search looks in, in order.
  std::vector<std::string> summary_fields;

  const FieldSpec* field(std::string_view name) const;
};

// Every known entity, in a stable order.
const std::vector<EntitySchema>& all_schemas();
// Null when the entity is unknown.
const EntitySchema* find_schema(std::string_view entity);

const char* to_string(FieldType type);

}  // namespace crm
