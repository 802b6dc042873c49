// The checks of one change to one record that go beyond each value's own validity
// (validation.h): field rights (who may change a field, read-only fields), the entity's state
// machines, and its rules function. Pure: the device runs it before it saves (inline errors) and
// the server on the merged state of every pushed record (a per-record `rejected`).
//
// Error codes: forbidden (organisation-wide data this role may not write), field_forbidden (the
// actor's role may not change the field), read_only (the field is set once, at creation),
// forbidden_transition (a status move the state machine does not allow this role), invalid_state (a
// new record starting outside the machine's initial states), and each entity's own codes
// (ends_before_start, currency_mismatch, ...).
#pragma once

#include <vector>

#include "core/result.h"
#include "model/entity_schema.h"
#include "model/values/money.h"

namespace crm {

// `previous` is null for a new record. Returns every problem, field rights first. With a
// `lookup`, the entity's rules that read other records (check_related) run too.
std::vector<Error> check_change(const EntitySchema& schema, const FieldValues* previous,
                                const FieldValues& next, const Actor& actor,
                                const RecordLookup* lookup = nullptr);

// The roles that may write records of an organisation-wide entity, or of one that inherits its
// scope from such an entity (a price-list item from its price list); null for every other
// entity (whoever's scope holds the record writes it).
const std::vector<std::string>* organisation_writers(const EntitySchema& schema);

// The checks that need no previous state: rights over organisation data and the entity's rules
// on `next` alone (what a device can check when it does not know what the server holds).
std::vector<Error> check_values(const EntitySchema& schema, const FieldValues& next,
                                const Actor& actor, const RecordLookup* lookup = nullptr);

// Helpers for rules functions.
// A value or null when the field is unset.
const Json& value_of(const FieldValues& values, const std::string& field);
// True when both fields hold a time (ISO 8601 UTC) or both a date, and `end` is before `start`.
bool ends_before(const FieldValues& values, const std::string& start, const std::string& end);
bool role_in(const std::vector<std::string>& roles, const std::string& role);
// The exact sum of a money field over records (a quote's lines, a price list's items): in
// `currency`, unset values skipped. Errors: currency_mismatch (a value in another currency),
// out_of_range (overflow), invalid_currency.
Result<Money> sum_money(const std::vector<FieldValues>& records, const std::string& field,
                        const std::string& currency);

}  // namespace crm
