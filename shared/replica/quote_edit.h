// A quote as the device holds it (its lines, decisions, products and policy read through the
// replica's store) with its computed state, and its moves written through the replica as local
// edits (the signed-in actor's rights and the entities' rules apply, as on the server's push).
// Rules live in sales/quote_totals.h and sales/quote_flow.h; this reads and writes.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "replica/replica.h"
#include "sales/quote_flow.h"
#include "sales/quote_totals.h"

namespace crm {

struct QuoteLineState {
  std::string id;
  FieldValues values;
  LineAmounts amounts;
  std::optional<FixedDecimal> below_minimum;  // the product's minimum order quantity, when above the line's
};

struct QuoteState {
  std::string id;
  FieldValues quote;
  std::vector<QuoteLineState> lines;   // by position, then id
  DocumentTotals totals;
  Error totals_error;                  // code set when the lines cannot be summed (currency_mismatch, ...)
  sales::QuotePolicy policy;
  sales::QuoteFacts facts;             // status, revision, approval needed and outcome, role
  std::string status;                  // sales::status_shown()
  std::string digest;                  // of the current content
  std::vector<FieldValues> decisions;  // every quote_approval, oldest first
  std::vector<FieldValues> revisions;  // earlier revisions (quote_revision), oldest first
  CalendarDate delivery;               // today + the longest lead time of its products
};

// Errors: not_found (no live quote with that id), storage errors.
Result<QuoteState> read_quote(Replica& replica, const std::string& quote_id, const Actor& actor, CalendarDate today);

// Moves the quote (sales::plan_quote_move()); approved and rejected also append the actor's
// decision (with `comment`); a new revision from sent or expired first keeps the current one.
// Errors: those of read_quote() and plan_quote_move(), validation and rules; nothing is written
// on an error.
Result<RecordState> move_quote(Replica& replica, const std::string& quote_id, const std::string& to,
                               const Actor& actor, CalendarDate today, const std::string& comment = "");

// Before an edit of the quote or one of its lines: a sent or expired quote becomes a new revision
// (kept, then draft with revision + 1). Returns whether it did.
Result<bool> prepare_quote_edit(Replica& replica, const std::string& quote_id, const Actor& actor, CalendarDate today);

// Adds a line for `product_id` x `quantity` priced from the price lists for the customer's grade
// (sales::price_for()), with the product's tax rate and name. Errors: not_found, no_price,
// wrong_type (a malformed quantity), validation.
Result<RecordState> add_quote_line(Replica& replica, const std::string& quote_id, const std::string& product_id,
                                   const std::string& quantity, const Actor& actor, CalendarDate today);

}  // namespace crm
