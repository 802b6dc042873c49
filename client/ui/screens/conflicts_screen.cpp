// Concurrent edits: each shows the value every device now displays and the value that lost;
// the user keeps one, takes the other, or types the final value.
#include <imgui.h>
#include <misc/cpp/imgui_stdlib.h>

#include "model/field_input.h"
#include "ui/probe.h"
#include "ui/ui.h"
#include "ui/widgets.h"

namespace crm::ui {

void draw_conflicts_screen(App& app, UiState& ui) {
  const auto conflicts = app.conflicts();
  heading(tr("Conflicts"));
  if (conflicts.empty()) {
    ImGui::TextUnformatted(tr("No conflicts: every device agrees."));
    return;
  }
  ImGui::TextWrapped("%s", tr("These fields were changed on two devices at the same time. Every device shows the "
                              "current value; choose the one to keep, or type the right one."));
  if (!ui.conflict_error.empty()) error_line(ui.conflict_error);
  for (size_t i = 0; i < conflicts.size(); ++i) {
    const StoredConflict& c = conflicts[i];
    const std::string key = c.entity + "/" + c.id + "/" + c.field + "/" + std::to_string(c.lost_dot.counter);
    const std::string n = std::to_string(i);
    ImGui::PushID(key.c_str());
    ImGui::Separator();
    const EntitySchema* schema = find_schema(c.entity);
    std::string record = c.id.substr(0, 8);
    if (const CustomerRow* row = c.entity == "customer" ? app.customers().find(c.id) : nullptr) record = row->name;
    ImGui::Text("%s: %s", schema ? tr(schema->label.c_str()) : c.entity.c_str(), record.c_str());
    probe("conflict." + n);
    const FieldSpec* spec = schema ? schema->field(c.field) : nullptr;
    if (c.kind == ConflictKind::kDeleteVsEdit) {
      ImGui::TextWrapped("%s", tr("Deleted on one device while edited on another; it was kept."));
      if (button(tr("Keep it"), ("conflict." + n + ".keep").c_str())) (void)app.resolve(c, false);
      ImGui::SameLine();
      if (button(tr("Delete it"), ("conflict." + n + ".use").c_str())) (void)app.resolve(c, true);
      ImGui::PopID();
      continue;
    }
    ImGui::Text("%s", field_label(c.field));
    const std::string current = display_value(spec, c.winner_value, ui.tz_offset_min);
    const std::string other = display_value(spec, c.lost_value, ui.tz_offset_min);
    ImGui::Text("%s %s", tr("Shown everywhere:"), current.c_str());
    ImGui::Text("%s %s", tr("Other device:"), other.c_str());
    if (button(tr("Keep shown value"), ("conflict." + n + ".keep").c_str())) {
      Status s = app.resolve(c, c.winner_value);
      ui.conflict_error = s ? "" : s.error().code;
    }
    ImGui::SameLine();
    if (button(tr("Use other value"), ("conflict." + n + ".use").c_str())) {
      Status s = app.resolve(c, c.lost_value);
      ui.conflict_error = s ? "" : s.error().code;
    }
    std::string& typed = ui.conflict_text[key];
    ImGui::SetNextItemWidth(ImGui::GetContentRegionAvail().x * 0.5f);
    ImGui::InputTextWithHint("##custom", tr("or type the final value"), &typed);
    probe_text_field("conflict." + n + ".custom");
    ImGui::SameLine();
    if (button(tr("Save value"), ("conflict." + n + ".save").c_str()) && spec) {
      auto v = parse_field_input(*spec, typed);
      Status s = v ? app.resolve(c, v.value()) : Status(v.error());
      ui.conflict_error = s ? "" : s.error().code;
      if (s) ui.conflict_text.erase(key);
    }
    ImGui::PopID();
  }
}

}  // namespace crm::ui
