// A quote's printable page: one self-contained HTML document (print CSS for A4, a Print button
// that does not print) with the company header, the customer, the lines with their amounts, the
// totals, the delivery date, validity and terms, in the app's language (tr()). The browser opens
// it in a new tab (Host::open_document); earlier revisions print from their snapshot the same way.
// Portable: no ImGui, no browser code; tested natively.
#pragma once

#include <map>
#include <optional>
#include <string>

#include "replica/quote_edit.h"

namespace crm {

struct QuoteDocument {
  FieldValues quote;
  std::vector<FieldValues> lines;
  std::vector<LineAmounts> amounts;  // one per line
  DocumentTotals totals;
  std::optional<CalendarDate> delivery;
  std::string company;   // the policy's header
  std::string customer;  // the customer's name
  std::map<std::string, std::pair<std::string, std::string>> products;  // id -> (name, unit code)
};

QuoteDocument quote_document(const QuoteState& q);

// An earlier revision from its quote_revision snapshot ({"quote": ..., "lines": [...]}); its totals
// are computed again from its lines. Errors: wrong_type (not a snapshot), those of quote_totals().
Result<QuoteDocument> quote_document_from_snapshot(const std::string& snapshot);

std::string quote_print_html(const QuoteDocument& d);

}  // namespace crm
