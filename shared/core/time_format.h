// UTC timestamps as stored and sent (ISO 8601, "2026-11-23T10:15:00.123Z"), and back.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace crm {

std::string iso8601_utc(int64_t unix_ms);
// Accepts what validation accepts (seconds, optional milliseconds, trailing Z). Nullopt otherwise.
std::optional<int64_t> parse_iso8601(const std::string& text);

// Local wall-clock time as people type and read it, "2026-11-23 14:30" (minutes), for a time zone
// `tz_offset_min` minutes east of UTC.
std::string local_minutes(int64_t unix_ms, int tz_offset_min);
// Parses "YYYY-MM-DD HH:MM" (or "YYYY-MM-DD", meaning 00:00) in that time zone; nullopt otherwise.
std::optional<int64_t> parse_local_minutes(const std::string& text, int tz_offset_min);

}  // namespace crm
