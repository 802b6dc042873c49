// A quote's panel on its record page (probe names "quote.*"): the status as the decisions make it,
// the revision, the lines with their amounts and minimum-quantity warnings, "Add a product"
// priced from the price lists, the totals, the delivery date, whether approval is needed and the
// decisions, the moves the user may make (Submit, Approve / Reject with a comment for managers,
// Send, the customer's answer, New revision), Print, and earlier revisions to print. Rules and
// numbers come from the core through App::quote(); the panel draws and queues actions.
#include <imgui.h>

#include <algorithm>

#include "app/quote_print.h"
#include "app/record_rights.h"
#include "model/entity_rules.h"
#include "ui/icons.h"
#include "ui/record_fields.h"
#include "ui/screens/screens.h"
#include "ui/widgets.h"

namespace crm::ui {
namespace {

const char* move_label(const std::string& to, const std::string& from) {
  if (to == "submitted") return tr("Submit for approval");
  if (to == "approved") return tr("Approve");
  if (to == "rejected") return tr("Reject");
  if (to == "sent") return tr("Mark as sent");
  if (to == "accepted") return tr("Customer accepted");
  if (to == "declined") return tr("Customer declined");
  if (to == "expired") return tr("Expired");
  if (to == "draft") return from == "sent" || from == "expired" ? tr("New revision") : tr("Back to draft");
  return to.c_str();
}

const char* quote_error(const std::string& code) {
  if (code == "approval_required") return tr("A discount above the threshold needs a manager's approval first.");
  if (code == "no_price") return tr("No price for this product in the quote's currency.");
  if (code == "forbidden") return tr("Only a manager or an admin approves or rejects quotes.");
  if (code == "forbidden_transition") return tr("This quote cannot make that move now.");
  return error_text(code);
}

std::string name_of(Ui& ui, const std::string& entity, const Json& id) {
  if (!id.is_string()) return {};
  auto v = ui.app.values(entity, id.get<std::string>());
  return v ? text_of(*v, "name") : std::string();
}

void print(Ui& ui, QuoteDocument d) {
  d.customer = name_of(ui, "customer", value_of(d.quote, "customer_id"));
  for (const auto& l : d.lines) {
    const Json& pid = value_of(l, "product_id");
    if (!pid.is_string()) continue;
    if (auto p = ui.app.values("product", pid.get<std::string>()))
      d.products[pid.get<std::string>()] = {text_of(*p, "name"), text_of(*p, "unit")};
  }
  if (ui.host.open_document) ui.host.open_document(quote_print_html(d));
}

void add_line(Ui& ui, const std::string& quote_id, QuotePanelState& s) {
  heading(tr("Add a product"), "quote.add.heading");
  RecordListView* products = ui.app.records("product");
  const std::string chosen = name_of(ui, "product", s.product_id.empty() ? Json() : Json(s.product_id));
  const float w = ui.layout.phone() ? -1 : ImGui::GetFontSize() * 16;
  ImGui::SetNextItemWidth(w);
  if (ImGui::BeginCombo("##product", chosen.c_str())) {
    if (products) {
      size_t i = 0;
      for (const ListRow* p : products->query(ListQuery{})) {
        if (value_of(p->values, "active") == Json(false)) continue;
        const std::string label = text_of(p->values, "code") + "  " + text_of(p->values, "name");
        if (ImGui::Selectable((label + "##" + p->id).c_str(), p->id == s.product_id)) s.product_id = p->id;
        probe("quote.add.product." + std::to_string(i++), ProbeInfo{Role::kButton, label, p->id});
      }
    }
    ImGui::EndCombo();
  }
  probe("quote.add.product", ProbeInfo{Role::kCombobox, tr("Product"), chosen});
  if (!ui.layout.phone()) ImGui::SameLine();
  input_text(tr("Quantity"), s.quantity, "quote.add.quantity", InputKind::kDecimal, 0, ImGui::GetFontSize() * 6);
  if (!ui.layout.phone()) ImGui::SameLine();
  if (button((std::string(ICON_ADD "  ") + tr("Add")).c_str(), "quote.add.go") && !s.product_id.empty()) {
    ui.later([&ui, quote_id, &s] {
      auto added = ui.app.add_quote_line(quote_id, s.product_id, s.quantity,
                                         local_date(ui.app.clock().now_ms(), ui.tz_offset_min));
      s.error = added ? std::string() : added.error().code;
      if (added) s.quantity = "1";
    });
  }
}

void lines(Ui& ui, const QuoteState& q) {
  heading((std::string(tr("Quote lines")) + " (" + std::to_string(q.lines.size()) + ")").c_str(), "quote.lines");
  for (size_t i = 0; i < q.lines.size(); ++i) {
    const QuoteLineState& l = q.lines[i];
    std::string name = text_of(l.values, "description");
    if (name.empty()) name = name_of(ui, "product", value_of(l.values, "product_id"));
    auto price = money_from_json(value_of(l.values, "unit_price"));
    std::string detail = text_of(l.values, "quantity") + " x " + (price ? format_money(price.value()) : "");
    if (const std::string d = text_of(l.values, "discount"); !d.empty() && d != "0") detail += "  -" + d + "%";
    if (const std::string t = text_of(l.values, "tax_rate"); !t.empty()) detail += std::string("  ") + tr("Tax") + " " + t + "%";
    detail += "  =  " + format_money(l.amounts.gross);
    ImGui::PushID(l.id.c_str());
    // Two lines (the product, then quantity x price = amount): on one line a phone cut the amount.
    const float pad = ui.layout.px(8);
    if (card_row(name, detail, pad * 2.5f + ImGui::GetTextLineHeight() * 2, pad))
      ui.go(Route{Screen::kRecord, "quote_line", l.id, ""});
    probe("quote.line." + std::to_string(i), ProbeInfo{Role::kButton, name, detail});
    if (l.below_minimum) {
      const std::string warn = trf("Below the minimum order quantity (%s)", format_decimal(*l.below_minimum).c_str());
      text_in(Tone::kWarn, warn.c_str());
      probe("quote.line." + std::to_string(i) + ".minimum", ProbeInfo{Role::kText, warn});
    }
    ImGui::PopID();
  }
}

void totals(const QuoteState& q) {
  if (!q.totals_error.code.empty()) {
    error_line(q.totals_error.code);
    probe("quote.totals_error", ProbeInfo{Role::kText, error_text(q.totals_error.code), q.totals_error.code});
    return;
  }
  auto row = [](const char* label, const Money& m, const char* name) {
    const std::string v = format_money(m);
    text_in(Tone::kMuted, tr(label));
    ImGui::SameLine(ImGui::GetFontSize() * 9);
    ImGui::TextUnformatted(v.c_str());
    probe(name, ProbeInfo{Role::kText, tr(label), v});
  };
  row("List total", q.totals.list, "quote.total.list");
  row("Discount", q.totals.discount, "quote.total.discount");
  row("Net", q.totals.net, "quote.total.net");
  row("Tax", q.totals.tax, "quote.total.tax");
  row("Total", q.totals.gross, "quote.total.gross");
}

void approval(const QuoteState& q) {
  const std::string threshold = format_decimal(q.policy.threshold);
  const std::string need = q.facts.approval_needed
                               ? trf("A discount above %s%% needs a manager's approval.", threshold.c_str())
                               : trf("No discount above %s%%: no approval needed.", threshold.c_str());
  wrapped_in(q.facts.approval_needed ? Tone::kWarn : Tone::kMuted, need.c_str());
  probe("quote.approval", ProbeInfo{Role::kText, need, q.facts.approval_needed ? "needed" : "not_needed"});
  for (size_t i = 0; i < q.decisions.size(); ++i) {
    const FieldValues& d = q.decisions[i];
    const bool current = value_of(d, "revision") == Json(q.facts.revision) && text_of(d, "content") == q.digest;
    std::string line = text_of(d, "by") + ": " + choice_label(text_of(d, "decision"));
    if (const std::string c = text_of(d, "comment"); !c.empty()) line += " (" + c + ")";
    if (!current) line += "  · " + std::string(tr("no longer counts: the quote changed"));
    text_in(current ? Tone::kText : Tone::kMuted, line.c_str());
    probe("quote.decision." + std::to_string(i), ProbeInfo{Role::kText, line, current ? "current" : "void"});
  }
}

}  // namespace

void draw_quote_panel(Ui& ui, const std::string& quote_id, QuotePanelState& s) {
  const CalendarDate today = local_date(ui.app.clock().now_ms(), ui.tz_offset_min);
  auto read = ui.app.quote(quote_id, today);
  if (!read) return;
  const QuoteState& q = read.value();
  const bool may_write = write_rights(*find_schema("quote"), ui.app.session().role).may_write;
  const std::string status = std::string(choice_label(q.status)) + "  ·  " + tr("Revision") + " " +
                             std::to_string(q.facts.revision);
  text_in(Tone::kAccent, status.c_str());
  probe("quote.status", ProbeInfo{Role::kText, choice_label(q.status), q.status});
  const std::string delivery = trf("Delivery by %s", format_date(q.delivery).c_str());
  text_in(Tone::kMuted, delivery.c_str());
  probe("quote.delivery", ProbeInfo{Role::kText, delivery, format_date(q.delivery)});

  lines(ui, q);
  if (may_write && (q.status == "draft" || q.status == "sent" || q.status == "expired" || q.status == "submitted"))
    add_line(ui, quote_id, s);
  ImGui::Separator();
  totals(q);
  approval(q);

  const auto moves = sales::quote_moves(q.facts);
  const bool decides = std::find(moves.begin(), moves.end(), "approved") != moves.end() ||
                       std::find(moves.begin(), moves.end(), "rejected") != moves.end();
  if (may_write && decides) {
    text_in(Tone::kMuted, tr("Comment"));
    input_text(tr("Comment"), s.comment, "quote.comment");
  }
  if (may_write)
    for (const std::string& to : moves) {
      const ButtonKind kind = to == "rejected" || to == "declined" ? ButtonKind::kDanger
                              : to == "approved" || to == "sent" || to == "submitted" ? ButtonKind::kPrimary
                                                                                      : ButtonKind::kNormal;
      if (button(move_label(to, q.status), ("quote.move." + to).c_str(), kind)) {
        ui.later([&ui, quote_id, to, today, &s] {
          auto moved = ui.app.move_quote(quote_id, to, today, s.comment);
          s.error = moved ? std::string() : moved.error().code;
          if (moved) s.comment.clear();
        });
      }
      ImGui::SameLine();
    }
  if (button((std::string(ICON_RECORD "  ") + tr("Print")).c_str(), "quote.print")) print(ui, quote_document(q));
  if (!s.error.empty()) {
    wrapped_in(Tone::kError, quote_error(s.error));
    probe("quote.error", ProbeInfo{Role::kText, quote_error(s.error), s.error});
  }
  if (!q.revisions.empty()) {
    heading(tr("Earlier revisions"), "quote.revisions");
    for (const FieldValues& r : q.revisions) {
      const std::string n = std::to_string(value_of(r, "revision").is_number_integer()
                                               ? value_of(r, "revision").get<int64_t>() : 0);
      const std::string label = std::string(tr("Print")) + " " + tr("Revision") + " " + n;
      ImGui::PushID(label.c_str());
      if (button(label.c_str(), ("quote.revision." + n + ".print").c_str())) {
        auto d = quote_document_from_snapshot(text_of(r, "snapshot"));
        if (d) print(ui, std::move(d.value()));
        else s.error = d.error().code;
      }
      ImGui::PopID();
    }
  }
  ImGui::Separator();
}

}  // namespace crm::ui
