// Sign-in: server address (the page's own by default), user name, password.
#include <imgui.h>

#include "ui/ui.h"
#include "ui/widgets.h"

namespace crm::ui {

void draw_sign_in_screen(App& app, UiState& ui) {
  if (ui.sign_in_server.empty()) ui.sign_in_server = app.session().server.empty() ? app.platform().origin() : app.session().server;
  if (ui.sign_in_user.empty()) ui.sign_in_user = app.session().username;
  const float width = std::min(ImGui::GetContentRegionAvail().x, 420.0f * ui.scale);
  ImGui::SetCursorPosX((ImGui::GetContentRegionAvail().x - width) / 2);
  ImGui::BeginGroup();
  ImGui::Dummy(ImVec2(width, 40 * ui.scale));
  heading(tr("Sign in"));
  if (!app.notice().empty()) {
    ImGui::PushStyleColor(ImGuiCol_Text, kWarnColor);
    ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + width);
    ImGui::TextWrapped("%s", error_text(app.notice()));
    ImGui::PopTextWrapPos();
    ImGui::PopStyleColor();
  }
  ImGui::TextUnformatted(tr("Server address"));
  input_text("##server", ui.sign_in_server, "signin.server", 0, width);
  ImGui::TextUnformatted(tr("User name"));
  input_text("##user", ui.sign_in_user, "signin.user", 0, width);
  ImGui::TextUnformatted(tr("Password"));
  const bool enter = input_text("##password", ui.sign_in_password, "signin.password",
                                ImGuiInputTextFlags_Password | ImGuiInputTextFlags_EnterReturnsTrue, width);
  ImGui::Spacing();
  ImGui::BeginDisabled(app.sign_in_busy());
  if (button(app.sign_in_busy() ? tr("Signing in…") : tr("Sign in"), "signin.submit") || enter) {
    app.sign_in(ui.sign_in_server, ui.sign_in_user, ui.sign_in_password);
  }
  ImGui::EndDisabled();
  if (!app.sign_in_error().code.empty()) {
    ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + width);
    error_line(app.sign_in_error().code);
    ImGui::PopTextWrapPos();
  }
  if (app.signed_in()) ui.sign_in_password.clear();
  ImGui::EndGroup();
}

}  // namespace crm::ui
