// The customer list: search by name, phone, city or a contact's name, phone or e-mail;
// virtualised (only visible rows are drawn), so 100,000 customers scroll as smoothly as 10.
// Phone: two-line cards and a floating "new customer" button; wider: a table.
#include <imgui.h>

#include <algorithm>

#include "ui/icons.h"
#include "ui/screens/screens.h"
#include "ui/touch_scroll.h"
#include "ui/widgets.h"

namespace crm::ui {
namespace {

void row_probe(int i, int first, const CustomerRow& c) {
  if (i - first < 20) probe("customers.row." + std::to_string(i), ProbeInfo{Role::kRow, c.name, c.phone + " " + c.city});
}

void cards(Ui& ui, const std::vector<uint32_t>& rows, bool top) {
  const float row_h = ui.layout.px(64);
  clipped_list("##cards", rows.size(), row_h, top, [&](int i, int first) {
    const CustomerRow& c = ui.app.customers().row(rows[static_cast<size_t>(i)]);
    const std::string second = c.phone + (c.phone.empty() || c.city.empty() ? "" : "  ·  ") + c.city;
    if (card_row(c.name, second, row_h, ui.layout.px(8))) ui.open_customer(c.id);
    row_probe(i, first, c);
  });
}

void table(Ui& ui, const std::vector<uint32_t>& rows, bool top) {
  const ImGuiTableFlags flags = ImGuiTableFlags_ScrollY | ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerV |
                                ImGuiTableFlags_Resizable;
  if (!ImGui::BeginTable("customers", 3, flags)) return;
  if (top) ImGui::SetScrollY(0);
  ImGui::TableSetupScrollFreeze(0, 1);
  ImGui::TableSetupColumn(tr("Name"), ImGuiTableColumnFlags_WidthStretch, 3);
  ImGui::TableSetupColumn(tr("Phone"), ImGuiTableColumnFlags_WidthStretch, 2);
  ImGui::TableSetupColumn(tr("City"), ImGuiTableColumnFlags_WidthStretch, 2);
  ImGui::TableHeadersRow();
  const float row_h = ui.layout.target() - ImGui::GetStyle().CellPadding.y * 2;
  ImGuiListClipper clipper;
  clipper.Begin(static_cast<int>(rows.size()));
  while (clipper.Step()) {
    for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) {
      const CustomerRow& c = ui.app.customers().row(rows[static_cast<size_t>(i)]);
      ImGui::TableNextRow(0, ui.layout.target());
      ImGui::TableNextColumn();
      ImGui::PushID(i);
      if (ImGui::Selectable(c.name.c_str(), false, ImGuiSelectableFlags_SpanAllColumns, ImVec2(0, row_h)))
        ui.open_customer(c.id);
      row_probe(i, clipper.DisplayStart, c);
      ImGui::PopID();
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(c.phone.c_str());
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(c.city.c_str());
    }
  }
  drag_scroll();
  ImGui::EndTable();
}

// The search results narrowed to one status and ordered as chosen; recomputed only when one of
// them changed.
const std::vector<uint32_t>& shown_rows(const CustomerDirectory& dir, const std::vector<uint32_t>& rows, CustomersState& s) {
  if (s.status.empty() && !s.by_city) return rows;
  if (s.shown_serial == dir.results_serial() && s.shown_status == s.status && s.shown_by_city == s.by_city) return s.shown;
  s.shown.clear();
  for (uint32_t i : rows)
    if (s.status.empty() || dir.row(i).status == s.status) s.shown.push_back(i);
  if (s.by_city)
    std::stable_sort(s.shown.begin(), s.shown.end(), [&](uint32_t a, uint32_t b) { return dir.row(a).city < dir.row(b).city; });
  s.shown_serial = dir.results_serial();
  s.shown_status = s.status;
  s.shown_by_city = s.by_city;
  return s.shown;
}

// Filter chips from the schema's status choices, and the sort order; they scroll sideways when
// the row is wider than the screen.
void filters(CustomersState& s) {
  const FieldSpec* status = find_schema("customer")->field("status");
  ImGui::BeginChild("##filters", ImVec2(0, ImGui::GetFrameHeightWithSpacing() + ImGui::GetStyle().ScrollbarSize), false,
                    ImGuiWindowFlags_HorizontalScrollbar);
  auto chip = [&](const char* label, bool on, const std::string& probe_name) {
    const bool pressed = button(label, probe_name.c_str(), on ? ButtonKind::kPrimary : ButtonKind::kNormal);
    ImGui::SameLine();
    return pressed;
  };
  if (chip(tr("All"), s.status.empty(), "customers.filter.all")) s.status.clear();
  if (status)
    for (const auto& c : status->choices)
      if (chip(choice_label(c), s.status == c, "customers.filter." + c)) s.status = s.status == c ? "" : c;
  if (chip((std::string(ICON_SORT " ") + (s.by_city ? tr("By city") : tr("By name"))).c_str(), false, "customers.sort"))
    s.by_city = !s.by_city;
  ImGui::NewLine();
  drag_scroll();
  ImGui::EndChild();
}

}  // namespace

void draw_customers_screen(Ui& ui, CustomersState& s) {
  App& app = ui.app;
  const bool cards_view = ui.layout.phone() || ImGui::GetContentRegionAvail().x < ui.layout.px(560);
  const float new_w = cards_view ? 0 : button_width(tr("New customer")) + ImGui::GetFrameHeight();
  input_text(tr("Search customers"), s.search, "customers.search", InputKind::kSearch, 0,
             cards_view ? -1 : ImGui::GetContentRegionAvail().x - new_w - ImGui::GetStyle().ItemSpacing.x,
             tr("Search name, phone, city or contact"));
  if (!cards_view) {
    ImGui::SameLine();
    if (button((std::string(ICON_ADD "  ") + tr("New customer")).c_str(), "customers.new", ButtonKind::kPrimary))
      ui.edit("customer", "");
  }
  filters(s);
  const auto& rows = shown_rows(app.customers(), app.customers().search(s.search, app.clock().now_ms()), s);
  // New results start at the top.
  const std::string key = s.search + "\n" + s.status + (s.by_city ? "\ncity" : "");
  const bool top = key != s.list_key;
  s.list_key = key;
  const std::string count = trf("%d of %d customers", static_cast<int>(rows.size()), static_cast<int>(app.customers().size()));
  text_in(Tone::kMuted, count.c_str());
  if (!cards_view) {
    table(ui, rows, top);
    return;
  }
  cards(ui, rows, top);
  // The primary action floats over the list's bottom right corner, in reach of the thumb: a window
  // of its own, so it stays above the list.
  const float side = ui.layout.px(56), margin = ui.layout.px(12);
  const ImVec2 corner = ImGui::GetItemRectMax();
  ImGui::SetNextWindowPos(ImVec2(corner.x - side - margin, corner.y - side - margin));
  ImGui::SetNextWindowSize(ImVec2(side, side));
  ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(0, 0));
  ImGui::Begin("##fab", nullptr, ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoBackground |
                                     ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoMove);
  ImGui::PushStyleVar(ImGuiStyleVar_FrameRounding, side / 2);
  ImGui::PushStyleColor(ImGuiCol_Button, tone(Tone::kAccent));
  ImGui::PushStyleColor(ImGuiCol_ButtonHovered, tone(Tone::kAccent));
  ImGui::PushStyleColor(ImGuiCol_ButtonActive, tone(Tone::kAccent));
  ImGui::PushStyleColor(ImGuiCol_Text, tone(Tone::kOnAccent));
  if (ImGui::Button(ICON_ADD "##new", ImVec2(side, side))) ui.edit("customer", "");
  probe("customers.new", ProbeInfo{Role::kButton, tr("New customer")});
  ImGui::PopStyleColor(4);
  ImGui::PopStyleVar();
  ImGui::End();
  ImGui::PopStyleVar();
}

}  // namespace crm::ui
