// Money: an exact amount as an integer number of minor units (cents, fen) and an ISO 4217
// currency code. Never a float: sums, differences and rounding are integer arithmetic, and an
// operation that would overflow or mix currencies is an Error, never a wrong amount.
//
// Wire and store format (docs/sync-protocol.md §4): {"minor": 129900, "currency": "CNY"}.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/result.h"
#include "crdt/record.h"
#include "model/values/fixed_decimal.h"

namespace crm {

// Digits after the decimal point of a currency (JPY 0, EUR 2, KWD 3); null for a code that is
// not a known ISO 4217 currency.
std::optional<int> currency_exponent(std::string_view code);

struct Money {
  int64_t minor = 0;
  std::string currency;
  bool operator==(const Money&) const = default;
};

// Errors: wrong_type (not {"minor": integer, "currency": text} with nothing else),
// invalid_currency (not a known ISO 4217 code).
Result<Money> money_from_json(const Json& j);
Json to_json(const Money& m);

// "1299.00 CNY" from what a person typed ("1299", "1299.5 CNY", "CNY 1,299.50"); `currency` is
// used when the text names none. Errors: wrong_type, invalid_currency, too_precise (more
// decimals than the currency has).
Result<Money> parse_money(const std::string& text, const std::string& currency = "");
// "1299.00 CNY"
std::string format_money(const Money& m);

// Errors: currency_mismatch, out_of_range (overflow).
Result<Money> add(const Money& a, const Money& b);
Result<Money> subtract(const Money& a, const Money& b);
// amount x factor (a quantity, a tax rate), rounded to the currency's minor unit half away from
// zero (commercial rounding). Errors: out_of_range.
Result<Money> multiply(const Money& a, const FixedDecimal& factor);

}  // namespace crm
