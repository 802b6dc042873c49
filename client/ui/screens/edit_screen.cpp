// Create or edit a record of any entity as a form built from its schema (shared/model): a widget
// per field type (choices by their labels, dates with a calendar, phones and e-mails with the
// matching on-screen keyboard); every field shows the core's validation message inline, and
// nothing is saved until all fields are valid.
#include <imgui.h>
#include <misc/cpp/imgui_stdlib.h>

#include <cstdio>

#include "core/time_format.h"
#include "model/field_input.h"
#include "ui/date_picker.h"
#include "ui/icons.h"
#include "ui/screens/screens.h"
#include "ui/touch_scroll.h"
#include "ui/widgets.h"

namespace crm::ui {
namespace {

// Fields set by the app, never typed.
bool hidden(const std::string& entity, const FieldSpec& f) { return f.name == "customer_id" && entity != "customer"; }

InputKind kind_of(const FieldSpec& f) {
  switch (f.type) {
    case FieldType::kPhone: return InputKind::kPhone;
    case FieldType::kEmail: return InputKind::kEmail;
    case FieldType::kInteger:
    case FieldType::kDecimal: return InputKind::kDecimal;
    default: return InputKind::kText;
  }
}

void load_form(Ui& ui, const Route& r, FormState& f) {
  f.loaded = true;
  if (!r.parent.empty()) f.text["customer_id"] = r.parent;
  const EntitySchema* schema = find_schema(r.entity);
  if (!r.id.empty() && schema) {
    if (auto values = ui.app.values(r.entity, r.id))
      for (const auto& [k, v] : *values) {
        const FieldSpec* spec = schema->field(k);
        std::optional<int64_t> ms;
        if (spec && spec->type == FieldType::kTimestamp && v.is_string()) ms = parse_iso8601(v.get<std::string>());
        if (ms) f.text[k] = local_minutes(*ms, ui.tz_offset_min);
        else if (spec && date_only(*spec) && v.is_string()) f.text[k] = v.get<std::string>().substr(0, 10);
        else f.text[k] = format_field_value(v);
      }
  } else if (r.entity == "customer") {
    f.text["kind"] = "company";
  } else if (r.entity == "activity") {
    f.text["kind"] = "call";
    f.text["at"] = local_minutes(ui.app.clock().now_ms(), ui.tz_offset_min);
  }
}

PickerState& picker() {
  static PickerState p;  // one picker is open at a time
  return p;
}

void field_input(Ui& ui, const FieldSpec& f, FormState& form) {
  std::string& value = form.text[f.name];
  const std::string probe_name = "form." + f.name;
  const char* label = field_label(f.name);
  ImGui::PushID(f.name.c_str());
  ImGui::TextUnformatted(label);
  if (f.required) {
    ImGui::SameLine(0, 2);
    text_in(Tone::kError, "*");
  }
  switch (f.type) {
    case FieldType::kChoice: {
      ImGui::SetNextItemWidth(-1);
      if (ImGui::BeginCombo("##v", value.empty() ? "" : choice_label(value))) {
        if (!f.required && ImGui::Selectable("-", value.empty(), 0, ImVec2(0, ui.layout.target()))) value.clear();
        for (const auto& c : f.choices) {
          if (ImGui::Selectable(choice_label(c), value == c, 0, ImVec2(0, ui.layout.target()))) value = c;
          probe(probe_name + ".choice." + c, ProbeInfo{Role::kButton, choice_label(c), "", false, value == c});
        }
        ImGui::EndCombo();
      }
      probe(probe_name, ProbeInfo{Role::kCombobox, label, value.empty() ? "" : choice_label(value)});
      break;
    }
    case FieldType::kBool: {
      bool b = value == "true" || value == "yes";
      if (checkbox((std::string(label) + "##b").c_str(), &b, probe_name.c_str())) value = b ? "true" : "";
      break;
    }
    case FieldType::kLongText: input_multiline(label, value, probe_name.c_str(), ImGui::GetTextLineHeight() * 4); break;
    case FieldType::kDate:
    case FieldType::kTimestamp: {
      const float side = ImGui::GetFrameHeight();
      input_text(label, value, probe_name.c_str(), InputKind::kText, 0,
                 ImGui::GetContentRegionAvail().x - side - ImGui::GetStyle().ItemSpacing.x,
                 date_only(f) ? "YYYY-MM-DD" : "YYYY-MM-DD HH:MM");
      ImGui::SameLine();
      if (icon_button(ICON_CALENDAR, tr("Pick a date"), (probe_name + ".pick").c_str())) {
        form.picking = f.name;
        open_date_picker(picker(), value, ui.app.clock().now_ms(), ui.tz_offset_min);
      }
      if (form.picking == f.name) {
        bool open = true;
        draw_date_picker(picker(), !date_only(f), value, open, ui.layout);
        if (!open) form.picking.clear();
      }
      if (!date_only(f)) text_in(Tone::kMuted, tr("Your local time, like 2026-11-23 14:30"));
      break;
    }
    default: input_text(label, value, probe_name.c_str(), kind_of(f), 0, -1); break;
  }
  if (auto e = form.errors.find(f.name); e != form.errors.end()) {
    error_line(e->second);
    probe("form.error." + f.name);
  }
  ImGui::PopID();
}

// On site, the customer's coordinates are where the user stands: one tap fills them in.
void position_button(Ui& ui, FormState& form) {
  App& app = ui.app;
  const App::PositionRequest& p = app.position_request();
  const bool mine = form.position_serial != 0 && p.serial == form.position_serial;
  ImGui::BeginDisabled(mine && p.locating);
  if (button(mine && p.locating ? tr("Getting your position…") : tr("Use my current position for the address"),
             "form.use_position", ButtonKind::kNormal, -1)) {
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

void save(Ui& ui, const Route& r, FormState& form, const EntitySchema& schema) {
  // Times are typed in local time and stored in UTC; ISO text typed as such passes through.
  // Dates are stored as typed (YYYY-MM-DD): a day, in no time zone.
  std::map<std::string, std::string> typed = form.text;
  for (auto& [name, text] : typed) {
    const FieldSpec* spec = schema.field(name);
    if (spec && spec->type == FieldType::kTimestamp)
      if (auto ms = parse_local_minutes(text, ui.tz_offset_min)) text = iso8601_utc(*ms);
  }
  FormOutcome out = ui.app.save(r.entity, r.id, typed);
  form.errors = out.field_errors;
  form.error = out.error.code;
  if (!out.ok) return;
  // A new customer's page replaces its form (Back then leads to the list); other forms go back.
  if (r.entity == "customer" && r.id.empty()) ui.router.replace(Route{Screen::kCustomerDetail, "", out.id, ""});
  else ui.router.back();
}

}  // namespace

void draw_edit_screen(Ui& ui, const Route& r, FormState& form) {
  if (!form.loaded) load_form(ui, r, form);
  const EntitySchema* schema = find_schema(r.entity);
  if (!schema) {
    ui.back();
    return;
  }
  begin_scroll("##form", ImVec2(0, -ImGui::GetFrameHeightWithSpacing() * 1.3f));
  const float column = std::min(ImGui::GetContentRegionAvail().x, ui.layout.px(640));
  ImGui::PushItemWidth(column);
  ImGui::BeginGroup();
  ImGui::Dummy(ImVec2(column, 0));
  if (!form.errors.empty()) {
    wrapped_in(Tone::kError, tr("Please correct the marked fields."));
  } else if (!form.error.empty()) {
    error_line(form.error);
  }
  if (r.entity == "customer") position_button(ui, form);
  for (const auto& f : schema->fields)
    if (!hidden(r.entity, f)) field_input(ui, f, form);
  ImGui::EndGroup();
  ImGui::PopItemWidth();
  end_scroll();
  const float half = ui.layout.phone() ? (ImGui::GetContentRegionAvail().x - ImGui::GetStyle().ItemSpacing.x) / 2 : 0;
  if (button((std::string(ICON_CHECK "  ") + tr("Save")).c_str(), "form.save", ButtonKind::kPrimary, half))
    ui.later([&ui, r, &form, schema] { save(ui, r, form, *schema); });
  ImGui::SameLine();
  if (button(tr("Cancel"), "form.cancel", ButtonKind::kNormal, half)) ui.back();
}

}  // namespace crm::ui
