// A record's visible value of a text field, empty when unset or not text: what the pool's
// modules compare owners, teams and regions by.
#pragma once

#include <string>

#include "crdt/record.h"

namespace crm::server::pool {

inline std::string text_field(const RecordState& r, const char* field) {
  const Json v = r.value(field);
  return v.is_string() ? v.get<std::string>() : std::string();
}

}  // namespace crm::server::pool
