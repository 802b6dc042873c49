// CalendarDate: a date on the calendar (a birthday, a price list's last valid day) with no time
// and no time zone. It is the same date on every device: a device in UTC+14 and one in UTC-12
// read and write "2026-11-30" alike. Only "today" depends on where the device is, and the caller
// says where (its UTC offset).
//
// Wire and store format: "YYYY-MM-DD" (proleptic Gregorian, years 0001 to 9999).
#pragma once

#include <cstdint>
#include <string>

#include "core/result.h"

namespace crm {

struct CalendarDate {
  int year = 1970, month = 1, day = 1;
  auto operator<=>(const CalendarDate&) const = default;
};

// Errors: invalid_date (wrong shape, or a day the month does not have).
Result<CalendarDate> parse_date(const std::string& text);
std::string format_date(const CalendarDate& d);
// Days since 1970-01-01 (negative before), and back.
int64_t days_since_epoch(const CalendarDate& d);
CalendarDate date_from_days(int64_t days);
// The local date at Unix time `unix_ms` for a device whose clock is `utc_offset_minutes` ahead
// of UTC (+840 for UTC+14, -720 for UTC-12).
CalendarDate local_date(int64_t unix_ms, int utc_offset_minutes);

}  // namespace crm
