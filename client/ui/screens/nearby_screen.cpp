// Customers near the rep: the device's position (GPS, works offline) against the coordinates on
// the customers' records, nearest first, with the distance and a one-tap check-in.
#include <imgui.h>

#include <cstdio>

#include "app/nearby.h"
#include "ui/icons.h"
#include "ui/screens/screens.h"
#include "ui/touch_scroll.h"
#include "ui/widgets.h"

namespace crm::ui {
namespace {

std::string distance_text(double m) {
  char buf[32];
  if (m < 1000) std::snprintf(buf, sizeof buf, "%.0f m", m);
  else std::snprintf(buf, sizeof buf, "%.1f km", m / 1000);
  return buf;
}

}  // namespace

void draw_nearby_screen(Ui& ui, NearbyState& s) {
  App& app = ui.app;
  const App::PositionRequest& p = app.position_request();
  if (!s.asked) {
    s.asked = true;
    app.request_position();
    s.position_serial = app.position_request().serial;
  }
  const bool mine = p.serial == s.position_serial;
  if (mine && p.locating) {
    text_in(Tone::kMuted, tr("Getting your position…"));
  } else if (mine && !p.error.code.empty()) {
    error_line(p.error.code);
  } else if (mine && p.fix) {
    text_in(Tone::kMuted, trf("Your position: ±%.0f m", p.fix->accuracy_m).c_str());
  }
  ImGui::SameLine(ImGui::GetWindowContentRegionMax().x - ImGui::GetFrameHeight());
  if (icon_button(ICON_SYNC, tr("Update my position"), "nearby.refresh", ButtonKind::kQuiet)) {
    app.request_position();
    s.position_serial = app.position_request().serial;
  }
  if (!mine || !p.fix) return;
  const auto near = nearest_customers(app.customers(), GeoPoint{p.fix->latitude, p.fix->longitude}, 100);
  if (near.empty()) {
    ImGui::TextWrapped("%s", tr("No customer has address coordinates yet."));
    return;
  }
  begin_scroll("##nearby");
  const float row_h = ui.layout.px(64);
  const float check_w = button_width(tr("Check in"));
  for (size_t i = 0; i < near.size(); ++i) {
    const CustomerRow& c = app.customers().row(near[i].row);
    ImGui::PushID(static_cast<int>(i));
    const ImVec2 at = ImGui::GetCursorScreenPos();
    const float text_w = ImGui::GetContentRegionAvail().x - check_w - ImGui::GetStyle().ItemSpacing.x;
    const std::string distance = distance_text(near[i].distance_m);
    if (ImGui::Selectable("##row", false, ImGuiSelectableFlags_AllowItemOverlap, ImVec2(text_w, row_h - ImGui::GetStyle().ItemSpacing.y)))
      ui.open_customer(c.id);
    probe("nearby.row." + std::to_string(i), ProbeInfo{Role::kRow, c.name, distance});
    const float pad = ui.layout.px(8);
    const ImVec4 clip(at.x, at.y, at.x + text_w - pad, at.y + row_h);
    ImDrawList* dl = ImGui::GetWindowDrawList();
    dl->AddText(ImGui::GetFont(), ImGui::GetFontSize(), ImVec2(at.x + pad, at.y + pad), tone(Tone::kText), c.name.c_str(),
                nullptr, 0, &clip);
    const std::string second = distance + (c.city.empty() ? "" : "  ·  " + c.city);
    dl->AddText(ImGui::GetFont(), ImGui::GetFontSize(), ImVec2(at.x + pad, at.y + pad + ImGui::GetTextLineHeight() + ui.layout.px(4)),
                tone(Tone::kAccent), second.c_str(), nullptr, 0, &clip);
    ImGui::SameLine();
    ImGui::SetCursorPosY(ImGui::GetCursorPosY() + (row_h - ImGui::GetStyle().ItemSpacing.y - ImGui::GetFrameHeight()) / 2);
    if (button(tr("Check in"), ("nearby.checkin." + std::to_string(i)).c_str(), ButtonKind::kPrimary)) {
      const std::string id = c.id;
      ui.later([&ui, id] {
        ui.app.reset_check_in();
        ui.router.push(Route{Screen::kCheckIn, "", id, ""});
      });
    }
    ImGui::PopID();
  }
  end_scroll();
}

}  // namespace crm::ui
