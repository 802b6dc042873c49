// Sign-in: server address (the page's own by default), user name, password.
#include <imgui.h>

#include "ui/screens/screens.h"
#include "ui/widgets.h"

namespace crm::ui {

void draw_sign_in_screen(Ui& ui) {
  App& app = ui.app;
  SignInState& s = ui.sign_in;
  // The typed password is not kept past the sign-in it was for.
  if (app.signed_in()) s.password.clear();
  if (s.server.empty()) s.server = app.session().server.empty() ? app.platform().origin() : app.session().server;
  if (s.user.empty()) s.user = app.session().username;
  const float width = std::min(ImGui::GetContentRegionAvail().x, ui.layout.px(420));
  ImGui::SetCursorPosX(ImGui::GetCursorPosX() + (ImGui::GetContentRegionAvail().x - width) / 2);
  ImGui::BeginGroup();
  ImGui::Dummy(ImVec2(width, ui.layout.px(ui.layout.phone() ? 12 : 40)));
  ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + width);
  heading(tr("Sign in"), "signin.title");
  if (!app.notice().empty()) wrapped_in(Tone::kWarn, error_text(app.notice()));
  ImGui::TextUnformatted(tr("Server address"));
  input_text(tr("Server address"), s.server, "signin.server", InputKind::kText, 0, width);
  ImGui::TextUnformatted(tr("User name"));
  input_text(tr("User name"), s.user, "signin.user", InputKind::kText, 0, width);
  ImGui::TextUnformatted(tr("Password"));
  const bool enter = input_text(tr("Password"), s.password, "signin.password", InputKind::kPassword,
                                ImGuiInputTextFlags_EnterReturnsTrue, width);
  ImGui::Spacing();
  ImGui::BeginDisabled(app.sign_in_busy());
  if (button(app.sign_in_busy() ? tr("Signing in…") : tr("Sign in"), "signin.submit", ButtonKind::kPrimary, width) || enter)
    ui.later([&ui] { ui.app.sign_in(ui.sign_in.server, ui.sign_in.user, ui.sign_in.password); });
  ImGui::EndDisabled();
  if (!app.sign_in_error().code.empty()) error_line(app.sign_in_error().code);
  ImGui::PopTextWrapPos();
  ImGui::EndGroup();
}

}  // namespace crm::ui
