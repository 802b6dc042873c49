// Small building blocks shared by the screens.
#pragma once

#include <imgui.h>

#include <map>
#include <string>

#include "model/entity_schema.h"
#include "crdt/record.h"

namespace crm::ui {

// A single-line text field bound to a std::string; `probe_name` names it for tests. Width 0: the
// current item width (ImGui::PushItemWidth).
bool input_text(const char* label, std::string& value, const char* probe_name, ImGuiInputTextFlags flags = 0,
                float width = 0);
bool input_multiline(const char* label, std::string& value, const char* probe_name, float height);
bool button(const char* label, const char* probe_name);

// An inline error under a field, in the user's language.
void error_line(const std::string& code_or_message);
// The user's-language text for an error code from the core or the server.
const char* error_text(const std::string& code);

// A field's label ("customer_id" -> "Customer") in the user's language.
const char* field_label(const std::string& field);
// A value as shown to people (choices translated, booleans as Yes/No, times in local time).
std::string display_value(const FieldSpec* spec, const Json& value, int tz_offset_min);
// "just now", "5 min ago", ...
std::string ago(int64_t then_ms, int64_t now_ms);

void heading(const char* text);

// A visit's check-in position and, when the customer had coordinates, the distance and the
// geofence verdict (with the radius used at check-in). Returns whether the distance was known;
// the verdict is then the last item drawn.
bool visit_position(const std::map<std::string, Json>& visit);

// A field of a record's visible values: its text ("" unless a string), its number (`fallback`
// unless a number).
std::string text_of(const std::map<std::string, Json>& values, const char* field);
double number_of(const std::map<std::string, Json>& values, const char* field, double fallback = -1);

inline constexpr ImU32 kErrorColor = IM_COL32(255, 110, 100, 255);
inline constexpr ImU32 kOkColor = IM_COL32(90, 200, 130, 255);
inline constexpr ImU32 kMutedColor = IM_COL32(160, 165, 175, 255);
inline constexpr ImU32 kWarnColor = IM_COL32(240, 190, 80, 255);

}  // namespace crm::ui
