// Concurrent edits: each shows the value every device now displays and the value that lost;
// the user keeps one, takes the other, or types the final value.
#include <imgui.h>

#include "model/field_input.h"
#include "ui/screens/screens.h"
#include "ui/touch_scroll.h"
#include "ui/widgets.h"

namespace crm::ui {

void draw_conflicts_screen(Ui& ui, ConflictsState& s) {
  App& app = ui.app;
  const auto conflicts = app.conflicts();
  if (conflicts.empty()) {
    ImGui::TextWrapped("%s", tr("No conflicts: every device agrees."));
    return;
  }
  begin_scroll("##conflicts");
  ImGui::TextWrapped("%s", tr("These fields were changed on two devices at the same time. Every device shows the "
                              "current value; choose the one to keep, or type the right one."));
  if (!s.error.empty()) error_line(s.error);
  const float full = ui.layout.phone() ? -1 : 0;
  auto resolve = [&ui, &s](const StoredConflict& c, Json value) {
    ui.later([&ui, &s, c, value] {
      Status st = ui.app.resolve(c, value);
      s.error = st ? "" : st.error().code;
    });
  };
  for (size_t i = 0; i < conflicts.size(); ++i) {
    const StoredConflict& c = conflicts[i];
    const std::string key = c.entity + "/" + c.id + "/" + c.field + "/" + std::to_string(c.lost_dot.counter);
    const std::string n = std::to_string(i);
    ImGui::PushID(key.c_str());
    ImGui::Separator();
    const EntitySchema* schema = find_schema(c.entity);
    std::string record = c.id.substr(0, 8);
    if (const CustomerRow* row = c.entity == "customer" ? app.customers().find(c.id) : nullptr) record = row->name;
    const std::string title = std::string(schema ? tr(schema->label.c_str()) : c.entity.c_str()) + ": " + record;
    ImGui::TextWrapped("%s", title.c_str());
    probe("conflict." + n, ProbeInfo{Role::kHeading, title});
    const FieldSpec* spec = schema ? schema->field(c.field) : nullptr;
    if (c.kind == ConflictKind::kDeleteVsEdit) {
      ImGui::TextWrapped("%s", tr("Deleted on one device while edited on another; it was kept."));
      if (button(tr("Keep it"), ("conflict." + n + ".keep").c_str(), ButtonKind::kNormal, full)) resolve(c, false);
      if (!ui.layout.phone()) ImGui::SameLine(0, ui.layout.px(32));
      if (button(tr("Delete it"), ("conflict." + n + ".use").c_str(), ButtonKind::kDanger, full)) resolve(c, true);
      ImGui::PopID();
      continue;
    }
    text_in(Tone::kMuted, field_label(c.field));
    ImGui::TextWrapped("%s %s", tr("Shown everywhere:"), display_value(spec, c.winner_value, ui.tz_offset_min).c_str());
    ImGui::TextWrapped("%s %s", tr("Other device:"), display_value(spec, c.lost_value, ui.tz_offset_min).c_str());
    if (button(tr("Keep shown value"), ("conflict." + n + ".keep").c_str(), ButtonKind::kNormal, full)) resolve(c, c.winner_value);
    if (!ui.layout.phone()) ImGui::SameLine();
    if (button(tr("Use other value"), ("conflict." + n + ".use").c_str(), ButtonKind::kNormal, full)) resolve(c, c.lost_value);
    std::string& typed = s.text[key];
    const float save_w = button_width(tr("Save value"));
    input_text(tr("or type the final value"), typed, ("conflict." + n + ".custom").c_str(), InputKind::kText, 0,
               ImGui::GetContentRegionAvail().x - save_w - ImGui::GetStyle().ItemSpacing.x, tr("or type the final value"));
    ImGui::SameLine();
    if (button(tr("Save value"), ("conflict." + n + ".save").c_str()) && spec) {
      auto v = parse_field_input(*spec, typed);
      if (v) {
        resolve(c, v.value());
        ui.later([&s, key] { s.text.erase(key); });
      } else {
        s.error = v.error().code;
      }
    }
    ImGui::PopID();
  }
  end_scroll();
}

}  // namespace crm::ui
