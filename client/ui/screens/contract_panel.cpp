// The actions and computed facts of a contract's, a quote's, an order's and an instalment's pages
// (docs/sales.md, "Contracts, payment plans, orders and payment collection"):
// - a contract: its number ("pending" until the server numbers it), the expiry reminder, the
//   payment plan with each instalment's received / outstanding / overdue and whether the plan
//   adds up, "Split into N equal instalments" (an empty plan), "Activate" (a draft whose plan adds
//   up), "Make an order" (active);
// - an accepted quote: "Make a contract", "Make an order";
// - an order: its number;
// - an instalment: what is received, outstanding and overdue, and "Record a receipt".
// Numbers come from the CollectionView (views/collection_view.h); rules from the core.
#include <imgui.h>

#include <algorithm>
#include <cstdlib>

#include "model/entity_rules.h"
#include "sales/payment_plan.h"
#include "ui/icons.h"
#include "ui/record_fields.h"
#include "ui/screens/screens.h"
#include "ui/widgets.h"

namespace crm::ui {
namespace {

std::string money_text(const Money& m) { return format_money(m); }

void action_error(const ContractPanelState& s) {
  if (s.error.empty()) return;
  error_line(s.error);
  probe("contract.error", ProbeInfo{Role::kText, error_text(s.error), s.error});
}

void number_row(const std::string& entity, const std::map<std::string, Json>& values) {
  const std::string number = text_of(values, "number");
  const std::string shown = number.empty() ? tr("Pending (numbered on sync)") : number;
  text_in(number.empty() ? Tone::kMuted : Tone::kText, (std::string(tr("Number")) + ": " + shown).c_str());
  probe(entity + ".number", ProbeInfo{Role::kText, tr("Number"), number.empty() ? "pending" : number});
}

void expiry_row(Ui& ui, const std::map<std::string, Json>& values) {
  auto e = sales::contract_expiry(values, local_date(ui.app.clock().now_ms(), ui.tz_offset_min));
  if (!e || (!e->remind && !e->past_end)) return;
  const std::string text = e->past_end ? trf("Ended %d days ago", static_cast<int>(-e->days_left))
                                       : trf("Ends in %d days", static_cast<int>(e->days_left));
  wrapped_in(Tone::kWarn, (std::string("! ") + text).c_str());
  probe("contract.expiry", ProbeInfo{Role::kText, text, std::to_string(e->days_left)});
}

void plan_rows(Ui& ui, const std::string& contract_id, const std::map<std::string, Json>& values) {
  CollectionView* view = ui.app.collection(ui.tz_offset_min);
  if (!view) return;
  const auto plan = view->book().plan(contract_id);
  heading((std::string(tr("Payment plan")) + " (" + std::to_string(plan.size()) + ")").c_str(), "contract.plan");
  int i = 0;
  for (const auto& p : plan) {
    ImGui::PushID(p.id.c_str());
    // Two lines, so that a phone's width holds them: what is due, then what came in.
    std::string line = format_date(p.due_on) + "  " + money_text(p.amount) + "\n" + tr("Received amount") + " " +
                       money_text(p.received);
    if (p.overdue.minor > 0) line += "  ·  " + trf("%d days overdue", static_cast<int>(p.days_overdue));
    const Tone shade = p.overdue.minor > 0 ? Tone::kError : p.outstanding.minor == 0 ? Tone::kOk : Tone::kText;
    ImGui::PushStyleColor(ImGuiCol_Text, tone(shade));
    if (ImGui::Selectable((line + "##i").c_str(), false, 0,
                          ImVec2(0, std::max(ui.layout.target(), 2 * ImGui::GetTextLineHeightWithSpacing()))))
      ui.go(Route{Screen::kRecord, "instalment", p.id, ""});
    ImGui::PopStyleColor();
    probe("contract.plan." + std::to_string(i++),
          ProbeInfo{Role::kButton, format_date(p.due_on), money_text(p.amount) + "|" + money_text(p.received) + "|" +
                                                              money_text(p.outstanding) + "|" + money_text(p.overdue)});
    ImGui::PopID();
  }
  // Whether the plan adds up to the amount (instalments added on two devices both count).
  auto amount = money_from_json(value_of(values, "amount"));
  if (!amount || plan.empty()) return;
  std::vector<FieldValues> held;
  for (const auto& p : plan) held.push_back({{"amount", to_json(p.amount)}});
  auto check = sales::check_plan(amount.value(), held);
  if (!check) return;
  std::string verdict;
  if (check->adds_up()) verdict = tr("The plan adds up to the contract amount");
  else if (check->difference.minor > 0)
    verdict = trf("The plan is %s short of the contract amount", money_text(check->difference).c_str());
  else
    verdict = trf("The plan is %s over the contract amount",
                  money_text(Money{-check->difference.minor, check->difference.currency}).c_str());
  wrapped_in(check->adds_up() ? Tone::kOk : Tone::kWarn, verdict.c_str());
  probe("contract.plan.check", ProbeInfo{Role::kText, verdict, check->adds_up() ? "ok" : "mismatch"});
  const auto totals = view->book().contract(contract_id);
  for (const auto& t : totals.by_currency) {
    const std::string sums = std::string(tr("Received amount")) + " " + money_text({t.received, t.currency}) + "  ·  " +
                             tr("Outstanding") + " " + money_text({t.outstanding, t.currency}) + "  ·  " +
                             tr("Overdue") + " " + money_text({t.overdue, t.currency}) +
                             (t.invoiced ? "  ·  " + std::string(tr("Invoiced, unpaid")) + " " +
                                               money_text({t.invoiced_unpaid, t.currency})
                                         : std::string());
    ImGui::TextWrapped("%s", sums.c_str());
    probe("contract.collection." + t.currency, ProbeInfo{Role::kText, tr("Collection"), sums});
  }
}

void split_form(Ui& ui, const std::string& contract_id, ContractPanelState& s) {
  if (s.first_due.empty()) s.first_due = format_date(local_date(ui.app.clock().now_ms(), ui.tz_offset_min));
  text_in(Tone::kMuted, tr("Number of instalments"));
  input_text(tr("Number of instalments"), s.split_n, "contract.split.n", InputKind::kDecimal, 0, ui.layout.px(90));
  text_in(Tone::kMuted, tr("First due"));
  input_text(tr("First due"), s.first_due, "contract.split.first_due", InputKind::kText, 0, ui.layout.px(160),
             "2027-01-31");
  // Not a number, or out of range: split_evenly() refuses it with its code.
  const int n = static_cast<int>(std::strtol(s.split_n.c_str(), nullptr, 10));
  const std::string label = trf("Split into %d equal instalments", n);
  if (button(label.c_str(), "contract.split", ButtonKind::kPrimary))
    ui.later([&ui, &s, contract_id, n] {
      auto done = ui.app.split_payment_plan(contract_id, n, s.first_due);
      s.error = done ? "" : done.error().code;
    });
}

void contract_panel(Ui& ui, const Route& r, const std::map<std::string, Json>& values, ContractPanelState& s) {
  number_row("contract", values);
  expiry_row(ui, values);
  const std::string status = text_of(values, "status");
  if (status == "draft" && button(tr("Activate"), "contract.activate", ButtonKind::kPrimary))
    ui.later([&ui, &s, id = r.id] {
      auto done = ui.app.activate_contract(id);
      s.error = done ? "" : done.error().code;
    });
  if ((status == "active" || status == "expired") && button(tr("Make an order"), "contract.make_order"))
    ui.later([&ui, &s, id = r.id] {
      auto made = ui.app.make_order("contract", id, ui.tz_offset_min);
      if (made) ui.go(Route{Screen::kRecord, "sales_order", made.value(), ""});
      else s.error = made.error().code;
    });
  action_error(s);
  plan_rows(ui, r.id, values);
  if (ui.app.children(r.id, "instalment").empty()) split_form(ui, r.id, s);
}

void quote_panel(Ui& ui, const Route& r, const std::map<std::string, Json>& values, ContractPanelState& s) {
  if (text_of(values, "status") != "accepted") return;
  if (button(tr("Make a contract"), "quote.make_contract", ButtonKind::kPrimary))
    ui.later([&ui, &s, id = r.id] {
      auto made = ui.app.make_contract(id);
      if (made) ui.go(Route{Screen::kRecord, "contract", made.value(), ""});
      else s.error = made.error().code;
    });
  ImGui::SameLine();
  if (button(tr("Make an order"), "quote.make_order"))
    ui.later([&ui, &s, id = r.id] {
      auto made = ui.app.make_order("quote", id, ui.tz_offset_min);
      if (made) ui.go(Route{Screen::kRecord, "sales_order", made.value(), ""});
      else s.error = made.error().code;
    });
  action_error(s);
}

void instalment_panel(Ui& ui, const Route& r) {
  CollectionView* view = ui.app.collection(ui.tz_offset_min);
  if (!view) return;
  auto i = view->book().instalment(r.id);
  if (!i) return;
  const std::string sums = std::string(tr("Received amount")) + " " + money_text(i->received) + "  ·  " +
                           tr("Outstanding") + " " + money_text(i->outstanding) +
                           (i->overdue.minor ? "  ·  " + trf("%d days overdue", static_cast<int>(i->days_overdue)) : "") +
                           (i->overpaid.minor ? "  ·  " + std::string(tr("Overpaid")) + " " + money_text(i->overpaid) : "");
  wrapped_in(i->overdue.minor ? Tone::kError : Tone::kText, sums.c_str());
  probe("instalment.collection", ProbeInfo{Role::kText, tr("Collection"),
                                           money_text(i->received) + "|" + money_text(i->outstanding) + "|" +
                                               money_text(i->overdue) + "|" + money_text(i->overpaid)});
  if (button((std::string(ICON_ADD "  ") + tr("Record a receipt")).c_str(), "instalment.record_receipt",
             ButtonKind::kPrimary))
    ui.go(Route{Screen::kEdit, "receipt", "", r.id});
}

}  // namespace

void draw_sales_document_panel(Ui& ui, const Route& r, const std::map<std::string, Json>& values, ContractPanelState& s) {
  if (r.entity == "contract") contract_panel(ui, r, values, s);
  else if (r.entity == "quote") quote_panel(ui, r, values, s);
  else if (r.entity == "sales_order") number_row("sales_order", values);
  else if (r.entity == "instalment") instalment_panel(ui, r);
}

void draw_receipt_warning(Ui& ui, const Route& r, const FormState& form) {
  if (r.entity != "receipt" || !r.id.empty() || r.parent.empty()) return;
  const EntitySchema* schema = find_schema("receipt");
  CollectionView* view = ui.app.collection(ui.tz_offset_min);
  if (!schema || !view) return;
  const auto typed = form_input(ui, *schema, form);
  auto it = typed.find("amount");
  if (it == typed.end() || it->second.empty()) return;
  auto i = view->book().instalment(r.parent);
  if (!i) return;
  auto amount = parse_money(it->second, i->amount.currency);
  if (!amount) return;
  if (auto over = view->book().over_outstanding(r.parent, amount.value())) {
    const std::string text = trf("More than outstanding by %s: check before saving", money_text(*over).c_str());
    wrapped_in(Tone::kWarn, (std::string("! ") + text).c_str());
    probe("receipt.over_outstanding", ProbeInfo{Role::kText, text, money_text(*over)});
  }
}

}  // namespace crm::ui
