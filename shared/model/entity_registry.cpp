#include "model/entities/entities.h"
#include "model/entity_schema.h"

#include <deque>

namespace crm {

namespace {

// A deque: registering a schema never moves the others, so pointers to them stay valid.
std::deque<EntitySchema>& registry() {
  static std::deque<EntitySchema> schemas = {
      customer_schema(),
      contact_schema(),
      visit_schema(),
      activity_schema(),
      ticket_schema(),
      product_schema(),
      price_list_schema(),
      price_list_item_schema(),
  };
  return schemas;
}

}  // namespace

const std::deque<EntitySchema>& all_schemas() { return registry(); }

const EntitySchema& register_schema(EntitySchema schema) {
  for (auto& s : registry())
    if (s.name == schema.name) return s = std::move(schema);
  return registry().emplace_back(std::move(schema));
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

const FieldSpec* EntitySchema::parent_field() const {
  for (const auto& f : fields)
    if (f.parent) return &f;
  return nullptr;
}

std::string FieldSpec::label_key() const {
  if (!label.empty()) return label;
  std::string out = name;
  for (char& c : out)
    if (c == '_') c = ' ';
  if (!out.empty() && out[0] >= 'a' && out[0] <= 'z') out[0] = static_cast<char>(out[0] - 'a' + 'A');
  return out;
}

std::vector<const EntitySchema*> children_of(std::string_view entity) {
  std::vector<const EntitySchema*> out;
  for (const auto& s : all_schemas())
    if (const FieldSpec* p = s.parent_field(); p && p->reference_entity == entity) out.push_back(&s);
  return out;
}

int inheritance_depth(const EntitySchema& schema) {
  int depth = 0;
  // Bounded by the number of schemas, so a cycle in the declarations cannot loop forever.
  for (const EntitySchema* s = &schema; s && s->access.kind == AccessKind::kInherited && depth <= int(all_schemas().size());
       ++depth) {
    const FieldSpec* via = s->field(s->access.field);
    s = via ? find_schema(via->reference_entity) : nullptr;
  }
  return depth;
}

const char* to_string(AccessKind kind) {
  switch (kind) {
    case AccessKind::kOwned: return "owned";
    case AccessKind::kInherited: return "inherited";
    case AccessKind::kOrganisation: return "organisation";
    case AccessKind::kPersonal: return "personal";
  }
  return "?";
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
    case FieldType::kMoney: return "money";
    case FieldType::kDate: return "date";
    case FieldType::kFixed: return "fixed";
  }
  return "?";
}

}  // namespace crm
