// Settings: language, geofence radius, the session, and what this device holds.
#include <imgui.h>

#include "ui/probe.h"
#include "ui/ui.h"
#include "ui/widgets.h"

namespace crm::ui {

void draw_settings_screen(App& app, UiState& ui) {
  heading(tr("Settings"));
  ImGui::TextUnformatted(tr("Language"));
  ImGui::SetNextItemWidth(240 * ui.scale);
  const Language current = language();
  if (ImGui::BeginCombo("##language", current == Language::kEnglish ? "English" : "简体中文")) {
    if (ImGui::Selectable("English", current == Language::kEnglish)) (void)app.set_language(Language::kEnglish);
    probe("settings.language.en");
    if (ImGui::Selectable("简体中文", current == Language::kChineseSimplified))
      (void)app.set_language(Language::kChineseSimplified);
    probe("settings.language.zh");
    ImGui::EndCombo();
  }
  probe("settings.language");

  ImGui::Spacing();
  ImGui::TextUnformatted(tr("Geofence radius for visit check-ins (metres)"));
  if (ui.geofence_text.empty()) ui.geofence_text = std::to_string(app.geofence_radius_m());
  input_text("##geofence", ui.geofence_text, "settings.geofence", ImGuiInputTextFlags_CharsDecimal, 120 * ui.scale);
  ImGui::SameLine();
  if (button(tr("Save"), "settings.geofence_save")) {
    Status s = app.set_geofence_radius_m(std::atoi(ui.geofence_text.c_str()));
    ui.settings_message = s ? "" : s.error().code;
    if (s) ui.geofence_text.clear();
  }
  if (!ui.settings_message.empty()) error_line(ui.settings_message);

  heading(tr("Account"));
  ImGui::Text("%s %s (%s)", tr("Signed in as"), app.session().username.c_str(), app.session().role.c_str());
  ImGui::Text("%s %s", tr("Server:"), app.session().server.c_str());
  if (button(tr("Sign out"), "settings.sign_out")) app.log_out();
  ImGui::PushStyleColor(ImGuiCol_Text, kMutedColor);
  ImGui::TextWrapped("%s", tr("Signing out keeps this device's data and unsynced changes; they sync at the next sign-in."));
  ImGui::PopStyleColor();

  heading(tr("This device"));
  const PersistStatus p = app.platform().persist_status();
  ImGui::Text("%s %s", tr("Device id:"), app.replica()->id().c_str());
  ImGui::Text("%s", trf("%d customers stored on this device", static_cast<int>(app.customers().size())).c_str());
  ImGui::Text("%s", trf("Saved to browser storage: %lld commits, last one %lld bytes in %.1f ms (slowest %.1f ms)",
                        static_cast<long long>(p.commits), static_cast<long long>(p.last_commit_bytes),
                        p.last_commit_ms, p.max_commit_ms).c_str());
  if (app.sync_state().clock_offset_ms)
    ImGui::Text("%s", trf("Device clock is %+.1f s from the server's", *app.sync_state().clock_offset_ms / 1000.0).c_str());
}

}  // namespace crm::ui
