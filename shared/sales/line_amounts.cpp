#include "sales/line_amounts.h"

#include "model/entity_rules.h"

namespace crm {
namespace {

using Wide = __int128;

constexpr int kPercentScale = 2, kQuantityScale = 3;
constexpr int64_t kHundredPercent = 100 * 100;  // 100% at scale 2

Error range(const std::string& what) { return make_error("out_of_range", what); }

std::optional<FixedDecimal> decimal_at(const Json& value, int scale) {
  if (!value.is_string()) return std::nullopt;
  auto d = parse_decimal(value.get<std::string>(), scale);
  if (!d) return std::nullopt;
  FixedDecimal out = d.value();
  while (out.scale < scale) out.units *= 10, ++out.scale;
  return out;
}

// n / d rounded half away from zero; d > 0.
Wide divide_rounded(Wide n, Wide d) {
  const Wide magnitude = (n < 0 ? -n : n) + d / 2;
  return (n < 0 ? -1 : 1) * (magnitude / d);
}

bool mul(Wide a, Wide b, Wide& out) { return !__builtin_mul_overflow(a, b, &out); }

Result<Money> to_money(Wide minor, const std::string& currency, const char* what) {
  if (minor > INT64_MAX || minor < INT64_MIN) return range(std::string(what) + ": the amount is too large");
  return Money{static_cast<int64_t>(minor), currency};
}

}  // namespace

std::optional<FixedDecimal> percent_of(const Json& value) { return decimal_at(value, kPercentScale); }

Result<LineAmounts> line_amounts(const FieldValues& line, const FixedDecimal& document_discount) {
  auto price = money_from_json(value_of(line, "unit_price"));
  if (!price) return make_error("wrong_type", "unit_price: the line has no price");
  const auto quantity = decimal_at(value_of(line, "quantity"), kQuantityScale);
  if (!quantity) return make_error("wrong_type", "quantity: the line has no quantity");
  const Json& d = value_of(line, "discount");
  const Json& t = value_of(line, "tax_rate");
  const auto discount = d.is_null() ? FixedDecimal{0, kPercentScale} : percent_of(d);
  const auto tax_rate = t.is_null() ? FixedDecimal{0, kPercentScale} : percent_of(t);
  if (!discount || !tax_rate) return make_error("wrong_type", "discount, tax_rate: percentages like \"12.5\"");
  FixedDecimal whole = document_discount;
  while (whole.scale < kPercentScale) whole.units *= 10, ++whole.scale;
  if (whole.scale > kPercentScale) return range("total_discount: at most two decimals");
  for (int64_t p : {discount->units, whole.units, tax_rate->units})
    if (p < 0 || p > kHundredPercent) return range("discount, tax_rate: between 0 and 100 percent");
  if (quantity->units < 0 || price->minor < 0) return range("quantity, unit_price: must not be negative");

  // list = price x quantity; net = list x (1 - d) x (1 - D), exact, then one rounding.
  Wide list_exact, net_exact, tmp;
  if (!mul(price->minor, quantity->units, list_exact) || !mul(list_exact, kHundredPercent - discount->units, tmp) ||
      !mul(tmp, kHundredPercent - whole.units, net_exact))
    return range("the line's amount is too large");
  constexpr Wide kQuantityUnit = 1000;  // 10^kQuantityScale
  LineAmounts out;
  auto list = to_money(divide_rounded(list_exact, kQuantityUnit), price->currency, "list");
  auto net = to_money(divide_rounded(net_exact, kQuantityUnit * kHundredPercent * kHundredPercent), price->currency, "net");
  if (!list) return list.error();
  if (!net) return net.error();
  Wide tax_exact;
  if (!mul(net.value().minor, tax_rate->units, tax_exact)) return range("the line's tax is too large");
  auto tax = to_money(divide_rounded(tax_exact, kHundredPercent), price->currency, "tax");
  if (!tax) return tax.error();
  auto gross = add(net.value(), tax.value());
  if (!gross) return gross.error();
  out.list = list.value();
  out.net = net.value();
  out.tax = tax.value();
  out.gross = gross.value();
  out.discount = *discount;
  return out;
}

Result<DocumentTotals> document_totals(const std::vector<FieldValues>& lines, const std::string& currency,
                                       const FixedDecimal& document_discount) {
  DocumentTotals t;
  t.list = t.discount = t.net = t.tax = t.gross = Money{0, currency};
  t.max_line_discount = FixedDecimal{0, kPercentScale};
  for (const FieldValues& line : lines) {
    auto a = line_amounts(line, document_discount);
    if (!a) return a.error();
    if (a.value().net.currency != currency)
      return make_error("currency_mismatch", "unit_price: a line is priced in " + a.value().net.currency +
                                                 ", the document in " + currency);
    for (auto [sum, part] : {std::pair{&t.list, &a.value().list}, std::pair{&t.net, &a.value().net},
                             std::pair{&t.tax, &a.value().tax}, std::pair{&t.gross, &a.value().gross}}) {
      auto s = add(*sum, *part);
      if (!s) return s.error();
      *sum = s.value();
    }
    if (compare(a.value().discount, t.max_line_discount) > 0) t.max_line_discount = a.value().discount;
    ++t.lines;
  }
  auto discount = subtract(t.list, t.net);
  if (!discount) return discount.error();
  t.discount = discount.value();
  return t;
}

}  // namespace crm
