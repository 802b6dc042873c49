// Hybrid logical clock (Kulkarni et al.): a stamp close to wall time that never goes backwards
// and always moves past every stamp a replica has seen. Used only to pick a deterministic winner
// between writes that did not see each other; causality itself comes from version vectors.
#pragma once

#include <cstdint>
#include <string>

#include "core/clock.h"

namespace crm {

struct HlcStamp {
  int64_t ms = 0;        // physical part, Unix milliseconds
  uint32_t logical = 0;  // orders events within the same millisecond
  auto operator<=>(const HlcStamp&) const = default;
};

// "<ms>.<logical>", used to persist a clock in the store's metadata.
std::string to_string(const HlcStamp& s);
bool parse_hlc(const std::string& text, HlcStamp& out);

class HybridLogicalClock {
 public:
  explicit HybridLogicalClock(Clock& clock, HlcStamp last = {}) : clock_(clock), last_(last) {}
  // Stamp for a local write.
  HlcStamp now();
  // Moves the clock past a stamp received from another replica.
  void observe(const HlcStamp& remote);
  HlcStamp last() const { return last_; }

 private:
  Clock& clock_;
  HlcStamp last_;
};

}  // namespace crm
