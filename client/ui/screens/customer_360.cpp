// A customer's 360 on its page: how many opportunities, quotes, contracts and orders it has, its
// outstanding balance (received, outstanding, overdue, invoiced-but-unpaid: the CollectionView's
// sums for the customer) and its receipts, newest first; the sections of the records themselves
// follow (draw_related_sections).
#include <imgui.h>

#include <algorithm>

#include "ui/record_fields.h"
#include "ui/screens/screens.h"
#include "ui/widgets.h"

namespace crm::ui {

void draw_customer_360(Ui& ui, const std::string& customer_id) {
  App& app = ui.app;
  const auto contracts = app.children(customer_id, "contract");
  const int opportunities = static_cast<int>(app.children(customer_id, "opportunity").size());
  const int quotes = static_cast<int>(app.children(customer_id, "quote").size());
  const int orders = static_cast<int>(app.children(customer_id, "sales_order").size());
  const std::string counts = trf("%d opportunities, %d quotes, %d contracts, %d orders", opportunities, quotes,
                                 static_cast<int>(contracts.size()), orders);
  heading(tr("Outstanding balance"), "detail.360");
  text_in(Tone::kMuted, counts.c_str());
  probe("detail.360.counts", ProbeInfo{Role::kText, counts});
  CollectionView* view = app.collection(ui.tz_offset_min);
  if (!view) return;
  for (const auto& t : view->book().customer(customer_id).by_currency) {
    auto m = [&](int64_t minor) { return format_money(Money{minor, t.currency}); };
    const std::string line = std::string(tr("Outstanding")) + " " + m(t.outstanding) + "  ·  " + tr("Overdue") + " " +
                             m(t.overdue) + "  ·  " + tr("Received amount") + " " + m(t.received) +
                             (t.invoiced ? "  ·  " + std::string(tr("Invoiced, unpaid")) + " " + m(t.invoiced_unpaid)
                                         : std::string());
    wrapped_in(t.overdue > 0 ? Tone::kError : Tone::kText, line.c_str());
    probe("detail.360.balance." + t.currency,
          ProbeInfo{Role::kText, tr("Outstanding balance"), m(t.outstanding) + "|" + m(t.overdue) + "|" + m(t.received)});
  }
  // Receipts: grandchildren of the contracts (contract -> instalment -> receipt).
  std::vector<const ListRow*> receipts;
  for (const ListRow* c : contracts)
    for (const ListRow* i : app.children(c->id, "instalment"))
      for (const ListRow* r : app.children(i->id, "receipt")) receipts.push_back(r);
  if (receipts.empty()) return;
  std::stable_sort(receipts.begin(), receipts.end(), [](const ListRow* a, const ListRow* b) {
    return text_of(a->values, "received_on") > text_of(b->values, "received_on");
  });
  const EntitySchema* schema = find_schema("receipt");
  heading((std::string(tr("Receipts")) + " (" + std::to_string(receipts.size()) + ")").c_str(), "detail.receipts");
  for (size_t n = 0; n < receipts.size() && schema; ++n) {
    const ListRow& r = *receipts[n];
    const std::string line = record_title(app, *schema, r.values, ui.tz_offset_min) + "  ·  " +
                             record_subtitle(app, *schema, r.values, ui.tz_offset_min);
    ImGui::PushID(r.id.c_str());
    if (ImGui::Selectable((line + "##r").c_str(), false, 0, ImVec2(0, ui.layout.target())))
      ui.go(Route{Screen::kRecord, "receipt", r.id, ""});
    probe("detail.receipts." + std::to_string(n), ProbeInfo{Role::kButton, line});
    ImGui::PopID();
  }
}

}  // namespace crm::ui
