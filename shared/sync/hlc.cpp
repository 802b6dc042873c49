#include "sync/hlc.h"

#include <algorithm>
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

HlcStamp HybridLogicalClock::now() {
  const int64_t pt = clock_.now_ms();
  if (pt > last_.ms) {
    last_ = HlcStamp{pt, 0};
  } else {
    ++last_.logical;
  }
  return last_;
}

void HybridLogicalClock::observe(const HlcStamp& remote) {
  const int64_t pt = clock_.now_ms();
  const int64_t ms = std::max({last_.ms, remote.ms, pt});
  uint32_t logical;
  if (ms == last_.ms && ms == remote.ms) {
    logical = std::max(last_.logical, remote.logical) + 1;
  } else if (ms == last_.ms) {
    logical = last_.logical + 1;
  } else if (ms == remote.ms) {
    logical = remote.logical + 1;
  } else {
    logical = 0;
  }
  last_ = HlcStamp{ms, logical};
}

}  // namespace crm
