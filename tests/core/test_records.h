// Helpers that build record states by hand for core tests.
#pragma once

#include "crdt/record.h"
#include "crdt/merge.h"

namespace crm::test {

inline const char* kId = "0193f0a2-7c1e-7abc-8def-0123456789ab";

inline RecordState customer(const std::string& name = "Acme") {
  RecordState s;
  s.entity = "customer";
  s.id = kId;
  apply_local_write(s, "base", HlcStamp{1000, 0}, {{"kind", "company"}, {"name", name}});
  return s;
}

inline void edit(RecordState& s, const std::string& replica, int64_t ms,
                 const std::map<std::string, Json>& changes) {
  apply_local_write(s, replica, HlcStamp{ms, 0}, changes);
  s.normalize();
}

}  // namespace crm::test
