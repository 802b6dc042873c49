// Building blocks shared by the screens: finger-sized buttons and fields that name themselves for
// tests and the semantics layer (probe.h), values as people read them (catalogue labels, local
// times, plurals), and the few composite rows every screen repeats.
#pragma once

#include <imgui.h>

#include <functional>
#include <map>
#include <string>

#include "app/catalog.h"
#include "model/entity_schema.h"
#include "crdt/record.h"
#include "ui/probe.h"
#include "ui/theme.h"

namespace crm::ui {

enum class ButtonKind { kNormal, kPrimary, kDanger, kQuiet };

// A single-line text field bound to a std::string. `label` is what a screen reader announces (it
// is not drawn: screens draw their labels above fields); `probe_name` names it for tests. Width 0:
// the current item width.
bool input_text(const std::string& label, std::string& value, const char* probe_name, InputKind kind = InputKind::kText,
                ImGuiInputTextFlags flags = 0, float width = 0, const char* hint = nullptr);
bool input_multiline(const std::string& label, std::string& value, const char* probe_name, float height);
// A button at least as large as a finger on touch screens. `width` 0: as wide as its label;
// negative: the remaining width.
bool button(const char* label, const char* probe_name, ButtonKind kind = ButtonKind::kNormal, float width = 0);
// An icon with a text for screen readers and tests (and a tooltip with the mouse).
bool icon_button(const char* icon, const char* label, const char* probe_name, ButtonKind kind = ButtonKind::kNormal);
// A checkbox named for tests and screen readers.
bool checkbox(const char* label, bool* value, const char* probe_name);
// The size a button with `label` takes.
float button_width(const char* label);

// An inline error under a field, in the user's language.
void error_line(const std::string& code_or_message);
// The user's-language text for an error code from the core or the server.
const char* error_text(const std::string& code);

// A field's label ("customer_id" -> "Customer") in the user's language.
const char* field_label(const std::string& field);
// The same from the field's schema (its label key), for any entity's fields.
const char* field_label(const FieldSpec& f);
// A choice value's label ("company" -> "Company"), a visit warning's ("outside_geofence"); with
// its entity and field, the words of that field's value first ("contract" "status" "active" ->
// 生效, not the customer's 活跃客户: tr_choice in app/catalog.h).
const char* choice_label(const std::string& code, const std::string& entity = {}, const std::string& field = {});
// Whether a timestamp field holds a day, not a moment (a birthday): picked and shown as a date, in UTC.
bool date_only(const FieldSpec& f);
// A value as shown to people (choices by label, booleans as Yes/No, times in local time).
// `entity`: whose field `spec` is (choices read in its context).
std::string display_value(const FieldSpec* spec, const Json& value, int tz_offset_min, const std::string& entity = {});
// "just now", "5 min ago", ...
std::string ago(int64_t then_ms, int64_t now_ms);

void heading(const char* text, const char* probe_name = nullptr);
// "Delete" at the end of a page, away from the everyday actions, asking again before it acts:
// true once the user confirmed. `confirming` keeps the question open between frames; probe names
// are prefix + ".delete", ".delete_confirm", ".delete_cancel".
bool delete_zone(const char* label, const char* question, const std::string& prefix, bool& confirming, float gap);
// A list row as a phone shows it: `title` over a muted `second` line, `row_h` tall, clipped to the
// width; true when tapped. The row is the last item (for probe()).
bool card_row(const std::string& title, const std::string& second, float row_h, float pad, bool selected = false);
// A scrolled list of `count` rows `row_h` tall that draws only the rows in view (a phone's card
// list): `draw(i, first)` draws row i, `first` being the first row drawn this frame; each row has
// its own ImGui id. `to_top` scrolls back to the first row.
void clipped_list(const char* id, size_t count, float row_h, bool to_top, const std::function<void(int i, int first)>& draw);

// A visit's check-in position and, when the customer had coordinates, the distance and the
// geofence verdict (with the radius used at check-in). Returns whether the distance was known;
// the verdict is then the last item drawn.
bool visit_position(const std::map<std::string, Json>& visit);

// A field of a record's visible values: its text ("" unless a string), its number (`fallback`
// unless a number).
std::string text_of(const std::map<std::string, Json>& values, const char* field);
double number_of(const std::map<std::string, Json>& values, const char* field, double fallback = -1);

}  // namespace crm::ui
