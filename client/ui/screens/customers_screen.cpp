// The customer list: search by name, phone or city; virtualised (only visible rows are drawn),
// so 100,000 customers scroll as smoothly as 10.
#include <imgui.h>
#include <misc/cpp/imgui_stdlib.h>

#include "ui/probe.h"
#include "ui/ui.h"
#include "ui/widgets.h"

namespace crm::ui {

void draw_customers_screen(App& app, UiState& ui) {
  const float button_w = ImGui::CalcTextSize(tr("New customer")).x + ImGui::GetStyle().FramePadding.x * 4;
  ImGui::SetNextItemWidth(ImGui::GetContentRegionAvail().x - button_w - ImGui::GetStyle().ItemSpacing.x);
  ImGui::InputTextWithHint("##search", tr("Search name, phone or city"), &ui.search);
  probe_text_field("customers.search");
  ImGui::SameLine();
  if (button(tr("New customer"), "customers.new")) {
    ui.form = {};
    app.edit("customer", "");
  }
  const auto& rows = app.customers().search(ui.search, app.clock().now_ms());
  ImGui::PushStyleColor(ImGuiCol_Text, kMutedColor);
  ImGui::Text("%s", trf("%d of %d customers", static_cast<int>(rows.size()), static_cast<int>(app.customers().size())).c_str());
  ImGui::PopStyleColor();

  const ImGuiTableFlags flags = ImGuiTableFlags_ScrollY | ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerV |
                                ImGuiTableFlags_Resizable;
  if (!ImGui::BeginTable("customers", 3, flags)) return;
  ImGui::TableSetupScrollFreeze(0, 1);
  ImGui::TableSetupColumn(tr("Name"), ImGuiTableColumnFlags_WidthStretch, 3);
  ImGui::TableSetupColumn(tr("Phone"), ImGuiTableColumnFlags_WidthStretch, 2);
  ImGui::TableSetupColumn(tr("City"), ImGuiTableColumnFlags_WidthStretch, 2);
  ImGui::TableHeadersRow();
  ImGuiListClipper clipper;
  clipper.Begin(static_cast<int>(rows.size()));
  while (clipper.Step()) {
    for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) {
      const CustomerRow& c = app.customers().row(rows[static_cast<size_t>(i)]);
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      ImGui::PushID(i);
      if (ImGui::Selectable(c.name.c_str(), false, ImGuiSelectableFlags_SpanAllColumns)) app.open_customer(c.id);
      if (i - clipper.DisplayStart < 20) probe("customers.row." + std::to_string(i));
      ImGui::PopID();
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(c.phone.c_str());
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(c.city.c_str());
    }
  }
  ImGui::EndTable();
}

}  // namespace crm::ui
