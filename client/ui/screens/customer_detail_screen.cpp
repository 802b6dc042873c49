// One customer: its fields, contacts, and visits and activities as a timeline.
#include <imgui.h>

#include "core/time_format.h"
#include "ui/probe.h"
#include "ui/ui.h"
#include "ui/widgets.h"

namespace crm::ui {
namespace {

void fields_table(const EntitySchema& schema, const std::map<std::string, Json>& values, int tz) {
  if (!ImGui::BeginTable("fields", 2, ImGuiTableFlags_SizingStretchProp)) return;
  ImGui::TableSetupColumn("k", ImGuiTableColumnFlags_WidthStretch, 1);
  ImGui::TableSetupColumn("v", ImGuiTableColumnFlags_WidthStretch, 3);
  for (const auto& f : schema.fields) {
    auto it = values.find(f.name);
    if (it == values.end()) continue;
    ImGui::TableNextRow();
    ImGui::TableNextColumn();
    ImGui::PushStyleColor(ImGuiCol_Text, kMutedColor);
    ImGui::TextUnformatted(field_label(f.name));
    ImGui::PopStyleColor();
    ImGui::TableNextColumn();
    ImGui::TextWrapped("%s", display_value(&f, it->second, tz).c_str());
  }
  ImGui::EndTable();
}

void visit_entry(const RecordItem& v, const UiState& ui, int index) {
  ImGui::PushID(v.id.c_str());
  ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(kOkColor), "%s", tr("Visit"));
  ImGui::SameLine();
  ImGui::TextUnformatted(local_minutes(v.at_ms, ui.tz_offset_min).c_str());
  probe("timeline.visit." + std::to_string(index));
  if (!text_of(v.values, "purpose").empty()) {
    ImGui::SameLine();
    ImGui::TextUnformatted(text_of(v.values, "purpose").c_str());
  }
  ImGui::Indent();
  visit_position(v.values);
  if (v.values.count("duration_s"))
    ImGui::Text("%s", trf("Checked out after %d min", static_cast<int>(number_of(v.values, "duration_s") / 60)).c_str());
  else
    ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(kWarnColor), "%s", tr("Not checked out yet"));
  if (!text_of(v.values, "notes").empty()) ImGui::TextWrapped("%s", text_of(v.values, "notes").c_str());
  for (const auto& w : v.warnings)
    if (w != "outside_geofence" && w != "no_customer_position")
      ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(kWarnColor), "! %s", tr(w.c_str()));
  ImGui::Unindent();
  ImGui::PopID();
}

void activity_entry(const RecordItem& a, const UiState& ui) {
  ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(kWarnColor), "%s", tr(text_of(a.values, "kind").c_str()));
  ImGui::SameLine();
  ImGui::TextUnformatted(local_minutes(a.at_ms, ui.tz_offset_min).c_str());
  ImGui::SameLine();
  ImGui::TextUnformatted(text_of(a.values, "subject").c_str());
  ImGui::Indent();
  if (!text_of(a.values, "notes").empty()) ImGui::TextWrapped("%s", text_of(a.values, "notes").c_str());
  if (!text_of(a.values, "next_follow_up").empty())
    ImGui::Text("%s %s", tr("Next follow-up:"),
                display_value(find_schema("activity")->field("next_follow_up"), a.values.at("next_follow_up"),
                              ui.tz_offset_min).c_str());
  ImGui::Unindent();
}

}  // namespace

void draw_customer_detail_screen(App& app, UiState& ui) {
  auto customer = app.values("customer", app.customer_id);
  if (button(tr("< Back"), "detail.back")) app.go(Screen::kCustomers);
  if (!customer) {
    ImGui::TextUnformatted(tr("This customer no longer exists on this device."));
    return;
  }
  ImGui::SameLine();
  if (button(tr("Edit"), "detail.edit")) {
    ui.form = {};
    app.edit("customer", app.customer_id);
  }
  ImGui::SameLine();
  const auto open = app.open_visit(app.customer_id);
  if (button(open ? tr("Check out") : tr("Check in"), "detail.checkin")) {
    app.reset_check_in();
    ui.visit_purpose.clear();
    ui.checkout_notes.clear();
    ui.checkout_error.clear();
    app.go(Screen::kCheckIn);
  }
  ImGui::SameLine();
  if (button(tr("Add contact"), "detail.add_contact")) {
    ui.form = {};
    ui.form.text["customer_id"] = app.customer_id;
    app.edit("contact", "");
  }
  ImGui::SameLine();
  if (button(tr("Log activity"), "detail.add_activity")) {
    ui.form = {};
    ui.form.text["customer_id"] = app.customer_id;
    app.edit("activity", "");
  }
  ImGui::SameLine();
  if (!ui.confirm_delete) {
    if (button(tr("Delete"), "detail.delete")) ui.confirm_delete = true;
  } else {
    if (button(tr("Really delete"), "detail.delete_confirm")) {
      ui.confirm_delete = false;
      if (app.remove("customer", app.customer_id)) app.go(Screen::kCustomers);
      return;
    }
    ImGui::SameLine();
    if (button(tr("Keep"), "detail.delete_cancel")) ui.confirm_delete = false;
  }

  ImGui::Spacing();
  ImGui::TextUnformatted(text_of(*customer, "name").c_str());
  probe("detail.name");
  ImGui::Separator();
  fields_table(*find_schema("customer"), *customer, ui.tz_offset_min);

  const auto contacts = app.related(app.customer_id, "contact");
  heading(trf("Contacts (%d)", static_cast<int>(contacts.size())).c_str());
  for (size_t i = 0; i < contacts.size(); ++i) {
    const auto& c = contacts[i];
    ImGui::PushID(c.id.c_str());
    if (ImGui::Selectable((text_of(c.values, "name") + "##c").c_str())) {
      ui.form = {};
      app.edit("contact", c.id);
    }
    probe("contact." + std::to_string(i));
    ImGui::SameLine(ImGui::GetContentRegionAvail().x * 0.4f);
    ImGui::TextUnformatted((text_of(c.values, "title") + "  " + text_of(c.values, "mobile") + "  " + text_of(c.values, "phone") +
                            "  " + text_of(c.values, "email")).c_str());
    ImGui::PopID();
  }

  auto timeline = app.related(app.customer_id, "visit");
  const size_t visit_count = timeline.size();
  auto activities = app.related(app.customer_id, "activity");
  timeline.insert(timeline.end(), activities.begin(), activities.end());
  std::stable_sort(timeline.begin(), timeline.end(), [](const RecordItem& a, const RecordItem& b) { return a.at_ms > b.at_ms; });
  heading(trf("Timeline: %d visits, %d activities", static_cast<int>(visit_count), static_cast<int>(activities.size())).c_str());
  int visit_index = 0;
  for (const auto& item : timeline) {
    if (item.entity == "visit") visit_entry(item, ui, visit_index++);
    else activity_entry(item, ui);
    ImGui::Spacing();
  }
}

}  // namespace crm::ui
