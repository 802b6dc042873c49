// A lead's "Convert" action on its record page: a small panel that offers the customers the
// duplicate check found (link the lead to one of them) or a new customer, and an opportunity or
// not, then converts in one step (App::convert_lead, rules in sales/lead_conversion.h) and opens
// the customer. Offline like every other edit.
#include <imgui.h>

#include "app/record_rights.h"
#include "model/field_input.h"
#include "ui/icons.h"
#include "ui/record_fields.h"
#include "ui/screens/screens.h"
#include "ui/widgets.h"

namespace crm::ui {
namespace {

void open_panel(Ui& ui, const std::string& lead_id, const std::map<std::string, Json>& values, LeadConvertState& s) {
  s = LeadConvertState{};
  s.open = true;
  for (const auto& hit : ui.app.duplicates("lead", lead_id, {}))
    if (hit.entity == "customer") s.matches.push_back(hit);
  s.opportunity_name = text_of(values, "company");
  if (s.opportunity_name.empty()) s.opportunity_name = text_of(values, "person_name");
}

void convert(Ui& ui, const std::string& lead_id, LeadConvertState& s) {
  sales::ConversionOptions o;
  o.existing_customer_id = s.link_to;
  o.create_opportunity = s.create_opportunity;
  if (s.create_opportunity) {
    const EntitySchema* opp = find_schema("opportunity");
    auto amount = parse_field_input(*opp->field("amount"), s.amount);
    auto close = parse_field_input(*opp->field("expected_close"), s.expected_close);
    if (!amount || !close) {
      s.error = !amount ? amount.error().code : close.error().code;
      return;
    }
    o.opportunity_name = s.opportunity_name;
    o.amount = amount.value();
    if (close->is_string()) o.expected_close = close->get<std::string>();
  }
  auto done = ui.app.convert_lead(lead_id, o);
  if (!done) {
    s.error = done.error().code;
    return;
  }
  s.open = false;
  ui.open_customer(done->customer_id);
}

}  // namespace

void draw_lead_actions(Ui& ui, const std::string& lead_id, const std::map<std::string, Json>& values,
                       LeadConvertState& s) {
  const std::string status = text_of(values, "status");
  if (status == "converted" || status == "disqualified") return;
  if (!write_rights(*find_schema("customer"), ui.app.session().role).may_write) return;
  if (!s.open) {
    if (button((std::string(ICON_ADD "  ") + tr("Convert")).c_str(), "lead.convert", ButtonKind::kNormal,
               ui.layout.phone() ? -1 : 0))
      open_panel(ui, lead_id, values, s);
    return;
  }
  heading(tr("Convert the lead"), "lead.convert.heading");
  if (ImGui::RadioButton(tr("Create a new customer"), s.link_to.empty())) s.link_to.clear();
  probe("lead.convert.new", ProbeInfo{Role::kButton, tr("Create a new customer"), "", s.link_to.empty()});
  if (!s.matches.empty()) text_in(Tone::kMuted, tr("Or add it to a customer you already have:"));
  const EntitySchema& customer = *find_schema("customer");
  for (size_t i = 0; i < s.matches.size(); ++i) {
    const DuplicateHit& m = s.matches[i];
    auto held = ui.app.values("customer", m.id);
    if (!held) continue;
    const std::string label = record_title(ui.app, customer, *held, ui.tz_offset_min) + "  (" + duplicate_reasons(m.reasons) + ")";
    ImGui::PushID(static_cast<int>(i));
    if (ImGui::RadioButton(label.c_str(), s.link_to == m.id)) s.link_to = m.id;
    probe("lead.convert.match." + std::to_string(i), ProbeInfo{Role::kButton, label, m.id, s.link_to == m.id});
    ImGui::PopID();
  }
  checkbox(tr("Create an opportunity"), &s.create_opportunity, "lead.convert.opportunity");
  if (s.create_opportunity) {
    text_in(Tone::kMuted, field_label("Name"));
    input_text(tr("Name"), s.opportunity_name, "lead.convert.opportunity_name");
    text_in(Tone::kMuted, field_label("Amount"));
    input_text(tr("Amount"), s.amount, "lead.convert.amount", InputKind::kText, 0, 0, "10000 CNY");
    text_in(Tone::kMuted, field_label("Expected close"));
    input_text(tr("Expected close"), s.expected_close, "lead.convert.expected_close", InputKind::kText, 0, 0,
               "2026-12-31");
  }
  if (!s.error.empty()) error_line(s.error);
  if (button(tr("Convert"), "lead.convert.go", ButtonKind::kPrimary))
    ui.later([&ui, lead_id, &s] { convert(ui, lead_id, s); });
  ImGui::SameLine();
  if (button(tr("Cancel"), "lead.convert.cancel")) s.open = false;
  ImGui::Separator();
}

}  // namespace crm::ui
