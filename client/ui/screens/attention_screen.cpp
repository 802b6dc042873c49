// Records that need the user's decision: the server refused them (outside the user's data scope,
// a device clock far ahead, ...) or they left the scope while holding unsynced changes. Nothing was
// lost: the user pushes a record again (after fixing the cause) or discards their changes to it.
// The reason is the refusal code's text from the catalogue.
#include <imgui.h>

#include "app/pool_actions.h"
#include "ui/screens/screens.h"
#include "ui/touch_scroll.h"
#include "ui/widgets.h"

namespace crm::ui {

void draw_attention_screen(Ui& ui, AttentionState& s) {
  App& app = ui.app;
  const auto items = app.attention();
  if (items.empty()) {
    ImGui::TextWrapped("%s", tr("Nothing needs your attention."));
    return;
  }
  begin_scroll("##attention");
  ImGui::TextWrapped("%s", tr("These records were not synced. They are kept on this device until you choose."));
  if (!s.error.empty()) error_line(s.error);
  for (size_t i = 0; i < items.size(); ++i) {
    const RecordStore::Attention& a = items[i];
    const std::string n = std::to_string(i);
    ImGui::PushID((a.key.entity + "/" + a.key.id).c_str());
    ImGui::Separator();
    const EntitySchema* schema = find_schema(a.key.entity);
    std::string title = a.key.id.substr(0, 8);
    if (auto v = app.values(a.key.entity, a.key.id); v && schema && !schema->summary_fields.empty()) {
      auto it = v->find(schema->summary_fields.front());
      if (it != v->end() && it->second.is_string()) title = it->second.get<std::string>();
    }
    const std::string head = std::string(schema ? tr(schema->label.c_str()) : a.key.entity.c_str()) + ": " + title;
    ImGui::TextWrapped("%s", head.c_str());
    probe("attention." + n, ProbeInfo{Role::kHeading, head});
    wrapped_in(Tone::kWarn, error_text(a.code));
    probe("attention." + n + ".reason", ProbeInfo{Role::kText, error_text(a.code)});
    if (const std::string winner = claimed_by(a.message); a.code == "already_claimed" && !winner.empty())
      wrapped_in(Tone::kWarn, trf("Claimed first by %s", winner.c_str()).c_str());
    const RecordKey key = a.key;
    if (button(tr("Try again"), ("attention." + n + ".retry").c_str())) {
      ui.later([&ui, &s, key] {
        Status st = ui.app.retry_attention(key);
        s.error = st ? "" : st.error().code;
      });
    }
    ImGui::SameLine(0, ui.layout.px(32));
    if (button(tr("Discard my changes"), ("attention." + n + ".discard").c_str(), ButtonKind::kDanger)) {
      ui.later([&ui, &s, key] {
        Status st = ui.app.discard_attention(key);
        s.error = st ? "" : st.error().code;
      });
    }
    ImGui::PopID();
  }
  end_scroll();
}

}  // namespace crm::ui
