// RecordState: one record as every replica stores and exchanges it.
//
// Each field holds the set of writes that did not see each other (normally exactly one). A write
// carries its value, its dot (which replica, which of its writes) and an HLC stamp. When a field
// holds several writes, the winner is the one with the greatest (HLC, replica id, counter): every
// replica picks the same one. The others are conflicts kept for a person to resolve (unless they
// hold the winner's value: then they agree); any later write to that field, made after seeing
// them, replaces them all.
//
// Deletion is the system field "_deleted": its value is {"seen": <version vector before the
// delete>} for a tombstone, null for a restored record. A record is deleted when every write of
// "_deleted" is a tombstone and together (the union of their "seen") they saw every write the
// record holds: two concurrent deletes delete, an edit made concurrently with the deletes (or a
// concurrent restore) keeps the record alive, and the lost delete is reported as one conflict.
// A deleted record has no conflicts.
#pragma once

#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "crdt/hlc.h"
#include "crdt/version_vector.h"

namespace crm {

using Json = nlohmann::json;

inline constexpr const char* kDeletedField = "_deleted";
// Replica ids are device ids: 1 to 64 characters.
inline constexpr size_t kMaxReplicaIdLength = 64;
// Counters and HLC milliseconds stay below 2^53: exact as JavaScript numbers, and far from the
// int64 overflow a larger "t" would cause (it once came back as -1 and broke every pull).
inline constexpr uint64_t kMaxWireInteger = (uint64_t{1} << 53) - 1;

struct FieldWrite {
  Json value;
  Dot dot;
  HlcStamp hlc;
  bool operator==(const FieldWrite&) const = default;
};

// True when `a` wins over `b` as the visible value of a field.
bool wins_over(const FieldWrite& a, const FieldWrite& b);

struct RecordState {
  std::string entity;
  std::string id;
  VersionVector vv;
  // field name -> concurrent writes, winner first (kept sorted by normalize()).
  std::map<std::string, std::vector<FieldWrite>> fields;

  bool operator==(const RecordState&) const = default;

  const FieldWrite* winner(const std::string& field) const;
  // The visible value of a field, null when unset.
  Json value(const std::string& field) const;
  bool deleted() const;
  // Whether "_deleted" holds at least one tombstone (the record may still be alive).
  bool has_tombstone() const;
  bool has_conflicts() const;
  // The newest HLC stamp among all writes (used to advance a replica's clock on receipt).
  HlcStamp max_hlc() const;
  // Sorts each field's writes winner-first and drops empty fields.
  void normalize();
};

enum class ConflictKind { kConcurrentWrite, kDeleteVsEdit };

// A write that lost, kept for review. For kDeleteVsEdit, `lost` is the tombstone write.
struct Conflict {
  ConflictKind kind = ConflictKind::kConcurrentWrite;
  std::string field;
  FieldWrite winner;  // the visible write (unset for kDeleteVsEdit: the record stayed)
  FieldWrite lost;
};

std::vector<Conflict> conflicts_of(const RecordState& state);
const char* to_string(ConflictKind kind);

}  // namespace crm
