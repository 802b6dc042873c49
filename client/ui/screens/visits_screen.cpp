// Visits of the whole team as a manager reviews them: where each check-in was, how far from the
// customer, and the signals that say whether to trust it (accuracy, position age, device clock).
#include <imgui.h>

#include "core/time_format.h"
#include "ui/probe.h"
#include "ui/ui.h"
#include "ui/widgets.h"

namespace crm::ui {
namespace {

std::string cell(const std::map<std::string, Json>& v, const char* field, const char* fmt) {
  auto it = v.find(field);
  if (it == v.end() || !it->second.is_number()) return "-";
  char buf[48];
  std::snprintf(buf, sizeof buf, fmt, it->second.get<double>());
  return buf;
}

}  // namespace

void draw_visits_screen(App& app, UiState& ui) {
  heading(tr("Visits"));
  ImGui::Checkbox(tr("Only visits to check (outside the geofence, inaccurate, stale or clock skew)"),
                  &ui.visits_flagged_only);
  probe("visits.flagged_only");
  const auto visits = app.visits(ui.visits_flagged_only);
  ImGui::PushStyleColor(ImGuiCol_Text, kMutedColor);
  ImGui::Text("%s", trf("%d visits", static_cast<int>(visits.size())).c_str());
  ImGui::PopStyleColor();
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
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      ImGui::PushID(i);
      std::string customer_id;
      if (auto it = v.values.find("customer_id"); it != v.values.end() && it->second.is_string())
        customer_id = it->second.get<std::string>();
      if (ImGui::Selectable(local_minutes(v.at_ms, ui.tz_offset_min).c_str(), false, ImGuiSelectableFlags_SpanAllColumns))
        app.open_customer(customer_id);
      probe("visits.row." + std::to_string(i));
      ImGui::PopID();
      ImGui::TableNextColumn();
      const CustomerRow* c = app.customers().find(customer_id);
      ImGui::TextUnformatted(c ? c->name.c_str() : "?");
      ImGui::TableNextColumn();
      auto user = v.values.find("user");
      ImGui::TextUnformatted(user != v.values.end() && user->second.is_string() ? user->second.get<std::string>().c_str() : "");
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(cell(v.values, "distance_m", "%.0f").c_str());
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(cell(v.values, "accuracy_m", "%.0f").c_str());
      ImGui::TableNextColumn();
      auto age = v.values.find("position_age_ms");
      ImGui::Text("%.0f", age != v.values.end() && age->second.is_number() ? age->second.get<double>() / 1000 : 0.0);
      ImGui::TableNextColumn();
      auto off = v.values.find("clock_offset_ms");
      if (off != v.values.end() && off->second.is_number()) ImGui::Text("%+.1f", off->second.get<double>() / 1000);
      else ImGui::TextUnformatted(tr("not yet"));
      ImGui::TableNextColumn();
      std::string warnings;
      for (const auto& w : v.warnings) warnings += (warnings.empty() ? "" : ", ") + std::string(tr(w.c_str()));
      if (!warnings.empty()) ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(kWarnColor), "%s", warnings.c_str());
    }
  }
  ImGui::EndTable();
}

}  // namespace crm::ui
