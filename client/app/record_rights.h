// What the signed-in user may do with an entity's records on this device, read from its schema
// (model/entity_schema.h, model/entity_rules.h) exactly as the server checks a push: a form shows
// read-only what the server would refuse, with the reason, instead of letting someone type
// changes that come back refused. Portable, tested natively.
#pragma once

#include <string>
#include <vector>

#include "model/entity_schema.h"

namespace crm {

struct WriteRights {
  bool may_write = true;
  // When not: the roles that may (organisation-wide data: "manager", "admin"), for the reason shown.
  std::vector<std::string> writers;
};

// Whether `role` may create, change and delete records of `schema` (organisation-wide data and
// its children: only its writer roles).
WriteRights write_rights(const EntitySchema& schema, const std::string& role);
// Whether a form lets `role` set field `f`: hidden and computed fields never; read-only fields
// only on a new record; fields with named writers only by those roles once the record exists.
bool field_editable(const FieldSpec& f, const std::string& role, bool new_record);
// Whether a form shows `f` at all (hidden fields and a child's parent reference are not typed).
bool field_shown_in_form(const FieldSpec& f);
// The entities the navigation offers beside the custom screens: those that stand on their own
// (no parent) and work items with a state machine (tickets), in registry order, without `skip`.
// Configuration (picklist values, custom fields) only for the roles that may change it: it is
// the admin's screen for them and clutter for everyone else.
std::vector<const EntitySchema*> navigable_entities(const std::vector<std::string>& skip, const std::string& role);

}  // namespace crm
