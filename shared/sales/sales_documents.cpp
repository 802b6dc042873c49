#include "sales/sales_documents.h"

#include <algorithm>

#include "model/entity_rules.h"
#include "sales/derived_id.h"
#include "sales/line_amounts.h"

namespace crm::sales {
namespace {

std::string text(const FieldValues& v, const std::string& field) {
  const Json& j = value_of(v, field);
  return j.is_string() ? j.get<std::string>() : std::string();
}

// The fields a priced line keeps from one document to the next.
constexpr const char* kLineFields[] = {"product_id", "description", "quantity", "unit_price", "discount", "tax_rate"};

struct Source {
  std::string entity, line_entity, parent_field;
};
Source source_of(const std::string& entity) {
  if (entity == "quote") return {"quote", "quote_line", "quote_id"};
  return {"contract", "contract_line", "contract_id"};
}

// The source's live lines in their order (position, then id), copied under `parent_field`.
std::vector<FieldValues> lines_of(const RecordLookup& lookup, const Source& s, const std::string& id) {
  auto lines = lookup.children(s.line_entity, id);
  auto pos = [](const FieldValues& l) {
    const Json& p = value_of(l, "position");
    return p.is_number_integer() ? p.get<int64_t>() : 0;
  };
  // Lookups give values without ids: ties in position are ordered by content, the same on every device.
  auto key = [&](const FieldValues& l) { return std::make_pair(pos(l), Json(l).dump()); };
  std::stable_sort(lines.begin(), lines.end(), [&](const FieldValues& a, const FieldValues& b) { return key(a) < key(b); });
  return lines;
}

Result<DocumentPlan> plan_document(const std::vector<FieldValues>& source_lines, const std::string& currency,
                                   const Json& total_discount, PlannedRecord header, const std::string& line_entity,
                                   const std::string& parent_field) {
  FixedDecimal discount{0, 2};
  if (!total_discount.is_null()) {
    auto d = percent_of(total_discount);
    if (!d) return make_error("wrong_type", "total_discount: a percentage like \"5\"", "total_discount");
    discount = *d;
  }
  auto totals = document_totals(source_lines, currency, discount);
  if (!totals) return totals.error();
  DocumentPlan plan;
  plan.total = totals->gross;
  const std::string document_id = header.id;
  plan.records.push_back(std::move(header));
  int64_t position = 0;
  for (const auto& line : source_lines) {
    FieldValues v{{parent_field, document_id}, {"position", ++position}};
    for (const char* f : kLineFields)
      if (auto it = line.find(f); it != line.end() && !it->second.is_null()) v[f] = it->second;
    plan.records.push_back({line_entity, derived_id(document_id, line_entity + ":" + std::to_string(position)),
                            std::move(v)});
  }
  return plan;
}

}  // namespace

bool quote_accepted(const FieldValues& quote) { return text(quote, "status") == "accepted"; }

Result<DocumentPlan> contract_from_quote(const RecordLookup& lookup, const std::string& quote_id) {
  auto quote = lookup.values("quote", quote_id);
  if (!quote) return make_error("not_found", "quote_id: this device does not hold the quote", "quote_id");
  if (!quote_accepted(*quote))
    return make_error("not_accepted", "quote_id: only an accepted quote becomes a contract", "quote_id");
  const Source s = source_of("quote");
  const auto lines = lines_of(lookup, s, quote_id);
  PlannedRecord header{"contract", derived_id(quote_id, "contract"),
                       {{"customer_id", value_of(*quote, "customer_id")},
                        {"title", value_of(*quote, "title")},
                        {"quote_id", quote_id},
                        {"status", "draft"}}};
  for (const char* f : {"opportunity_id", "terms", "total_discount"})
    if (!value_of(*quote, f).is_null()) header.values[f] = value_of(*quote, f);
  const std::string currency = text(*quote, "currency");
  auto plan = plan_document(lines, currency, value_of(*quote, "total_discount"), std::move(header), "contract_line",
                            "contract_id");
  if (!plan) return plan.error();
  plan->records.front().values["amount"] = to_json(plan->total);
  return plan;
}

CalendarDate expected_delivery(const RecordLookup& lookup, const std::vector<FieldValues>& lines, CalendarDate from) {
  int64_t longest = 0;
  for (const auto& line : lines) {
    const std::string product = text(line, "product_id");
    if (product.empty()) continue;
    if (auto p = lookup.values("product", product)) {
      const Json& days = value_of(*p, "lead_time_days");
      if (days.is_number_integer()) longest = std::max(longest, days.get<int64_t>());
    }
  }
  return date_from_days(days_since_epoch(from) + longest);
}

Result<DocumentPlan> order_from(const RecordLookup& lookup, const std::string& source_entity,
                                const std::string& source_id, CalendarDate today) {
  if (source_entity != "quote" && source_entity != "contract")
    return make_error("wrong_type", "source: an order is made from a contract or a quote", "source");
  const Source s = source_of(source_entity);
  auto doc = lookup.values(source_entity, source_id);
  if (!doc) return make_error("not_found", s.parent_field + ": this device does not hold it", s.parent_field);
  const std::string status = text(*doc, "status");
  if (source_entity == "quote" ? status != "accepted" : (status != "active" && status != "expired"))
    return make_error("not_accepted",
                      s.parent_field + ": orders come from accepted quotes and signed (active) contracts",
                      s.parent_field);
  const auto lines = lines_of(lookup, s, source_id);
  PlannedRecord header{"sales_order", derived_id(source_id, "sales_order"),
                       {{"customer_id", value_of(*doc, "customer_id")},
                        {"title", value_of(*doc, "title")},
                        {s.parent_field, source_id},
                        {"ordered_on", format_date(today)},
                        {"expected_delivery", format_date(expected_delivery(lookup, lines, today))},
                        {"status", "open"}}};
  if (source_entity == "contract" && !value_of(*doc, "quote_id").is_null())
    header.values["quote_id"] = value_of(*doc, "quote_id");
  if (!value_of(*doc, "total_discount").is_null()) header.values["total_discount"] = value_of(*doc, "total_discount");
  std::string currency = text(*doc, "currency");
  if (currency.empty())
    if (auto amount = money_from_json(value_of(*doc, "amount"))) currency = amount->currency;
  return plan_document(lines, currency, value_of(*doc, "total_discount"), std::move(header), "order_line", "order_id");
}

}  // namespace crm::sales
