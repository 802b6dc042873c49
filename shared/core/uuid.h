// UUIDv7 (RFC 9562): time-ordered ids that devices generate offline without coordination.
#pragma once

#include <cstdint>
#include <string>

#include "core/clock.h"

namespace crm {

// Lower-case canonical form, 36 characters.
std::string make_uuid_v7(int64_t unix_ms, Random& random);

// True for a canonical lower-case UUID string (any version). Upper case is refused: ids are
// compared as strings, so "A" and "a" would name two records.
bool is_uuid(const std::string& s);

}  // namespace crm
