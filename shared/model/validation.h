// Validation of field values against an entity schema. Every failure is an Error value naming the
// field, with a code a client can map to an inline message:
//   unknown_entity, unknown_field, required, wrong_type, too_long, invalid_email, invalid_phone,
//   invalid_choice, out_of_range, invalid_reference, invalid_timestamp, invalid_id, invalid_date,
//   invalid_currency, too_precise (a decimal with more digits than its scale)
// A null value means "empty" and is valid for any field that is not required.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "core/result.h"
#include "model/entity_schema.h"
#include "crdt/record.h"

namespace crm {

Status validate_value(const FieldSpec& spec, const Json& value);

// The visible values of a record draft: every field known, every value valid, required fields set.
// Returns every problem found, one per field, in schema order. With `before` (the values the
// record holds), a value left as it was is not refused for an unknown field or a value outside
// the field's choices: it came from a replica that may know a newer configuration (a custom field
// or picklist value not received here yet), and the server, which knows the current one, judges
// it. Required fields are checked either way.
std::vector<Error> check_draft(const EntitySchema& schema, const std::map<std::string, Json>& values,
                               const std::map<std::string, Json>* before = nullptr);

// A record state received from another replica: known entity, UUID id, known fields, every write
// valid and, unless the record is deleted, required fields present (except custom fields, whose
// `required` is a form rule: records from before the field stay valid). Returns the first problem.
Status validate_state(const RecordState& state);

// Number of Unicode code points in UTF-8 text; -1 if the bytes are not valid UTF-8.
long utf8_length(const std::string& s);

}  // namespace crm
