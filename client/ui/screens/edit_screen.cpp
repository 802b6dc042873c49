// Create or edit a record of any entity (customer, contact, activity) as a form built from its
// schema; every field shows the core's validation message inline, and nothing is saved until all
// fields are valid.
#include <imgui.h>
#include <misc/cpp/imgui_stdlib.h>

#include <cstdio>

#include "core/time_format.h"
#include "model/field_input.h"
#include "ui/probe.h"
#include "ui/ui.h"
#include "ui/widgets.h"

namespace crm::ui {
namespace {

// Fields set by the app, never typed.
bool hidden(const std::string& entity, const FieldSpec& f) {
  return f.name == "customer_id" && entity != "customer";
}

void load_form(App& app, UiState& ui) {
  FormState f;
  f.entity = app.edit_entity;
  f.id = app.edit_id;
  if (auto it = ui.form.text.find("customer_id"); it != ui.form.text.end()) f.text["customer_id"] = it->second;
  const EntitySchema* schema = find_schema(f.entity);
  if (!f.id.empty() && schema) {
    if (auto values = app.values(f.entity, f.id))
      for (const auto& [k, v] : *values) {
        const FieldSpec* spec = schema->field(k);
        std::optional<int64_t> ms;
        if (spec && spec->type == FieldType::kTimestamp && v.is_string()) ms = parse_iso8601(v.get<std::string>());
        f.text[k] = ms ? local_minutes(*ms, ui.tz_offset_min) : format_field_value(v);
      }
  } else if (f.entity == "customer") {
    f.text["kind"] = "company";
  } else if (f.entity == "activity") {
    f.text["kind"] = "call";
    f.text["at"] = local_minutes(app.clock().now_ms(), ui.tz_offset_min);
  }
  ui.form = std::move(f);
}

void field_input(const FieldSpec& f, FormState& form) {
  std::string& value = form.text[f.name];
  const std::string probe_name = "form." + f.name;
  ImGui::PushID(f.name.c_str());
  ImGui::TextUnformatted(field_label(f.name));
  if (f.required) {
    ImGui::SameLine(0, 2);
    ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(kErrorColor), "*");
  }
  switch (f.type) {
    case FieldType::kChoice: {
      if (ImGui::BeginCombo("##v", value.empty() ? "" : tr(value.c_str()))) {
        if (!f.required && ImGui::Selectable("-", value.empty())) value.clear();
        for (const auto& c : f.choices)
          if (ImGui::Selectable(tr(c.c_str()), value == c)) value = c;
        ImGui::EndCombo();
      }
      probe(probe_name);
      break;
    }
    case FieldType::kBool: {
      bool b = value == "true" || value == "yes";
      if (ImGui::Checkbox("##v", &b)) value = b ? "true" : "";
      probe(probe_name);
      break;
    }
    case FieldType::kLongText:
      input_multiline("##v", value, probe_name.c_str(), ImGui::GetTextLineHeight() * 4);
      break;
    default:
      input_text("##v", value, probe_name.c_str());
      if (f.type == FieldType::kTimestamp) {
        ImGui::PushStyleColor(ImGuiCol_Text, kMutedColor);
        ImGui::TextUnformatted(tr("Your local time, like 2026-11-23 14:30"));
        ImGui::PopStyleColor();
      }
      break;
  }
  if (auto e = form.errors.find(f.name); e != form.errors.end()) {
    error_line(e->second);
    probe("form.error." + f.name);
  }
  ImGui::PopID();
}

// On site, the customer's coordinates are where the user stands: one tap fills them in.
void position_button(App& app, FormState& form) {
  const App::PositionRequest& p = app.position_request();
  const bool mine = form.position_serial != 0 && p.serial == form.position_serial;
  ImGui::BeginDisabled(mine && p.locating);
  if (button(mine && p.locating ? tr("Getting your position…") : tr("Use my current position for the address"),
             "form.use_position")) {
    app.request_position();
    form.position_serial = app.position_request().serial;
  }
  ImGui::EndDisabled();
  if (!mine || p.locating) return;
  if (p.fix) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.6f", p.fix->latitude);
    form.text["latitude"] = buf;
    std::snprintf(buf, sizeof buf, "%.6f", p.fix->longitude);
    form.text["longitude"] = buf;
    form.position_serial = 0;  // taken once; the user may still edit the numbers
  } else if (!p.error.code.empty()) {
    error_line(p.error.code);
  }
}

}  // namespace

void draw_edit_screen(App& app, UiState& ui) {
  if (ui.form.entity != app.edit_entity || ui.form.id != app.edit_id) load_form(app, ui);
  const EntitySchema* schema = find_schema(app.edit_entity);
  if (!schema) {
    app.go(Screen::kCustomers);
    return;
  }
  auto back = [&] { app.go(app.edit_entity == "customer" && app.edit_id.empty() ? Screen::kCustomers : Screen::kCustomerDetail); };
  const std::string title = app.edit_id.empty() ? trf("New %s", tr(schema->label.c_str()))
                                                 : trf("Edit %s", tr(schema->label.c_str()));
  heading(title.c_str());
  ImGui::BeginChild("##form", ImVec2(0, -ImGui::GetFrameHeightWithSpacing() * 1.5f));
  const float column = std::min(ImGui::GetContentRegionAvail().x, 640.0f * ui.scale);
  ImGui::PushItemWidth(column);
  ImGui::BeginGroup();
  ImGui::Dummy(ImVec2(column, 0));
  if (app.edit_entity == "customer") position_button(app, ui.form);
  for (const auto& f : schema->fields)
    if (!hidden(app.edit_entity, f)) field_input(f, ui.form);
  ImGui::EndGroup();
  ImGui::PopItemWidth();
  ImGui::EndChild();
  if (button(tr("Save"), "form.save")) {
    // Times are typed in local time and stored in UTC; ISO text typed as such passes through.
    std::map<std::string, std::string> typed = ui.form.text;
    for (auto& [name, text] : typed) {
      const FieldSpec* spec = schema->field(name);
      if (spec && spec->type == FieldType::kTimestamp)
        if (auto ms = parse_local_minutes(text, ui.tz_offset_min)) text = iso8601_utc(*ms);
    }
    FormOutcome out = app.save(app.edit_entity, app.edit_id, typed);
    ui.form.errors = out.field_errors;
    ui.form.error = out.error.code;
    if (out.ok) {
      if (app.edit_entity == "customer") app.open_customer(out.id);
      else app.go(Screen::kCustomerDetail);
      ui.form = {};
      return;
    }
  }
  ImGui::SameLine();
  if (button(tr("Cancel"), "form.cancel")) {
    ui.form = {};
    back();
    return;
  }
  if (!ui.form.errors.empty()) {
    ImGui::SameLine();
    ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(kErrorColor), "%s", tr("Please correct the marked fields."));
  } else if (!ui.form.error.empty()) {
    ImGui::SameLine();
    error_line(ui.form.error);
  }
}

}  // namespace crm::ui
