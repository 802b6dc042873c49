// The amounts of a priced line (a quote's, a contract's or an order's) and of a document's lines
// together. One rounding rule, everywhere: each line's net amount is computed exactly from
// quantity x unit price x (1 - line discount) x (1 - document discount) and rounded once to the
// currency's minor unit, half away from zero; its tax is the net x tax rate, rounded the same way;
// the document's totals are the sums of the rounded line amounts. Totals are always computed from
// the lines, never stored, so lines added on two devices offline both count.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "core/result.h"
#include "model/entity_schema.h"
#include "model/values/fixed_decimal.h"
#include "model/values/money.h"

namespace crm {

struct LineAmounts {
  Money list;      // quantity x unit price, before any discount
  Money net;       // after the line's and the document's discounts
  Money tax;       // net x tax rate
  Money gross;     // net + tax
  FixedDecimal discount;  // the line's discount, percent (scale 2)
};

struct DocumentTotals {
  Money list, discount, net, tax, gross;  // discount = list - net
  size_t lines = 0;
  FixedDecimal max_line_discount;  // the largest line discount, percent (scale 2)
};

// From a line's values: quantity (fixed, scale <= 3), unit_price (money), discount and tax_rate
// (percent, fixed, scale <= 2; unset: 0). `document_discount` is the document's total discount in
// percent. Errors: wrong_type (a missing or malformed quantity or price), out_of_range (a
// discount above 100, a negative value, or an amount that overflows).
Result<LineAmounts> line_amounts(const FieldValues& line, const FixedDecimal& document_discount = {});

// The sums over `lines` in `currency`. Errors: currency_mismatch (a line priced in another
// currency), and line_amounts()'s errors.
Result<DocumentTotals> document_totals(const std::vector<FieldValues>& lines, const std::string& currency,
                                       const FixedDecimal& document_discount = {});

// A percent field's value ("12.5") as a decimal of scale 2; unset or malformed: nothing.
std::optional<FixedDecimal> percent_of(const Json& value);

}  // namespace crm
