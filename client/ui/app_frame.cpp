// The frame around every screen: navigation tabs on top, the screen, the status bar at the bottom.
#include <imgui.h>

#include "ui/probe.h"
#include "ui/ui.h"
#include "ui/widgets.h"

namespace crm::ui {
namespace {

void nav_tab(App& app, Screen target, const std::string& label, const char* probe_name) {
  const bool active = app.screen == target ||
                      (target == Screen::kCustomers &&
                       (app.screen == Screen::kCustomerDetail || app.screen == Screen::kEdit ||
                        app.screen == Screen::kCheckIn));
  if (active) ImGui::PushStyleColor(ImGuiCol_Button, ImGui::GetStyleColorVec4(ImGuiCol_ButtonActive));
  if (button(label.c_str(), probe_name)) app.go(target);
  if (active) ImGui::PopStyleColor();
  ImGui::SameLine();
}

}  // namespace

void draw_app(App& app, UiState& ui) {
  // The typed password is not kept past the sign-in it was for.
  if (app.signed_in() && !ui.sign_in_password.empty()) ui.sign_in_password.clear();
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  ImGui::SetNextWindowPos(vp->Pos);
  ImGui::SetNextWindowSize(vp->Size);
  ImGui::Begin("##app", nullptr,
               ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings |
                   ImGuiWindowFlags_NoBringToFrontOnFocus);
  const float status_h = ImGui::GetFrameHeightWithSpacing() * 1.4f;
  if (app.signed_in()) {
    nav_tab(app, Screen::kCustomers, tr("Customers"), "nav.customers");
    nav_tab(app, Screen::kVisits, tr("Visits"), "nav.visits");
    const size_t n = app.conflicts().size();
    nav_tab(app, Screen::kConflicts, n ? trf("Conflicts (%d)", static_cast<int>(n)) + "###conflicts" : std::string(tr("Conflicts")) + "###conflicts",
            "nav.conflicts");
    // Shown only when something waits: most users never see this tab.
    if (const size_t a = app.attention().size())
      nav_tab(app, Screen::kAttention, trf("Needs attention (%d)", static_cast<int>(a)) + "###attention", "nav.attention");
    nav_tab(app, Screen::kSettings, tr("Settings"), "nav.settings");
    ImGui::NewLine();
    ImGui::Separator();
  }
  ImGui::BeginChild("##screen", ImVec2(0, -status_h));
  switch (app.signed_in() ? app.screen : Screen::kSignIn) {
    case Screen::kSignIn: draw_sign_in_screen(app, ui); break;
    case Screen::kCustomers: draw_customers_screen(app, ui); break;
    case Screen::kCustomerDetail: draw_customer_detail_screen(app, ui); break;
    case Screen::kEdit: draw_edit_screen(app, ui); break;
    case Screen::kCheckIn: draw_check_in_screen(app, ui); break;
    case Screen::kConflicts: draw_conflicts_screen(app, ui); break;
    case Screen::kAttention: draw_attention_screen(app, ui); break;
    case Screen::kVisits: draw_visits_screen(app, ui); break;
    case Screen::kSettings: draw_settings_screen(app, ui); break;
  }
  ImGui::EndChild();
  draw_status_bar(app, ui);
  ImGui::End();
}

}  // namespace crm::ui
