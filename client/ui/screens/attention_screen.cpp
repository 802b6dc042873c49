// Records that need the user's decision: the server refused them (outside the user's data scope)
// or they left the scope while holding unsynced changes. Nothing was lost: the user pushes a
// record again (after an admin changed the scope) or discards their changes to it.
#include <imgui.h>

#include "ui/probe.h"
#include "ui/ui.h"
#include "ui/widgets.h"

namespace crm::ui {
namespace {

const char* reason(const std::string& code) {
  if (code == "forbidden") return tr("The server refused this change: the record is outside your data scope.");
  if (code == "out_of_scope") return tr("This record was moved out of your data scope while you had unsynced changes.");
  if (code == "clock_ahead") return tr("This device's clock is ahead of the server's. Set the correct date and time, then try again.");
  if (code == "unknown_owner") return tr("The owner named on this record is not a user.");
  return tr("The server refused this change.");
}

}  // namespace

void draw_attention_screen(App& app, UiState& ui) {
  const auto items = app.attention();
  heading(tr("Needs attention"));
  if (items.empty()) {
    ImGui::TextUnformatted(tr("Nothing needs your attention."));
    return;
  }
  ImGui::TextWrapped("%s", tr("These records were not synced. They are kept on this device until you choose."));
  if (!ui.attention_error.empty()) error_line(ui.attention_error);
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
    ImGui::Text("%s: %s", schema ? tr(schema->label.c_str()) : a.key.entity.c_str(), title.c_str());
    probe("attention." + n);
    ImGui::TextWrapped("%s", reason(a.code));
    if (button(tr("Try again"), ("attention." + n + ".retry").c_str())) {
      Status s = app.retry_attention(a.key);
      ui.attention_error = s ? "" : s.error().code;
    }
    ImGui::SameLine();
    if (button(tr("Discard my changes"), ("attention." + n + ".discard").c_str())) {
      Status s = app.discard_attention(a.key);
      ui.attention_error = s ? "" : s.error().code;
    }
    ImGui::PopID();
  }
}

}  // namespace crm::ui
