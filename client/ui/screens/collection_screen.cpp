// Payment collection (回款): the sums of what the device holds (a sales person's own customers, a
// manager's team: docs/access.md) — received, outstanding, overdue, invoiced-but-unpaid,
// overpaid — with the user's own for a manager, then the overdue instalments, the longest overdue
// first; a tap opens the instalment (its receipts, "Record a receipt"). Numbers come from the
// CollectionView (views/collection_view.h) at the user's local date: nothing here queries.
#include <imgui.h>

#include "ui/record_fields.h"
#include "ui/screens/screens.h"
#include "ui/touch_scroll.h"
#include "ui/widgets.h"

namespace crm::ui {
namespace {

constexpr size_t kOverdueShown = 200;

void totals_block(const sales::CollectionTotals& totals, const std::string& name) {
  if (totals.by_currency.empty()) {
    text_in(Tone::kMuted, "-");
    return;
  }
  for (const auto& t : totals.by_currency) {
    auto m = [&](int64_t minor) { return format_money(Money{minor, t.currency}); };
    const std::pair<const char*, int64_t> rows[] = {{"Received amount", t.received},
                                                    {"Outstanding", t.outstanding},
                                                    {"Overdue", t.overdue},
                                                    {"Invoiced, unpaid", t.invoiced_unpaid},
                                                    {"Overpaid", t.overpaid}};
    for (const auto& [label, minor] : rows) {
      if (minor == 0 && (std::string(label) == "Overpaid" || std::string(label) == "Invoiced, unpaid")) continue;
      ImGui::TextUnformatted(tr(label));
      ImGui::SameLine(ImGui::GetFontSize() * 11);
      const bool bad = std::string(label) == "Overdue" && minor > 0;
      text_in(bad ? Tone::kError : Tone::kText, m(minor).c_str());
      probe(name + "." + t.currency + "." + label, ProbeInfo{Role::kText, tr(label), m(minor)});
    }
  }
}

void overdue_rows(Ui& ui, sales::CollectionBook& book) {
  const size_t count = book.overdue_count();
  heading((std::string(tr("Overdue instalments")) + " (" + std::to_string(count) + ")").c_str(),
          "collection.overdue");
  if (count == 0) {
    text_in(Tone::kOk, tr("Nothing is overdue"));
    probe("collection.overdue.none", ProbeInfo{Role::kText, tr("Nothing is overdue")});
    return;
  }
  RecordListView* contracts = ui.app.records("contract");
  const EntitySchema* schema = find_schema("contract");
  int i = 0;
  for (const auto& row : book.overdue(kOverdueShown)) {
    std::string contract_title, customer;
    if (const ListRow* c = contracts ? contracts->find(row.contract_id) : nullptr) {
      contract_title = schema ? record_title(ui.app, *schema, c->values, ui.tz_offset_min) : row.contract_id;
      const std::string cid = text_of(c->values, "customer_id");
      if (!cid.empty()) customer = reference_title(ui.app, "customer", cid, ui.tz_offset_min);
    }
    const std::string title = customer + (customer.empty() ? "" : "  ·  ") + contract_title;
    const std::string second = format_date(row.due_on) + "  ·  " + format_money(row.overdue) + "  ·  " +
                               trf("%d days overdue", static_cast<int>(row.days_overdue));
    ImGui::PushID(row.id.c_str());
    if (card_row(title, second, ui.layout.target() * 1.6f, ui.layout.px(6)))
      ui.go(Route{Screen::kRecord, "instalment", row.id, ""});
    probe("collection.overdue." + std::to_string(i++),
          ProbeInfo{Role::kButton, title, format_date(row.due_on) + "|" + format_money(row.overdue) + "|" +
                                              std::to_string(row.days_overdue)});
    ImGui::PopID();
  }
}

}  // namespace

void draw_collection_screen(Ui& ui, CollectionState& s) {
  CollectionView* view = ui.app.collection(ui.tz_offset_min);
  if (!view) return;
  sales::CollectionBook& book = view->book();
  const std::string& role = ui.app.session().role;
  begin_scroll("##collection");
  const bool leads = role == kRoleManager || role == kRoleAdmin;
  if (leads) {
    if (button(tr("My collection"), "collection.mine", s.everyone ? ButtonKind::kNormal : ButtonKind::kPrimary))
      s.everyone = false;
    ImGui::SameLine();
    if (button(tr("Everyone's collection"), "collection.everyone", s.everyone ? ButtonKind::kPrimary : ButtonKind::kNormal))
      s.everyone = true;
  }
  heading(leads && s.everyone ? tr("Everyone's collection") : tr("My collection"), "collection.totals");
  // A sales person's device holds their own customers only; a manager picks.
  totals_block(leads && !s.everyone ? book.person(ui.app.session().username) : book.all(), "collection.totals");
  if (const size_t odd = book.mismatched_receipts())
    text_in(Tone::kWarn, trf("%d receipts wait for their instalment or have another currency", static_cast<int>(odd)).c_str());
  overdue_rows(ui, book);
  end_scroll();
}

}  // namespace crm::ui
