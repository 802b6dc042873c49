// VersionVector: per-record causal history, {replica id -> number of that replica's writes seen}.
// Replicas exchange whole record states, so a vector is a contiguous summary: having seen
// (r, n) implies having seen (r, 1..n-1). Merge is the pointwise maximum and never adds an event.
#pragma once

#include <cstdint>
#include <map>
#include <string>

namespace crm {

// A single write event: the n-th write of `replica` to one record.
struct Dot {
  std::string replica;
  uint64_t counter = 0;
  bool operator==(const Dot&) const = default;
};

enum class Order { kEqual, kDominates, kDominated, kConcurrent };

class VersionVector {
 public:
  using Map = std::map<std::string, uint64_t>;

  VersionVector() = default;
  explicit VersionVector(Map entries);

  uint64_t get(const std::string& replica) const;
  // Bumps this replica's counter and returns the dot of the new write.
  Dot increment(const std::string& replica);
  // True when the write `dot` is part of this history.
  bool covers(const Dot& dot) const { return get(dot.replica) >= dot.counter; }
  // How this history relates to `other`.
  Order compare(const VersionVector& other) const;
  // Pointwise max; adds no event.
  void merge(const VersionVector& other);
  bool empty() const { return entries_.empty(); }
  const Map& entries() const { return entries_; }

  bool operator==(const VersionVector& other) const { return entries_ == other.entries_; }

 private:
  Map entries_;  // zero counters are never stored, so equal histories compare equal
};

const char* to_string(Order order);

}  // namespace crm
