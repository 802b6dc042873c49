// The status bar: online or offline, unsynced changes, last successful sync, whether the last
// edit is safely stored, and a progress bar during a first full sync.
#include <imgui.h>

#include "ui/probe.h"
#include "ui/ui.h"
#include "ui/widgets.h"

namespace crm::ui {

void draw_status_bar(App& app, UiState& ui) {
  ImGui::Separator();
  const SyncState& s = app.sync_state();
  const bool online = app.platform().online();
  const bool reaching = online && (s.last_error.code.empty() || s.last_error.code != "network_error");
  ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(reaching ? kOkColor : kWarnColor), "%s",
                     reaching ? tr("● Online") : tr("● Offline"));
  probe("status.online");
  ImGui::SameLine(0, 20 * ui.scale);
  ImGui::Text("%s", trf("%d unsynced", static_cast<int>(s.unsynced)).c_str());
  probe("status.unsynced");
  ImGui::SameLine(0, 20 * ui.scale);
  if (s.running && s.full_sync && s.progress_total > 0) {
    const float f = static_cast<float>(s.progress_done) / static_cast<float>(s.progress_total);
    const std::string label = trf("First sync: %lld / %lld changes", static_cast<long long>(s.progress_done),
                                  static_cast<long long>(s.progress_total));
    ImGui::ProgressBar(f, ImVec2(260 * ui.scale, 0), label.c_str());
    probe("status.progress");
  } else if (s.running) {
    ImGui::TextUnformatted(tr("Syncing…"));
  } else if (s.last_success_ms > 0) {
    ImGui::Text("%s %s", tr("Last sync"), ago(s.last_success_ms, app.clock().now_ms()).c_str());
  } else {
    ImGui::TextUnformatted(tr("Not synced yet"));
  }
  probe("status.sync");
  if (!s.last_error.code.empty() && !s.running) {
    ImGui::SameLine(0, 20 * ui.scale);
    ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(kWarnColor), "%s", error_text(s.last_error.code));
  }
  if (!s.running && app.signed_in()) {
    ImGui::SameLine(0, 20 * ui.scale);
    if (ImGui::SmallButton(tr("Sync now"))) app.sync_now();
    probe("status.sync_now");
  }
  const PersistStatus p = app.platform().persist_status();
  ImGui::SameLine(0, 20 * ui.scale);
  if (!p.error.empty()) ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(kErrorColor), "%s", tr("Saving on this device failed: it is retried with the next change"));
  else if (p.pending_commits > 0) ImGui::TextUnformatted(tr("Saving…"));
  else ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(kMutedColor), "%s", tr("Saved on this device"));
  probe("status.saved");
}

}  // namespace crm::ui
