// The ImGui user interface: one file per screen under screens/, each drawing from the App and
// calling its actions. What is only about presentation (text being typed, which tab is open)
// lives in UiState; everything else is the App's.
#pragma once

#include <map>
#include <string>

#include "app/app.h"

namespace crm::ui {

struct FormState {
  std::string entity, id;                    // what the buffers were loaded for
  uint64_t position_serial = 0;              // the position request this form asked for
  std::map<std::string, std::string> text;   // field -> typed text
  std::map<std::string, std::string> errors; // field -> error code
  std::string error;                          // a failure not tied to a field
};

struct UiState {
  float scale = 1;            // device pixel ratio: sizes and fonts are scaled by it
  int tz_offset_min = 0;      // the user's time zone (minutes east of UTC)
  std::string search;
  std::string sign_in_server, sign_in_user, sign_in_password;
  FormState form;
  std::string visit_purpose, checkout_notes;
  std::string checkout_error;
  bool visits_flagged_only = false;
  std::map<std::string, std::string> conflict_text;  // custom values being typed, by conflict key
  std::string conflict_error;
  std::string attention_error;
  std::string geofence_text;
  std::string settings_message;
  bool confirm_delete = false;
};

void draw_app(App& app, UiState& ui);

// Screens.
void draw_sign_in_screen(App& app, UiState& ui);
void draw_customers_screen(App& app, UiState& ui);
void draw_customer_detail_screen(App& app, UiState& ui);
void draw_edit_screen(App& app, UiState& ui);
void draw_check_in_screen(App& app, UiState& ui);
void draw_conflicts_screen(App& app, UiState& ui);
void draw_attention_screen(App& app, UiState& ui);
void draw_visits_screen(App& app, UiState& ui);
void draw_settings_screen(App& app, UiState& ui);
void draw_status_bar(App& app, UiState& ui);

}  // namespace crm::ui
