// Create or edit a record of any entity as a form built from its schema (shared/model): a widget
// per field type (ui/record_fields.h); every field shows the core's validation message inline,
// nothing is saved until all fields are valid. What the user's role may not change is shown
// read-only with a lock, and a form the role may not save at all says why, as the server would
// refuse it (app/record_rights.h).
#include <imgui.h>

#include <cstdio>

#include "app/record_rights.h"
#include "ui/icons.h"
#include "ui/record_fields.h"
#include "ui/screens/screens.h"
#include "ui/touch_scroll.h"
#include "ui/widgets.h"

namespace crm::ui {
namespace {

// On site, a record's coordinates are where the user stands: one tap fills them in.
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

bool has_position_fields(const EntitySchema& schema) {
  const FieldSpec* lat = schema.field("latitude");
  const FieldSpec* lon = schema.field("longitude");
  return lat && lon && !lat->hidden && lat->access == FieldAccess::kEditable && lon->access == FieldAccess::kEditable;
}

// `anyway`: the user saw the duplicate warning and saves (or converts into a match) regardless.
void save(Ui& ui, const Route& r, FormState& form, const EntitySchema& schema, bool anyway = false) {
  const auto typed = form_input(ui, schema, form);
  if (anyway) form.duplicates_acknowledged = true;
  if (hold_for_duplicates(ui, r, form, typed)) return;
  FormOutcome out = ui.app.save(r.entity, r.id, typed);
  form.errors = out.field_errors;
  form.error = out.error.code;
  if (!out.ok) return;
  if (r.entity == "lead" && !form.convert_into.empty()) {
    // "Convert into this customer": the lead is saved, then converted into the match; if the
    // conversion is refused, the lead's page (with its Convert action) shows what was saved.
    sales::ConversionOptions into;
    into.existing_customer_id = form.convert_into;
    auto done = ui.app.convert_lead(out.id, into);
    if (done) ui.router.replace(Route{Screen::kCustomerDetail, "", done->customer_id, ""});
    else ui.router.replace(Route{Screen::kRecord, r.entity, out.id, ""});
    return;
  }
  // A new record's page replaces its form (Back then leads to the list); a child's form and an
  // edit go back to the page they came from.
  if (!r.id.empty() || schema.parent_field()) ui.router.back();
  else if (r.entity == "customer") ui.router.replace(Route{Screen::kCustomerDetail, "", out.id, ""});
  else ui.router.replace(Route{Screen::kRecord, r.entity, out.id, ""});
}

// The roles as the user's language names them: "manager or administrator".
std::string roles_text(const std::vector<std::string>& roles) {
  if (roles.empty()) return "";
  std::string out = choice_label(roles[0]);
  for (size_t i = 1; i + 1 < roles.size(); ++i) out += std::string(", ") + choice_label(roles[i]);
  if (roles.size() > 1) out = trf("%s or %s", out.c_str(), choice_label(roles.back()));
  return out;
}

}  // namespace

std::string read_only_reason(const EntitySchema& schema, const std::string& role) {
  const WriteRights rights = write_rights(schema, role);
  if (rights.may_write) return "";
  return trf("Read only: only a %s may change these records.", roles_text(rights.writers).c_str());
}

void draw_edit_screen(Ui& ui, const Route& r, FormState& form) {
  const EntitySchema* schema = find_schema(r.entity);  // read every frame: custom fields come and go
  if (!schema) {
    ui.back();
    return;
  }
  if (!form.loaded) load_form_values(ui, *schema, r, form);
  const std::string& role = ui.app.session().role;
  const std::string why = read_only_reason(*schema, role);
  const bool may_save = why.empty();
  std::optional<FieldValues> current;
  if (!r.id.empty()) current = ui.app.values(r.entity, r.id);
  begin_scroll("##form", ImVec2(0, may_save ? -ImGui::GetFrameHeightWithSpacing() * 1.3f : 0));
  const float column = std::min(ImGui::GetContentRegionAvail().x, ui.layout.px(640));
  ImGui::PushItemWidth(column);
  ImGui::BeginGroup();
  ImGui::Dummy(ImVec2(column, 0));
  if (!may_save) {
    wrapped_in(Tone::kWarn, (std::string(ICON_LOCK "  ") + why).c_str());
    probe("form.read_only", ProbeInfo{Role::kText, why});
  }
  if (!form.errors.empty()) {
    wrapped_in(Tone::kError, tr("Please correct the marked fields."));
  } else if (!form.error.empty()) {
    error_line(form.error);
  }
  if (may_save)
    draw_duplicate_warning(ui, r, form, [&ui, r, &form, schema](bool anyway) { save(ui, r, form, *schema, anyway); });
  if (may_save && has_position_fields(*schema)) position_button(ui, form);
  for (const auto& f : schema->fields) {
    if (!field_shown_in_form(f)) continue;
    const bool editable = may_save && field_editable(f, role, r.id.empty());
    // A computed value has nothing to show before the record exists.
    if (!editable && r.id.empty() && f.access == FieldAccess::kComputed) continue;
    field_editor(ui, f, form, editable, current ? &*current : nullptr, schema->name);
  }
  if (may_save) draw_receipt_warning(ui, r, form);
  ImGui::EndGroup();
  ImGui::PopItemWidth();
  end_scroll();
  if (!may_save) return;
  const float half = ui.layout.phone() ? (ImGui::GetContentRegionAvail().x - ImGui::GetStyle().ItemSpacing.x) / 2 : 0;
  if (button((std::string(ICON_CHECK "  ") + tr("Save")).c_str(), "form.save", ButtonKind::kPrimary, half))
    ui.later([&ui, r, &form, schema] { save(ui, r, form, *schema); });
  ImGui::SameLine();
  if (button(tr("Cancel"), "form.cancel", ButtonKind::kNormal, half)) ui.back();
}

}  // namespace crm::ui
