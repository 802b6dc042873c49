// UTC timestamps as stored and sent (ISO 8601, "2026-11-23T10:15:00.123Z"), and back.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace crm {

std::string iso8601_utc(int64_t unix_ms);
// Accepts what validation accepts (seconds, optional milliseconds, trailing Z). Nullopt otherwise.
std::optional<int64_t> parse_iso8601(const std::string& text);

}  // namespace crm
