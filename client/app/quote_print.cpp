#include "app/quote_print.h"

#include "app/catalog.h"
#include "model/entity_rules.h"

namespace crm {
namespace {

std::string escape(const std::string& s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      default: out += c;
    }
  }
  return out;
}

std::string text(const FieldValues& v, const std::string& field) {
  const Json& j = value_of(v, field);
  if (j.is_string()) return j.get<std::string>();
  if (j.is_number_integer()) return std::to_string(j.get<int64_t>());
  return {};
}

std::string percent(const FieldValues& v, const std::string& field) {
  const std::string t = text(v, field);
  return t.empty() ? "0%" : t + "%";
}

const char* kStyle = R"(
  body { font: 11pt/1.4 "Noto Sans", "Noto Sans CJK SC", "PingFang SC", Arial, sans-serif; color: #111; margin: 24px; }
  header { display: flex; justify-content: space-between; border-bottom: 2px solid #222; padding-bottom: 8px; }
  .company { white-space: pre-line; }
  h1 { font-size: 20pt; margin: 0; text-align: right; }
  .meta { text-align: right; color: #444; }
  table { width: 100%; border-collapse: collapse; margin-top: 16px; }
  th, td { padding: 4px 6px; border-bottom: 1px solid #ccc; vertical-align: top; }
  th { text-align: left; background: #f0f0f0; }
  td.n, th.n { text-align: right; white-space: nowrap; }
  .totals { margin-left: auto; width: auto; min-width: 40%; }
  .totals td { border: none; }
  .totals tr.gross td { font-weight: bold; border-top: 2px solid #222; }
  .terms { white-space: pre-line; margin-top: 16px; }
  .noprint { margin-bottom: 16px; }
  @media screen and (max-width: 600px) { body { margin: 12px; } table:not(.totals) { display: block; overflow-x: auto; } }
  @page { size: A4; margin: 15mm; }
  @media print { body { margin: 0; } .noprint { display: none; } thead { display: table-header-group; } tr { break-inside: avoid; } }
)";

}  // namespace

QuoteDocument quote_document(const QuoteState& q) {
  QuoteDocument d;
  d.quote = q.quote;
  for (const auto& l : q.lines) {
    d.lines.push_back(l.values);
    d.amounts.push_back(l.amounts);
  }
  d.totals = q.totals;
  d.delivery = q.delivery;
  d.company = q.policy.company;
  return d;
}

Result<QuoteDocument> quote_document_from_snapshot(const std::string& snapshot) {
  Json j = Json::parse(snapshot, nullptr, false);
  if (j.is_discarded() || !j.is_object() || !j.contains("quote") || !j["quote"].is_object() || !j.contains("lines") ||
      !j["lines"].is_array())
    return make_error("wrong_type", "snapshot: not a quote revision");
  QuoteDocument d;
  d.quote = j["quote"].get<FieldValues>();
  for (const Json& l : j["lines"])
    if (l.is_object()) d.lines.push_back(l.get<FieldValues>());
  auto totals = sales::quote_totals(d.quote, d.lines);
  if (!totals) return totals.error();
  d.totals = totals->totals;
  d.amounts = totals->lines;
  return d;
}

std::string quote_print_html(const QuoteDocument& d) {
  std::string h;
  h.reserve(4096 + 512 * d.lines.size());
  const std::string title = text(d.quote, "title");
  h += "<!DOCTYPE html><html lang=\"" + std::string(language_code(language())) + "\"><head><meta charset=\"utf-8\">"
       "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">";
  h += "<title>" + escape(std::string(tr("Quote")) + " · " + title) + "</title><style>" + kStyle + "</style></head><body>";
  h += "<div class=\"noprint\"><button onclick=\"window.print()\">" + escape(tr("Print")) + "</button></div>";
  h += "<header><div class=\"company\">" + escape(d.company) + "</div><div><h1>" + escape(tr("Quote")) + "</h1>";
  h += "<div class=\"meta\">" + escape(title) + "<br>" + escape(tr("Revision")) + " " + escape(text(d.quote, "revision"));
  if (const std::string on = text(d.quote, "quoted_on"); !on.empty()) h += "<br>" + escape(tr("Date")) + ": " + escape(on);
  if (const std::string until = text(d.quote, "valid_until"); !until.empty())
    h += "<br>" + escape(tr("Valid until")) + ": " + escape(until);
  h += "</div></div></header>";
  if (!d.customer.empty()) h += "<p><b>" + escape(tr("Customer")) + ":</b> " + escape(d.customer) + "</p>";
  h += "<table class=\"lines\"><thead><tr><th>#</th><th>" + escape(tr("Description")) + "</th><th class=\"n\">" +
       escape(tr("Quantity")) + "</th><th class=\"n\">" + escape(tr("Unit price")) + "</th><th class=\"n\">" +
       escape(tr("Discount (%)")) + "</th><th class=\"n\">" + escape(tr("Tax rate (%)")) + "</th><th class=\"n\">" +
       escape(tr("Net")) + "</th><th class=\"n\">" + escape(tr("Tax")) + "</th><th class=\"n\">" + escape(tr("Total")) +
       "</th></tr></thead><tbody>";
  for (size_t i = 0; i < d.lines.size(); ++i) {
    const FieldValues& l = d.lines[i];
    std::string name = text(l, "description"), unit;
    if (auto p = d.products.find(text(l, "product_id")); p != d.products.end()) {
      if (name.empty()) name = p->second.first;
      unit = p->second.second;
    }
    const LineAmounts& a = d.amounts[i];
    auto price = money_from_json(value_of(l, "unit_price"));
    h += "<tr><td>" + std::to_string(i + 1) + "</td><td>" + escape(name) + "</td><td class=\"n\">" +
         escape(text(l, "quantity")) + (unit.empty() ? "" : " " + escape(tr(unit.c_str()))) + "</td><td class=\"n\">" +
         (price ? escape(format_money(price.value())) : "") + "</td><td class=\"n\">" + escape(percent(l, "discount")) +
         "</td><td class=\"n\">" + escape(percent(l, "tax_rate")) + "</td><td class=\"n\">" +
         escape(format_money(a.net)) + "</td><td class=\"n\">" + escape(format_money(a.tax)) + "</td><td class=\"n\">" +
         escape(format_money(a.gross)) + "</td></tr>";
  }
  h += "</tbody></table><table class=\"totals\">";
  auto row = [&](const char* label, const Money& m, const char* cls = "") {
    h += std::string("<tr class=\"") + cls + "\"><td>" + escape(tr(label)) + "</td><td class=\"n\">" +
         escape(format_money(m)) + "</td></tr>";
  };
  row("List total", d.totals.list);
  row("Discount", d.totals.discount);
  if (const std::string td = text(d.quote, "total_discount"); !td.empty() && td != "0")
    h += "<tr><td>" + escape(tr("Total discount (%)")) + "</td><td class=\"n\">" + escape(td) + "%</td></tr>";
  row("Net", d.totals.net);
  row("Tax", d.totals.tax);
  row("Total", d.totals.gross, "gross");
  h += "</table>";
  if (d.delivery) h += "<p><b>" + escape(tr("Delivery by")) + ":</b> " + escape(format_date(*d.delivery)) + "</p>";
  if (const std::string terms = text(d.quote, "terms"); !terms.empty())
    h += "<h3>" + escape(tr("Terms")) + "</h3><div class=\"terms\">" + escape(terms) + "</div>";
  h += "</body></html>";
  return h;
}

}  // namespace crm
