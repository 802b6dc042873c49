#include "ui/widgets.h"

#include <imgui_internal.h>
#include <misc/cpp/imgui_stdlib.h>

#include <cstdio>

#include "app/catalog.h"
#include "core/time_format.h"
#include "model/values/money.h"
#include "ui/icons.h"
#include "ui/probe.h"
#include "ui/touch_scroll.h"

namespace crm::ui {

bool input_text(const std::string& label, std::string& value, const char* probe_name, InputKind kind,
                ImGuiInputTextFlags flags, float width, const char* hint) {
  ImGui::SetNextItemWidth(width > 0 ? width : width < 0 ? ImGui::GetContentRegionAvail().x : ImGui::CalcItemWidth());
  if (kind == InputKind::kPassword) flags |= ImGuiInputTextFlags_Password;
  if (kind == InputKind::kDecimal) flags |= ImGuiInputTextFlags_CharsDecimal;
  const std::string id = std::string("##") + probe_name;
  const bool changed = hint ? ImGui::InputTextWithHint(id.c_str(), hint, &value, flags)
                            : ImGui::InputText(id.c_str(), &value, flags);
  probe_text_field(probe_name, kind, label, value, kind == InputKind::kPassword);
  return changed;
}

bool input_multiline(const std::string& label, std::string& value, const char* probe_name, float height) {
  const std::string id = std::string("##") + probe_name;
  // As wide as the room left, like the single-line fields.
  const float width = ImGui::GetContentRegionAvail().x;
  const bool changed = ImGui::InputTextMultiline(id.c_str(), &value, ImVec2(width, height));
  probe_text_field(probe_name, InputKind::kText, label, value);
  return changed;
}

float button_width(const char* label) {
  const float w = ImGui::CalcTextSize(label, nullptr, true).x + ImGui::GetStyle().FramePadding.x * 2;
  return std::max(w, ImGui::GetFrameHeight());
}

namespace {

int push_kind(ButtonKind kind) {
  switch (kind) {
    case ButtonKind::kPrimary:
      ImGui::PushStyleColor(ImGuiCol_Button, tone(Tone::kAccent));
      ImGui::PushStyleColor(ImGuiCol_ButtonHovered, tone(Tone::kAccent));
      ImGui::PushStyleColor(ImGuiCol_ButtonActive, tone(Tone::kAccent));
      ImGui::PushStyleColor(ImGuiCol_Text, tone(Tone::kOnAccent));
      return 4;
    case ButtonKind::kDanger:
      ImGui::PushStyleColor(ImGuiCol_Text, tone(Tone::kError));
      return 1;
    case ButtonKind::kQuiet:
      ImGui::PushStyleColor(ImGuiCol_Button, IM_COL32(0, 0, 0, 0));
      return 1;
    case ButtonKind::kNormal: break;
  }
  return 0;
}

// The visible text of an ImGui label ("Save##form" -> "Save").
std::string visible(const char* label) {
  const char* end = ImGui::FindRenderedTextEnd(label);
  return std::string(label, end);
}

}  // namespace

bool button(const char* label, const char* probe_name, ButtonKind kind, float width) {
  const int pushed = push_kind(kind);
  const float w = width < 0 ? ImGui::GetContentRegionAvail().x : std::max(width, button_width(label));
  const bool disabled = ImGui::GetCurrentContext()->CurrentItemFlags & ImGuiItemFlags_Disabled;
  if (kind == ButtonKind::kQuiet) ImGui::PushStyleVar(ImGuiStyleVar_FrameBorderSize, 0);
  const bool pressed = ImGui::Button(label, ImVec2(w, 0));
  if (kind == ButtonKind::kQuiet) ImGui::PopStyleVar();
  ImGui::PopStyleColor(pushed);
  if (probe_name) probe(probe_name, ProbeInfo{Role::kButton, visible(label), "", false, false, disabled});
  return pressed;
}

bool icon_button(const char* icon, const char* label, const char* probe_name, ButtonKind kind) {
  const int pushed = push_kind(kind);
  const float side = ImGui::GetFrameHeight();
  ImGui::PushID(probe_name);
  if (kind == ButtonKind::kQuiet) ImGui::PushStyleVar(ImGuiStyleVar_FrameBorderSize, 0);
  const bool pressed = ImGui::Button(icon, ImVec2(side, side));
  if (kind == ButtonKind::kQuiet) ImGui::PopStyleVar();
  ImGui::PopID();
  ImGui::PopStyleColor(pushed);
  if (ImGui::IsItemHovered() && !ImGui::GetIO().MouseDown[0]) ImGui::SetTooltip("%s", label);
  if (probe_name) probe(probe_name, ProbeInfo{Role::kButton, label});
  return pressed;
}

bool checkbox(const char* label, bool* value, const char* probe_name) {
  const bool changed = ImGui::Checkbox(label, value);
  probe(probe_name, ProbeInfo{Role::kCheckbox, visible(label), "", *value});
  return changed;
}

const char* error_text(const std::string& code) {
  struct Entry {
    const char* code;
    const char* text;
  };
  static const Entry kTexts[] = {
      {"required", "This field is required."},
      {"wrong_type", "This is not a valid value for this field."},
      {"too_long", "This text is too long."},
      {"invalid_email", "Enter an e-mail address like name@example.com."},
      {"invalid_phone", "Enter a phone number: digits, spaces, +, -, ( )."},
      {"invalid_choice", "Choose one of the listed values."},
      {"out_of_range", "This value is out of range."},
      {"invalid_reference", "The linked record is not valid."},
      {"invalid_timestamp", "Enter a time like 2026-11-23 14:30."},
      {"not_found", "This record no longer exists."},
      {"network_error", "The server cannot be reached."},
      {"unauthorized", "The user name or password is wrong."},
      {"invalid_credentials", "The user name or password is wrong."},
      {"missing_credentials", "Enter a user name and a password."},
      {"rate_limited", "Too many attempts: wait a minute and try again."},
      {"too_many_attempts", "Too many failed sign-ins: wait a little and try again."},
      {"device_revoked", "An administrator signed this device out and its local data was removed. Sign in again "
                         "if this device is yours."},
      {"session_expired", "Your session has ended: sign in again. Your unsynced changes are kept on this device."},
      {"unsynced_changes_of_other_user",
       "This device holds unsynced changes of another user: that user must sign in and sync first."},
      {"location_denied", "The browser is not allowed to share your position: allow it in the site settings."},
      {"location_unavailable", "Your position is not available right now."},
      {"location_timeout", "No position fix in time: try again, ideally outdoors."},
      {"invalid_position", "The device reported an impossible position."},
      {"already_checked_out", "This visit is already checked out."},
      {"storage_error", "The local database failed: reload the page."},
      {"protocol_mismatch", "The server runs a different version: reload the page to update the app."},
      {"clock_ahead", "This device's clock is ahead of the server's; set the correct date and time, then try again"},
      {"forbidden", "The server refused this change: the record is outside your data scope."},
      {"field_forbidden", "Your role may not change this field."},
      {"read_only", "This field is set when the record is created and cannot change."},
      {"forbidden_transition", "Your role may not make this change of status."},
      {"invalid_state", "A new record cannot start in this status."},
      {"invalid_currency", "Enter a currency code like CNY, RUB, USD or EUR."},
      {"too_precise", "Too many digits after the decimal point."},
      {"invalid_date", "Enter a date like 2026-11-30."},
      {"ends_before_start", "The end is before the start."},
      {"currency_mismatch", "The currencies do not match."},
      {"out_of_scope", "This record was moved out of your data scope while you had unsynced changes."},
      {"unknown_owner", "The owner named on this record is not a user."},
      {"already_claimed", "Someone else claimed this customer from the pool first."},
      {"claim_limit", "You already hold as many customers as you may: return one to the pool first."},
  };
  for (const auto& e : kTexts)
    if (code == e.code) return tr(e.text);
  // Codes of later modules carry their words in their own catalogue (catalog_contracts.cpp).
  if (const char* t = tr(code.c_str()); t != code.c_str()) return t;
  return tr("Something went wrong.");
}

void error_line(const std::string& code) {
  wrapped_in(Tone::kError, error_text(code));
  probe("error." + code, ProbeInfo{Role::kText, error_text(code)});
}

const char* field_label(const std::string& field) {
  static const std::pair<const char*, const char*> kLabels[] = {
      {"kind", "Type"}, {"name", "Name"}, {"phone", "Phone"}, {"email", "E-mail"}, {"website", "Website"},
      {"industry", "Industry"}, {"grade", "Grade"}, {"source", "Source"}, {"status", "Status"},
      {"address", "Address"}, {"city", "City"}, {"region", "Region"}, {"country", "Country"},
      {"latitude", "Latitude"}, {"longitude", "Longitude"}, {"owner", "Owner"}, {"tags", "Tags"},
      {"notes", "Notes"}, {"customer_id", "Customer"}, {"title", "Job title"}, {"mobile", "Mobile"},
      {"birthday", "Birthday"}, {"primary", "Primary contact"}, {"user", "User"}, {"purpose", "Purpose"},
      {"checkin_at", "Checked in"}, {"accuracy_m", "Accuracy (m)"}, {"position_age_ms", "Position age (ms)"},
      {"distance_m", "Distance (m)"}, {"geofence_radius_m", "Geofence radius (m)"},
      {"inside_geofence", "Inside geofence"}, {"clock_offset_ms", "Device clock offset (ms)"},
      {"checkout_at", "Checked out"}, {"duration_s", "Duration (s)"}, {"subject", "Subject"}, {"at", "Time"},
      {"next_follow_up", "Next follow-up"}, {"_deleted", "Deleted"},
  };
  for (const auto& [k, v] : kLabels)
    if (field == k) return tr(v);
  return field.c_str();
}

const char* field_label(const FieldSpec& f) {
  // A label the schema names wins; then the screens' own words for the older fields; then the
  // schema's derived key ("min_order_qty" -> "Min order qty"), which the catalogues translate.
  if (!f.label.empty()) return tr(f.label.c_str());
  const char* known = field_label(f.name);
  if (known != f.name.c_str()) return known;
  static std::map<std::string, std::string> keys;  // label_key() kept alive for tr()'s fallback
  auto [it, fresh] = keys.try_emplace(f.name);
  if (fresh) it->second = f.label_key();
  return tr(it->second.c_str());
}

const char* choice_label(const std::string& code, const std::string& entity, const std::string& field) {
  return tr_choice(entity, field, code);
}

bool date_only(const FieldSpec& f) { return f.type == FieldType::kDate; }

std::string display_value(const FieldSpec* spec, const Json& value, int tz_offset_min, const std::string& entity) {
  if (value.is_null()) return "";
  if (value.is_boolean()) return value.get<bool>() ? tr("Yes") : tr("No");
  if (spec && spec->type == FieldType::kChoice && value.is_string())
    return choice_label(value.get<std::string>(), entity, spec->name);
  // A calendar date (or, stored before the field became a date, a UTC time: its date part).
  if (spec && spec->type == FieldType::kDate && value.is_string()) return value.get<std::string>().substr(0, 10);
  if (spec && spec->type == FieldType::kTimestamp && value.is_string())
    if (auto ms = parse_iso8601(value.get<std::string>()))
      return local_minutes(*ms, tz_offset_min);
  if (spec && spec->type == FieldType::kMoney)
    if (auto m = money_from_json(value)) return format_money(*m);
  if (value.is_string()) return value.get<std::string>();
  if (value.is_array()) {
    // Tags from a list of choices read as their labels.
    const bool labelled = spec && !spec->choices.empty();
    std::string out;
    for (const auto& v : value)
      out += (out.empty() ? "" : ", ") +
             (v.is_string() ? (labelled ? std::string(choice_label(v.get<std::string>(), entity, spec->name)) : v.get<std::string>()) : v.dump());
    return out;
  }
  if (value.is_number_float()) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.10g", value.get<double>());
    return buf;
  }
  return value.dump();
}

std::string ago(int64_t then_ms, int64_t now_ms) {
  const int64_t s = (now_ms - then_ms) / 1000;
  if (s < 10) return tr("just now");
  if (s < 60) return trf("%d s ago", static_cast<int>(s));
  if (s < 3600) return trf("%d min ago", static_cast<int>(s / 60));
  if (s < 86400) return trf("%d h ago", static_cast<int>(s / 3600));
  return trf("%d days ago", static_cast<int>(s / 86400));
}

std::string text_of(const std::map<std::string, Json>& values, const char* field) {
  auto it = values.find(field);
  return it != values.end() && it->second.is_string() ? it->second.get<std::string>() : std::string();
}

double number_of(const std::map<std::string, Json>& values, const char* field, double fallback) {
  auto it = values.find(field);
  return it != values.end() && it->second.is_number() ? it->second.get<double>() : fallback;
}

bool visit_position(const std::map<std::string, Json>& visit) {
  ImGui::TextWrapped("%s", trf("Position %.5f, %.5f (±%.0f m)", number_of(visit, "latitude", 0), number_of(visit, "longitude", 0),
                        number_of(visit, "accuracy_m", 0)).c_str());
  const double distance = number_of(visit, "distance_m");
  if (distance < 0) return false;
  auto inside_it = visit.find("inside_geofence");
  const bool inside = inside_it != visit.end() && inside_it->second == true;
  wrapped_in(inside ? Tone::kOk : Tone::kWarn,
             trf(inside ? "%.0f m from the customer: inside the %d m geofence"
                        : "%.0f m from the customer: outside the %d m geofence",
                 distance, static_cast<int>(number_of(visit, "geofence_radius_m", 0))).c_str());
  return true;
}

bool delete_zone(const char* label, const char* question, const std::string& prefix, bool& confirming, float gap) {
  ImGui::Dummy(ImVec2(0, gap * 0.75f));
  ImGui::Separator();
  if (!confirming) {
    if (button((std::string(ICON_DELETE "  ") + label).c_str(), (prefix + ".delete").c_str(), ButtonKind::kDanger))
      confirming = true;
    return false;
  }
  wrapped_in(Tone::kError, question);
  bool confirmed = false;
  if (button(tr("Really delete"), (prefix + ".delete_confirm").c_str(), ButtonKind::kDanger)) {
    confirming = false;
    confirmed = true;
  }
  ImGui::SameLine(0, gap);
  if (button(tr("Keep"), (prefix + ".delete_cancel").c_str())) confirming = false;
  return confirmed;
}

void clipped_list(const char* id, size_t count, float row_h, bool to_top, const std::function<void(int, int)>& draw) {
  begin_scroll(id);
  if (to_top) ImGui::SetScrollY(0);
  ImGuiListClipper clipper;
  clipper.Begin(static_cast<int>(count), row_h);
  while (clipper.Step()) {
    for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) {
      ImGui::PushID(i);
      draw(i, clipper.DisplayStart);
      ImGui::PopID();
    }
  }
  end_scroll();
}

bool card_row(const std::string& title, const std::string& second, float row_h, float pad, bool selected) {
  const ImVec2 at = ImGui::GetCursorScreenPos();
  const float w = ImGui::GetContentRegionAvail().x;
  const bool pressed = ImGui::Selectable("##row", selected, 0, ImVec2(0, row_h - ImGui::GetStyle().ItemSpacing.y));
  const ImVec4 clip(at.x, at.y, at.x + w - pad, at.y + row_h);
  ImDrawList* dl = ImGui::GetWindowDrawList();
  dl->AddText(ImGui::GetFont(), ImGui::GetFontSize(), ImVec2(at.x + pad, at.y + pad), tone(Tone::kText), title.c_str(),
              nullptr, 0, &clip);
  dl->AddText(ImGui::GetFont(), ImGui::GetFontSize(), ImVec2(at.x + pad, at.y + pad + ImGui::GetTextLineHeight() + pad / 2),
              tone(Tone::kMuted), second.c_str(), nullptr, 0, &clip);
  return pressed;
}

void heading(const char* text, const char* probe_name) {
  ImGui::Spacing();
  ImGui::TextWrapped("%s", text);
  probe(probe_name ? probe_name : std::string("heading.") + text, ProbeInfo{Role::kHeading, text});
  ImGui::Separator();
}

}  // namespace crm::ui
