// Contracts and orders made from other documents, as pure plans read through a RecordLookup (the
// device's replica; the server's merged state):
// - a contract from an accepted quote: the quote's customer, opportunity, terms and total
//   discount, its live lines carried over as contract lines (same product, quantity, price,
//   discount and tax: sales/line_amounts.h gives them the same amounts), and the amount = the
//   quote's gross total;
// - an order from a contract or a quote: its lines, and the expected delivery = the order date
//   plus the longest lead time (product.lead_time_days) of its lines' products.
// The records planned take ids derived from their sources (sales/derived_id.h), so the same act
// on two offline devices makes one contract (or order) whose fields merge, not two.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/result.h"
#include "model/entity_schema.h"
#include "model/values/calendar_date.h"
#include "model/values/money.h"

namespace crm::sales {

struct PlannedRecord {
  std::string entity, id;
  FieldValues values;
};

// The document first, then its lines (in the source's order).
struct DocumentPlan {
  std::vector<PlannedRecord> records;
  Money total;  // the lines' gross total
};

// Quote statuses a contract may be made from.
bool quote_accepted(const FieldValues& quote);

// Errors: not_found (the lookup does not hold the quote), not_accepted (the quote's status is not
// accepted), and line_amounts()'s errors for a line that has no valid amounts.
Result<DocumentPlan> contract_from_quote(const RecordLookup& lookup, const std::string& quote_id);

// `source_entity` is "contract" or "quote"; the order is dated `today`. Errors: not_found,
// wrong_type (another entity), not_accepted (a quote not accepted; a contract still draft or
// terminated), and line_amounts()'s errors.
Result<DocumentPlan> order_from(const RecordLookup& lookup, const std::string& source_entity,
                                const std::string& source_id, CalendarDate today);

// `from` plus the longest lead time of the products the lines name (lines without a product, or
// whose product is not held, count as 0 days).
CalendarDate expected_delivery(const RecordLookup& lookup, const std::vector<FieldValues>& lines, CalendarDate from);

}  // namespace crm::sales
