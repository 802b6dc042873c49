#include "sales/derived_id.h"

#include <cstdint>
#include <cstdio>

namespace crm::sales {
namespace {

// FNV-1a over the bytes, then the SplitMix64 finaliser: two seeds give 128 well-mixed bits.
uint64_t hash64(std::string_view a, std::string_view b, uint64_t seed) {
  uint64_t h = 0xcbf29ce484222325ULL ^ seed;
  auto feed = [&](std::string_view s) {
    for (unsigned char c : s) h = (h ^ c) * 0x100000001b3ULL;
  };
  feed(a);
  h = (h ^ 0xFF) * 0x100000001b3ULL;  // separator: ("ab","c") and ("a","bc") differ
  feed(b);
  h += 0x9e3779b97f4a7c15ULL;
  h = (h ^ (h >> 30)) * 0xbf58476d1ce4e5b9ULL;
  h = (h ^ (h >> 27)) * 0x94d049bb133111ebULL;
  return h ^ (h >> 31);
}

}  // namespace

std::string derived_id(std::string_view source_id, std::string_view purpose) {
  uint64_t hi = hash64(source_id, purpose, 0x243f6a8885a308d3ULL);
  uint64_t lo = hash64(source_id, purpose, 0x13198a2e03707344ULL);
  hi = (hi & ~0xF000ULL) | 0x8000ULL;                       // version 8
  lo = (lo & 0x3FFFFFFFFFFFFFFFULL) | 0x8000000000000000ULL;  // variant 10
  char out[37];
  std::snprintf(out, sizeof out, "%08x-%04x-%04x-%04x-%012llx", static_cast<unsigned>(hi >> 32),
                static_cast<unsigned>((hi >> 16) & 0xFFFF), static_cast<unsigned>(hi & 0xFFFF),
                static_cast<unsigned>(lo >> 48), static_cast<unsigned long long>(lo & 0xFFFFFFFFFFFFULL));
  return out;
}

}  // namespace crm::sales
