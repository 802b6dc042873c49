// Settings: language, geofence radius, the session, and what this device holds.
#include <imgui.h>

#include "ui/icons.h"
#include "ui/screens/screens.h"
#include "ui/touch_scroll.h"
#include "ui/widgets.h"

namespace crm::ui {

void draw_settings_screen(Ui& ui, SettingsState& s) {
  App& app = ui.app;
  begin_scroll("##settings");
  ImGui::PushTextWrapPos(0);
  ImGui::TextUnformatted(tr("Language"));
  ImGui::SetNextItemWidth(std::min(ImGui::GetContentRegionAvail().x, ui.layout.px(280)));
  const Language current = language();
  if (ImGui::BeginCombo("##language", language_name(current))) {
    const std::pair<Language, const char*> langs[] = {{Language::kEnglish, "settings.language.en"},
                                                      {Language::kChineseSimplified, "settings.language.zh"},
                                                      {Language::kRussian, "settings.language.ru"}};
    for (const auto& [l, name] : langs) {
      if (ImGui::Selectable(language_name(l), current == l, 0, ImVec2(0, ui.layout.target())))
        ui.later([&ui, l = l] { (void)ui.app.set_language(l); });
      probe(name, ProbeInfo{Role::kButton, language_name(l), "", false, current == l});
    }
    ImGui::EndCombo();
  }
  probe("settings.language", ProbeInfo{Role::kCombobox, tr("Language"), language_name(current)});

  ImGui::Spacing();
  ImGui::TextWrapped("%s", tr("Geofence radius for visit check-ins (metres)"));
  if (s.geofence_text.empty()) s.geofence_text = std::to_string(app.geofence_radius_m());
  input_text(tr("Geofence radius for visit check-ins (metres)"), s.geofence_text, "settings.geofence", InputKind::kDecimal,
             0, ui.layout.px(120));
  ImGui::SameLine();
  if (button(tr("Save"), "settings.geofence_save")) {
    Status st = app.set_geofence_radius_m(std::atoi(s.geofence_text.c_str()));
    s.message = st ? "" : st.error().code;
    if (st) s.geofence_text.clear();
  }
  if (!s.message.empty()) error_line(s.message);

  heading(tr("Account"), "settings.account");
  ImGui::TextWrapped("%s %s (%s)", tr("Signed in as"), app.session().username.c_str(), choice_label(app.session().role));
  ImGui::TextWrapped("%s %s", tr("Server:"), app.session().server.c_str());
  if (button((std::string(ICON_SIGN_OUT "  ") + tr("Sign out")).c_str(), "settings.sign_out"))
    ui.later([&ui] { ui.app.log_out(); });
  wrapped_in(Tone::kMuted, tr("Signing out keeps this device's data and unsynced changes; they sync at the next sign-in."));

  heading(tr("This device"), "settings.device");
  const PersistStatus p = app.platform().persist_status();
  ImGui::TextWrapped("%s %s", tr("Device id:"), app.replica()->id().c_str());
  ImGui::TextWrapped("%s", trp("%d customers stored on this device", static_cast<int>(app.customers().size())).c_str());
  ImGui::TextWrapped("%s", trf("Saved to browser storage: %lld commits, last one %lld bytes in %.1f ms (slowest %.1f ms)",
                               static_cast<long long>(p.commits), static_cast<long long>(p.last_commit_bytes),
                               p.last_commit_ms, p.max_commit_ms).c_str());
  if (app.sync_state().clock_offset_ms)
    ImGui::TextWrapped("%s", trf("Device clock is %+.1f s from the server's", *app.sync_state().clock_offset_ms / 1000.0).c_str());
  ImGui::PopTextWrapPos();
  end_scroll();
}

}  // namespace crm::ui
