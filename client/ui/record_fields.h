// Any entity's records as people read and type them, from its schema alone: a record's title and
// second line from its summary fields (references shown by their target's title), values in the
// user's language and time zone, and the form widget for each field type (choices by label,
// calendar dates, local date-times, money with its currency in exact minor units, fixed
// decimals, a searchable picker of a reference's target records, tags). No entity is named here.
#pragma once

#include <string>

#include "model/entity_schema.h"
#include "ui/screens/screens.h"
#include "ui/ui.h"

namespace crm::ui {

// The entity's name for its list ("Products"), in the user's language: the catalogue key is the
// English plural of its label.
const char* entity_plural(const EntitySchema& schema);
const char* entity_icon(const EntitySchema& schema);
// A value as shown on a page: display_value(), with references by their target's title.
// `entity`: whose field `spec` is (choices read in its context).
std::string value_text(App& app, const FieldSpec* spec, const Json& value, int tz_offset_min,
                       const std::string& entity = {});
// The first summary field with a value; "" if none.
std::string record_title(App& app, const EntitySchema& schema, const FieldValues& values, int tz_offset_min);
// The other summary fields with a value, joined by " · ".
std::string record_subtitle(App& app, const EntitySchema& schema, const FieldValues& values, int tz_offset_min);
// The title of record `id` of `entity` (its id when it is not on this device).
std::string reference_title(App& app, const std::string& entity, const std::string& id, int tz_offset_min);

// Fills a form from a record's values (or a new record's defaults and parent).
void load_form_values(Ui& ui, const EntitySchema& schema, const Route& r, FormState& form);
// What the form holds, as the text App::save() parses per field (times to UTC, money joined).
std::map<std::string, std::string> form_input(const Ui& ui, const EntitySchema& schema, const FormState& form);
// One field of a form: its label, its widget (or, when not `editable`, its value and a lock), its
// inline error.
void field_editor(Ui& ui, const FieldSpec& f, FormState& form, bool editable, const FieldValues* current,
                  const std::string& entity = {});

}  // namespace crm::ui
