// The status: online or offline, unsynced changes, last successful sync, whether the last edit is
// safely stored, and progress during a first full sync. One line on a phone, a column under the
// side navigation otherwise.
#include <imgui.h>

#include "ui/icons.h"
#include "ui/screens/screens.h"
#include "ui/widgets.h"

namespace crm::ui {

void draw_status_bar(Ui& ui) {
  App& app = ui.app;
  const bool line = ui.layout.phone();
  const float gap = ui.layout.px(10);
  auto next = [&] {
    if (line) ImGui::SameLine(0, gap);
  };
  const SyncState& s = app.sync_state();
  const bool online = app.platform().online();
  const bool reaching = online && (s.last_error.code.empty() || s.last_error.code != "network_error");
  const char* online_text = reaching ? tr("● Online") : tr("● Offline");
  if (line) ImGui::AlignTextToFramePadding();
  text_in(reaching ? Tone::kOk : Tone::kWarn, online_text);
  probe("status.online", ProbeInfo{Role::kText, online_text});
  const std::string unsynced = trp("%d unsynced", static_cast<int>(s.unsynced));
  if (!line || s.unsynced > 0) {  // the phone's line has room for what matters only
    next();
    ImGui::TextUnformatted(unsynced.c_str());
    probe("status.unsynced", ProbeInfo{Role::kText, unsynced});
  }
  next();
  std::string sync_text;
  if (s.running && s.full_sync && s.progress_total > 0) {
    const float f = static_cast<float>(s.progress_done) / static_cast<float>(s.progress_total);
    const std::string label = trf("First sync: %lld / %lld changes", static_cast<long long>(s.progress_done),
                                  static_cast<long long>(s.progress_total));
    ImGui::ProgressBar(f, ImVec2(line ? ui.layout.px(120) : -1, 0), line ? "" : label.c_str());
    probe("status.progress", ProbeInfo{Role::kText, label});
  } else {
    if (s.running) sync_text = tr("Syncing…");
    else if (s.last_success_ms > 0 && line) sync_text = ago(s.last_success_ms, app.clock().now_ms());
    else if (s.last_success_ms > 0) sync_text = std::string(tr("Last sync")) + " " + ago(s.last_success_ms, app.clock().now_ms());
    else sync_text = tr("Not synced yet");
    // Wrapped in the side column: "Синхронизировано только что" is wider than it.
    if (line) text_in(Tone::kMuted, sync_text.c_str());
    else wrapped_in(Tone::kMuted, sync_text.c_str());
  }
  probe("status.sync", ProbeInfo{Role::kText, sync_text});
  const PersistStatus p = app.platform().persist_status();
  const char* saved = !p.error.empty() ? tr("Saving on this device failed: it is retried with the next change")
                      : p.pending_commits > 0 ? tr("Saving…")
                                              : tr("Saved on this device");
  if (line) {
    // The phone's line has room for the icon only; the sentence goes to screen readers.
    ImGui::SameLine(0, gap);
    text_in(!p.error.empty() ? Tone::kError : Tone::kMuted, p.pending_commits > 0 ? ICON_CLOUD : ICON_SAVED);
  } else {
    wrapped_in(!p.error.empty() ? Tone::kError : Tone::kMuted, saved);
  }
  probe("status.saved", ProbeInfo{Role::kText, saved});
  if (!s.last_error.code.empty() && !s.running && !line) wrapped_in(Tone::kWarn, error_text(s.last_error.code));
  // Always there, also while a sync runs (it then asks for one more): a button that comes and goes
  // moves what is under it.
  if (app.signed_in()) {
    if (line) {
      ImGui::SameLine(ImGui::GetWindowContentRegionMax().x - ImGui::GetFrameHeight() - ImGui::GetStyle().WindowPadding.x);
      if (icon_button(ICON_SYNC, tr("Sync now"), "status.sync_now", ButtonKind::kQuiet)) app.sync_now();
    } else if (button((std::string(ICON_SYNC "  ") + tr("Sync now")).c_str(), "status.sync_now", ButtonKind::kNormal, -1)) {
      app.sync_now();
    }
  }
}

}  // namespace crm::ui
