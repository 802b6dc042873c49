#include "app/record_rights.h"

#include <algorithm>

#include "model/configuration.h"
#include "model/entity_rules.h"

namespace crm {

WriteRights write_rights(const EntitySchema& schema, const std::string& role) {
  WriteRights out;
  if (const auto* writers = organisation_writers(schema); writers && !role_in(*writers, role)) {
    out.may_write = false;
    out.writers = *writers;
  }
  return out;
}

bool field_editable(const FieldSpec& f, const std::string& role, bool new_record) {
  if (f.hidden || f.access == FieldAccess::kComputed) return false;
  if (new_record) return true;
  if (f.access == FieldAccess::kReadOnly) return false;
  return f.writers.empty() || role_in(f.writers, role);
}

bool field_shown_in_form(const FieldSpec& f) { return !f.hidden && !f.parent; }

std::vector<const EntitySchema*> navigable_entities(const std::vector<std::string>& skip, const std::string& role) {
  std::vector<const EntitySchema*> out;
  for (const auto& s : all_schemas()) {
    if (std::find(skip.begin(), skip.end(), s.name) != skip.end()) continue;
    if (is_configuration_entity(s.name) && !write_rights(s, role).may_write) continue;
    if (!s.parent_field() || !s.states.empty()) out.push_back(&s);
  }
  return out;
}

}  // namespace crm
