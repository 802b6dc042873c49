// A quote's numbers, computed from its lines on every device (never stored as the authority, so
// lines two devices add offline both count): the totals (sales/line_amounts.h: one rounding per
// line, half away from zero, then sums), the price a product gets from the price lists for the
// customer's grade, the minimum order quantity warning on a line, and the delivery date.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/result.h"
#include "model/entity_schema.h"
#include "model/values/calendar_date.h"
#include "sales/line_amounts.h"

namespace crm::sales {

struct QuoteTotals {
  DocumentTotals totals;           // in the quote's currency, the quote's total_discount applied
  std::vector<LineAmounts> lines;  // one per line, in the order given
};

// `quote` holds its visible values (currency, total_discount), `lines` its quote_line records.
// Errors: those of document_totals() (currency_mismatch, wrong_type, out_of_range).
Result<QuoteTotals> quote_totals(const FieldValues& quote, const std::vector<FieldValues>& lines);

// The product's minimum order quantity when the line's quantity is below it (a warning, the line
// stays); nothing when it is not, or when either is unset.
std::optional<FixedDecimal> below_minimum(const FieldValues& line, const FieldValues& product);

// The delivery date shown on a quote: `today` plus the longest lead_time_days of its products
// (unset: 0 days).
CalendarDate delivery_date(CalendarDate today, const std::vector<FieldValues>& products);

// A price list with its items (price_list_item values), as the device holds them.
struct PriceListEntry {
  std::string id;
  FieldValues list;
  std::vector<FieldValues> items;
};

struct PriceChoice {
  Money price;
  std::string price_list_id;  // empty: the product's list price
};

// The unit price of `product_id` for `quantity` on a quote in `currency` made on `on` for a
// customer of `grade`. The lists that apply: the quote's own list when it names one
// (`chosen_list_id`), otherwise every list in that currency valid on that day (valid_from /
// valid_to, each end included when set) whose grades name the customer's grade (no grades: every
// customer). In each, the item for the product with the largest min_quantity not above `quantity`;
// across lists the lowest such price wins (ties: the smaller list id). Without one, the product's
// list_price when it is in that currency. Errors: no_price (nothing applies).
Result<PriceChoice> price_for(const std::string& product_id, const FieldValues& product, const FixedDecimal& quantity,
                              const std::string& grade, CalendarDate on, const std::string& currency,
                              const std::vector<PriceListEntry>& lists, const std::string& chosen_list_id = "");

}  // namespace crm::sales
