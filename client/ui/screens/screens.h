// The screens, each with the state it keeps while open (owned by its router entry, see
// app/router.h): one struct per screen, nothing shared between them.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "app/router.h"
#include "ui/ui.h"

namespace crm::ui {

struct CustomersState : ScreenState {
  std::string search;
  std::string status;        // a status to show only (empty: all)
  bool by_city = false;      // sorted by city, then name (default: by name)
  // The rows shown, cached against the directory's results and the choices above.
  std::vector<uint32_t> shown;
  uint64_t shown_serial = ~uint64_t{0};
  std::string shown_status;
  bool shown_by_city = false;
  std::string list_key;  // the search and filters the list was last drawn for: a change scrolls it to the top
};

struct NearbyState : ScreenState {
  uint64_t position_serial = 0;  // the position request this screen asked for
  bool asked = false;
};

struct DetailState : ScreenState {
  bool confirm_delete = false;
  std::string copied;  // the label of the value last copied, shown as a confirmation
};

struct FormState : ScreenState {
  bool loaded = false;
  uint64_t position_serial = 0;              // the position request this form asked for
  std::map<std::string, std::string> text;   // field -> typed text
  std::map<std::string, std::string> errors; // field -> error code
  std::string error;                          // a failure not tied to a field
  std::string picking;                        // the date field whose picker is open
};

struct CheckInUiState : ScreenState {
  std::string purpose, notes, error;
};

struct VisitsState : ScreenState {
  bool flagged_only = false;
};

struct ConflictsState : ScreenState {
  std::map<std::string, std::string> text;  // custom values being typed, by conflict key
  std::string error;
};

struct AttentionState : ScreenState {
  std::string error;
};

struct SettingsState : ScreenState {
  std::string geofence_text, message;
};

void draw_sign_in_screen(Ui& ui);
void draw_customers_screen(Ui& ui, CustomersState& s);
void draw_nearby_screen(Ui& ui, NearbyState& s);
void draw_customer_detail_screen(Ui& ui, const Route& r, DetailState& s);
void draw_edit_screen(Ui& ui, const Route& r, FormState& s);
void draw_check_in_screen(Ui& ui, const Route& r, CheckInUiState& s);
void draw_conflicts_screen(Ui& ui, ConflictsState& s);
void draw_attention_screen(Ui& ui, AttentionState& s);
void draw_visits_screen(Ui& ui, VisitsState& s);
void draw_settings_screen(Ui& ui, SettingsState& s);
void draw_status_bar(Ui& ui);

}  // namespace crm::ui
