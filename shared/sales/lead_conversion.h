// Converting a lead in one step, offline: what the conversion writes, as a pure plan on plain
// values. The lead becomes (or is linked to) a customer, its person a contact of that customer,
// and optionally an opportunity; the lead is marked converted and names all three.
//
// The records it creates take ids derived from the lead's id (sales/derived_id.h) and values taken
// only from the lead and the options, so two devices converting the same lead offline write the
// same records with the same values: after sync they are one customer, one contact and one
// opportunity, and equal concurrent values are no conflict (crdt/record.h). Only the lead's
// `converted_at` differs between two such devices; settle_conversion_time() picks the earliest.
//
// replica/lead_conversion_apply.h applies a plan to a device's replica in one transaction.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/result.h"
#include "model/entity_schema.h"

namespace crm::sales {

// What the person chose in the conversion dialog.
struct ConversionOptions {
  // Link to this customer (found by the duplicate check) instead of creating one. Empty: create.
  std::string existing_customer_id;
  bool create_opportunity = false;
  std::string opportunity_name;  // empty: "<company or person name>"
  Json amount;                   // money ({"minor", "currency"}) or null
  std::string expected_close;    // "YYYY-MM-DD" or empty
};

// One record the conversion writes. `create`: a new record with this id, unless a record with the
// id is already held (another device's conversion of the same lead arrived first): then only the
// fields it has no value for are filled. Otherwise: an update of these fields.
struct PlannedWrite {
  std::string entity, id;
  FieldValues values;
  bool create = false;
};

struct ConversionPlan {
  std::string customer_id, contact_id, opportunity_id;  // contact/opportunity empty when none
  std::vector<PlannedWrite> writes;                     // customer, contact, opportunity, lead (in order)
};

// Ids of the records converting `lead_id` creates.
std::string converted_customer_id(const std::string& lead_id);
std::string converted_contact_id(const std::string& lead_id);
std::string converted_opportunity_id(const std::string& lead_id);

// The plan for converting the lead `lead_id` holding `lead` (its visible values), by `actor` at
// `now_ms`. `existing_customer` holds the values of options.existing_customer_id when one is named
// (null when the device does not hold it). Errors (nothing is planned):
//   already_converted  the lead's status is converted
//   not_convertible    the lead is disqualified
//   name_required      the lead has neither a person's nor a company's name
//   customer_not_found options name a customer the device does not hold
//   name_required (field opportunity_name) an opportunity is wanted but no name is known
Result<ConversionPlan> plan_conversion(const std::string& lead_id, const FieldValues& lead,
                                       const ConversionOptions& options, const FieldValues* existing_customer,
                                       const Actor& actor, int64_t now_ms);

// After two devices converted the same lead, its `converted_at` holds two concurrent writes (two
// clocks): the value both devices settle on is the earliest (ISO 8601 UTC). Returns it, or
// nothing when the writes agree (or there is at most one, or none is a time).
std::optional<std::string> settle_conversion_time(const std::vector<Json>& converted_at_writes);

}  // namespace crm::sales
