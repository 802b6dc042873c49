#include "sales/quote_totals.h"

#include <algorithm>

#include "model/entity_rules.h"

namespace crm::sales {
namespace {

std::optional<FixedDecimal> quantity_of(const Json& v) {
  if (!v.is_string()) return std::nullopt;
  auto d = parse_decimal(v.get<std::string>(), 3);
  return d ? std::optional<FixedDecimal>(d.value()) : std::nullopt;
}

std::string text(const FieldValues& v, const std::string& field) {
  const Json& j = value_of(v, field);
  return j.is_string() ? j.get<std::string>() : std::string();
}

std::optional<CalendarDate> date_of(const FieldValues& v, const std::string& field) {
  const std::string t = text(v, field);
  if (t.empty()) return std::nullopt;
  auto d = parse_date(t);
  return d ? std::optional<CalendarDate>(d.value()) : std::nullopt;
}

bool list_applies(const FieldValues& list, const std::string& grade, CalendarDate on, const std::string& currency) {
  if (text(list, "currency") != currency) return false;
  if (auto from = date_of(list, "valid_from"); from && on < *from) return false;
  if (auto to = date_of(list, "valid_to"); to && *to < on) return false;
  const Json& grades = value_of(list, "grades");
  if (!grades.is_array() || grades.empty()) return true;
  return std::any_of(grades.begin(), grades.end(), [&](const Json& g) { return g.is_string() && g == grade; });
}

// The list's price for the product at that quantity: its item with the largest minimum quantity
// not above it.
std::optional<Money> list_price_for(const PriceListEntry& list, const std::string& product_id,
                                    const FixedDecimal& quantity) {
  std::optional<Money> best;
  FixedDecimal best_min{-1, 0};
  for (const FieldValues& item : list.items) {
    if (text(item, "product_id") != product_id) continue;
    auto price = money_from_json(value_of(item, "price"));
    if (!price) continue;
    const FixedDecimal min = quantity_of(value_of(item, "min_quantity")).value_or(FixedDecimal{0, 0});
    if (compare(min, quantity) > 0) continue;
    const int c = compare(min, best_min);
    if (c > 0 || (c == 0 && best && price->minor < best->minor)) best = price.value(), best_min = min;
  }
  return best;
}

}  // namespace

Result<QuoteTotals> quote_totals(const FieldValues& quote, const std::vector<FieldValues>& lines) {
  const Json& d = value_of(quote, "total_discount");
  const auto discount = d.is_null() ? std::optional<FixedDecimal>(FixedDecimal{0, 2}) : percent_of(d);
  if (!discount) return make_error("wrong_type", "total_discount: a percentage like \"5\"");
  std::string currency = text(quote, "currency");
  if (currency.empty()) currency = "CNY";
  QuoteTotals out;
  out.lines.reserve(lines.size());
  for (const FieldValues& line : lines) {
    auto a = line_amounts(line, *discount);
    if (!a) return a.error();
    out.lines.push_back(std::move(a.value()));
  }
  auto totals = document_totals(lines, currency, *discount);
  if (!totals) return totals.error();
  out.totals = std::move(totals.value());
  return out;
}

std::optional<FixedDecimal> below_minimum(const FieldValues& line, const FieldValues& product) {
  auto q = quantity_of(value_of(line, "quantity"));
  auto m = quantity_of(value_of(product, "min_order_qty"));
  if (!q || !m || compare(*q, *m) >= 0) return std::nullopt;
  return m;
}

CalendarDate delivery_date(CalendarDate today, const std::vector<FieldValues>& products) {
  int64_t longest = 0;
  for (const FieldValues& p : products) {
    const Json& days = value_of(p, "lead_time_days");
    if (days.is_number_integer()) longest = std::max<int64_t>(longest, days.get<int64_t>());
  }
  return date_from_days(days_since_epoch(today) + longest);
}

Result<PriceChoice> price_for(const std::string& product_id, const FieldValues& product, const FixedDecimal& quantity,
                              const std::string& grade, CalendarDate on, const std::string& currency,
                              const std::vector<PriceListEntry>& lists, const std::string& chosen_list_id) {
  std::optional<PriceChoice> best;
  for (const PriceListEntry& list : lists) {
    if (chosen_list_id.empty() ? !list_applies(list.list, grade, on, currency) : list.id != chosen_list_id) continue;
    auto price = list_price_for(list, product_id, quantity);
    if (!price || price->currency != currency) continue;
    if (!best || price->minor < best->price.minor ||
        (price->minor == best->price.minor && list.id < best->price_list_id))
      best = PriceChoice{*price, list.id};
  }
  if (best) return *best;
  auto list_price = money_from_json(value_of(product, "list_price"));
  if (list_price && list_price->currency == currency) return PriceChoice{list_price.value(), ""};
  return make_error("no_price", "unit_price: no price list and no list price in " + currency + " for this product");
}

}  // namespace crm::sales
