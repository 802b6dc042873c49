#include "crdt/hlc.h"

#include <algorithm>
#include <cstdint>
#include <cstdlib>

namespace crm {

std::string to_string(const HlcStamp& s) {
  return std::to_string(s.ms) + "." + std::to_string(s.logical);
}

bool parse_hlc(const std::string& text, HlcStamp& out) {
  auto dot = text.find('.');
  if (dot == std::string::npos || dot == 0 || dot + 1 == text.size()) return false;
  char* end = nullptr;
  long long ms = std::strtoll(text.c_str(), &end, 10);
  if (end != text.c_str() + dot || ms < 0) return false;
  unsigned long lg = std::strtoul(text.c_str() + dot + 1, &end, 10);
  if (*end != '\0') return false;
  out = HlcStamp{ms, static_cast<uint32_t>(lg)};
  return true;
}

namespace {

// The stamp after (ms, logical): the logical part would wrap past 2^32 - 1 (a peer may send that
// value), so it carries into the milliseconds instead and the clock never falls behind.
HlcStamp successor(int64_t ms, uint32_t logical) {
  if (logical == UINT32_MAX) return HlcStamp{ms + 1, 0};
  return HlcStamp{ms, logical + 1};
}

}  // namespace

bool HybridLogicalClock::too_far_ahead(const HlcStamp& s) const {
  return s.ms > clock_.now_ms() + kMaxAdoptAheadMs;
}

void HybridLogicalClock::forget_if_ahead(int64_t pt) {
  if (last_.ms > pt + kMaxAdoptAheadMs) last_ = HlcStamp{};  // the wall clock was fast and was corrected
}

HlcStamp HybridLogicalClock::now() {
  const int64_t pt = clock_.now_ms();
  forget_if_ahead(pt);
  last_ = pt > last_.ms ? HlcStamp{pt, 0} : successor(last_.ms, last_.logical);
  return last_;
}

void HybridLogicalClock::observe(const HlcStamp& seen) {
  const int64_t pt = clock_.now_ms();
  forget_if_ahead(pt);
  // Adopted only below the bound, so that even a carry out of the logical part stays within it.
  const HlcStamp remote = seen.ms >= pt + kMaxAdoptAheadMs ? HlcStamp{} : seen;
  const int64_t ms = std::max({last_.ms, remote.ms, pt});
  if (ms == last_.ms && ms == remote.ms) {
    last_ = successor(ms, std::max(last_.logical, remote.logical));
  } else if (ms == last_.ms) {
    last_ = successor(ms, last_.logical);
  } else if (ms == remote.ms) {
    last_ = successor(ms, remote.logical);
  } else {
    last_ = HlcStamp{ms, 0};
  }
}

}  // namespace crm
