// Visits of the whole team as a manager reviews them: where each check-in was, how far from the
// customer, and the signals that say whether to trust it (accuracy, position age, device clock).
// A table on wide screens (it scrolls sideways when narrow), cards on a phone.
#include <imgui.h>

#include <cstdio>

#include "core/time_format.h"
#include "ui/screens/screens.h"
#include "ui/touch_scroll.h"
#include "ui/widgets.h"

namespace crm::ui {
namespace {

std::string cell(const std::map<std::string, Json>& v, const char* field, const char* fmt, double scale = 1) {
  auto it = v.find(field);
  if (it == v.end() || !it->second.is_number()) return "-";
  char buf[48];
  std::snprintf(buf, sizeof buf, fmt, it->second.get<double>() / scale);
  return buf;
}

std::string customer_of(const RecordItem& v) {
  auto it = v.values.find("customer_id");
  return it != v.values.end() && it->second.is_string() ? it->second.get<std::string>() : std::string();
}

std::string warnings_of(const RecordItem& v) {
  std::string out;
  for (const auto& w : v.warnings) out += (out.empty() ? "" : ", ") + std::string(choice_label(w));
  return out;
}

void table(Ui& ui, const std::vector<RecordItem>& visits) {
  const ImGuiTableFlags flags = ImGuiTableFlags_ScrollY | ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerV |
                                ImGuiTableFlags_Resizable | ImGuiTableFlags_ScrollX;
  if (!ImGui::BeginTable("visits", 8, flags)) return;
  ImGui::TableSetupScrollFreeze(1, 1);
  for (const char* h : {"Checked in", "Customer", "User", "Distance (m)", "Accuracy (m)", "Position age (s)",
                        "Device clock offset (s)", "Warnings"})
    ImGui::TableSetupColumn(tr(h), ImGuiTableColumnFlags_WidthFixed, 0);
  ImGui::TableHeadersRow();
  ImGuiListClipper clipper;
  clipper.Begin(static_cast<int>(visits.size()));
  while (clipper.Step()) {
    for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) {
      const RecordItem& v = visits[static_cast<size_t>(i)];
      ImGui::TableNextRow(0, ui.layout.target());
      ImGui::TableNextColumn();
      ImGui::PushID(i);
      const std::string customer_id = customer_of(v);
      const std::string when = local_minutes(v.at_ms, ui.tz_offset_min);
      if (ImGui::Selectable(when.c_str(), false, ImGuiSelectableFlags_SpanAllColumns,
                            ImVec2(0, ui.layout.target() - ImGui::GetStyle().CellPadding.y * 2)))
        ui.open_customer(customer_id);
      const CustomerRow* c = ui.app.customers().find(customer_id);
      probe("visits.row." + std::to_string(i), ProbeInfo{Role::kRow, c ? c->name : "?", when});
      ImGui::PopID();
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(c ? c->name.c_str() : "?");
      ImGui::TableNextColumn();
      auto user = v.values.find("user");
      ImGui::TextUnformatted(user != v.values.end() && user->second.is_string() ? user->second.get<std::string>().c_str() : "");
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(cell(v.values, "distance_m", "%.0f").c_str());
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(cell(v.values, "accuracy_m", "%.0f").c_str());
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(cell(v.values, "position_age_ms", "%.0f", 1000).c_str());
      ImGui::TableNextColumn();
      if (v.values.count("clock_offset_ms")) ImGui::TextUnformatted(cell(v.values, "clock_offset_ms", "%+.1f", 1000).c_str());
      else ImGui::TextUnformatted(tr("not yet"));
      ImGui::TableNextColumn();
      if (!v.warnings.empty()) text_in(Tone::kWarn, warnings_of(v).c_str());
    }
  }
  drag_scroll();
  ImGui::EndTable();
}

void cards(Ui& ui, const std::vector<RecordItem>& visits) {
  begin_scroll("##visits");
  for (size_t i = 0; i < visits.size() && i < 500; ++i) {
    const RecordItem& v = visits[i];
    ImGui::PushID(static_cast<int>(i));
    const std::string customer_id = customer_of(v);
    const CustomerRow* c = ui.app.customers().find(customer_id);
    const std::string when = local_minutes(v.at_ms, ui.tz_offset_min);
    const std::string title = (c ? c->name : std::string("?")) + "\n" + when;
    if (ImGui::Selectable(title.c_str(), false, 0, ImVec2(0, ui.layout.px(52)))) ui.open_customer(customer_id);
    probe("visits.row." + std::to_string(i), ProbeInfo{Role::kRow, c ? c->name : "?", when});
    ImGui::Indent();
    auto user = v.values.find("user");
    if (user != v.values.end() && user->second.is_string()) text_in(Tone::kMuted, user->second.get<std::string>().c_str());
    ImGui::TextWrapped("%s", trf("%s m away, accuracy %s m", cell(v.values, "distance_m", "%.0f").c_str(),
                                 cell(v.values, "accuracy_m", "%.0f").c_str()).c_str());
    if (!v.warnings.empty()) wrapped_in(Tone::kWarn, warnings_of(v).c_str());
    ImGui::Unindent();
    ImGui::Separator();
    ImGui::PopID();
  }
  end_scroll();
}

}  // namespace

void draw_visits_screen(Ui& ui, VisitsState& s) {
  checkbox(tr("Only visits to check"), &s.flagged_only, "visits.flagged_only");
  wrapped_in(Tone::kMuted, tr("Outside the geofence, inaccurate, stale position or device clock skew"));
  const auto& visits = ui.app.visits(s.flagged_only);
  text_in(Tone::kMuted, trp("%d visits", static_cast<int>(visits.size())).c_str());
  if (ui.layout.phone()) cards(ui, visits);
  else table(ui, visits);
}

}  // namespace crm::ui
