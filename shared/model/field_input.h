// Converting what a person typed into a field's typed value and back, per schema type.
// Money is typed "1299.50 CNY" (or "CNY 1299.50"); dates "2026-11-30"; fixed decimals "13.5".
// Shared by the CLI and the browser's edit forms. Empty text means "no value" (null).
#pragma once

#include <string>

#include "core/result.h"
#include "model/entity_schema.h"
#include "crdt/record.h"

namespace crm {

// Errors: wrong_type (e.g. "abc" for a number). Format rules are left to validate_value().
Result<Json> parse_field_input(const FieldSpec& spec, const std::string& text);
// The text a form shows for a value: numbers as typed, tags comma-separated, null as "".
std::string format_field_value(const Json& value);

}  // namespace crm
