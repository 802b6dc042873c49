#include "ui/screens/pipeline_view_text.h"

namespace crm::ui {

std::string totals_text(const sales::MoneyTotals& t) {
  std::string out;
  for (const auto& [currency, minor] : t.by_currency())
    out += (out.empty() ? "" : " + ") + format_money(Money{minor, currency});
  return out.empty() ? "-" : out;
}

std::string card_line(const PipelineView& view, const PipelineCard& c) {
  std::string out = view.customer_name(c.customer_id);
  if (c.amount) out += (out.empty() ? "" : " · ") + format_money(*c.amount);
  if (auto close = c.close()) out += (out.empty() ? "" : " · ") + format_date(*close);
  return out;
}

}  // namespace crm::ui
