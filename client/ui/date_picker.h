// A calendar for picking a day (a birthday) or a day and a time of day (a follow-up, in the user's
// time zone), in a popup sized for a finger. Works on the text the form holds ("YYYY-MM-DD" or
// "YYYY-MM-DD HH:MM"), so typing the date stays possible.
#pragma once

#include <cstdint>
#include <string>

#include "ui/layout.h"

namespace crm::ui {

struct PickerState {
  int year = 0, month = 0;            // the month shown
  int day = 0, hour = 9, minute = 0;  // the selection (day 0: none yet)
};

// Opens the picker for `text` (call once, then draw_date_picker() every frame while it is open).
void open_date_picker(PickerState& p, const std::string& text, int64_t now_ms, int tz_offset_min);
// Draws the open picker; true when the user chose (`text` then holds the choice). `open` turns false
// when the picker closes either way.
bool draw_date_picker(PickerState& p, bool with_time, std::string& text, bool& open, const Layout& layout);

// Days since 1970-01-01 of a civil date (years 1..9999), and back.
int64_t days_from_civil(int y, int m, int d);
void civil_from_days(int64_t z, int& y, int& m, int& d);

}  // namespace crm::ui
