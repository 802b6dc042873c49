// Hybrid logical clock (Kulkarni et al.): a stamp close to wall time that never goes backwards
// and moves past every stamp a replica has seen, up to a bound. Used only to pick a deterministic
// winner between writes that did not see each other; causality itself comes from version vectors.
//
// The bound: a clock never holds a value more than kMaxAdoptAheadMs ahead of its own wall clock.
// A stamp further ahead (a peer whose clock is years fast, or the largest stamp the wire allows)
// is not adopted, and a clock that got there anyway (its wall clock was fast and has since been
// corrected) starts again from its wall clock. Without it, one wrong clock would move every
// device's clock that far ahead for good, and a stamp near the wire's limit would push a clock past
// what the server accepts. Falling behind a stamp seen only changes which of two concurrent writes
// is shown first, never what a write has seen. Servers refuse new writes stamped more than their
// own bound ahead (docs/sync-protocol.md, "Hybrid logical clock"), which is at least twice this.
#pragma once

#include <cstdint>
#include <string>

#include "core/clock.h"

namespace crm {

// How far ahead of its wall clock a hybrid clock may run: 12 hours.
inline constexpr int64_t kMaxAdoptAheadMs = 12LL * 3600 * 1000;
// The default server bound: writes stamped more than a day ahead of the server's clock are refused.
inline constexpr int64_t kDefaultMaxClockAheadMs = 24LL * 3600 * 1000;

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
  // Moves the clock past a stamp received from another replica (or restored from storage), unless
  // that stamp is more than kMaxAdoptAheadMs ahead of the wall clock.
  void observe(const HlcStamp& remote);
  // Whether a stamp is too far ahead of this clock's wall clock to adopt (or to push: the device
  // rewrites such writes of its own before sending them again).
  bool too_far_ahead(const HlcStamp& s) const;
  HlcStamp last() const { return last_; }

 private:
  void forget_if_ahead(int64_t wall_ms);
  Clock& clock_;
  HlcStamp last_;
};

}  // namespace crm
