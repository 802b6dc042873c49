#include "crdt/version_vector.h"

#include <algorithm>

namespace crm {

VersionVector::VersionVector(Map entries) {
  for (auto& [k, v] : entries)
    if (v > 0) entries_.emplace(k, v);
}

uint64_t VersionVector::get(const std::string& replica) const {
  auto it = entries_.find(replica);
  return it == entries_.end() ? 0 : it->second;
}

Dot VersionVector::increment(const std::string& replica) {
  uint64_t& c = entries_[replica];
  ++c;
  return Dot{replica, c};
}

Order VersionVector::compare(const VersionVector& other) const {
  bool ahead = false, behind = false;
  auto a = entries_.begin(), b = other.entries_.begin();
  while (a != entries_.end() || b != other.entries_.end()) {
    if (b == other.entries_.end() || (a != entries_.end() && a->first < b->first)) {
      ahead = true;
      ++a;
    } else if (a == entries_.end() || b->first < a->first) {
      behind = true;
      ++b;
    } else {
      if (a->second > b->second) ahead = true;
      if (a->second < b->second) behind = true;
      ++a;
      ++b;
    }
    if (ahead && behind) return Order::kConcurrent;
  }
  if (ahead) return Order::kDominates;
  if (behind) return Order::kDominated;
  return Order::kEqual;
}

void VersionVector::merge(const VersionVector& other) {
  for (const auto& [k, v] : other.entries_) {
    uint64_t& mine = entries_[k];
    mine = std::max(mine, v);
  }
}

const char* to_string(Order order) {
  switch (order) {
    case Order::kEqual: return "equal";
    case Order::kDominates: return "dominates";
    case Order::kDominated: return "dominated";
    case Order::kConcurrent: return "concurrent";
  }
  return "?";
}

}  // namespace crm
