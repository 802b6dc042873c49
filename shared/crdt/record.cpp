#include "crdt/record.h"

#include <algorithm>
#include <optional>
#include <tuple>

namespace crm {

bool wins_over(const FieldWrite& a, const FieldWrite& b) {
  return std::tie(a.hlc, a.dot.replica, a.dot.counter) > std::tie(b.hlc, b.dot.replica, b.dot.counter);
}

const FieldWrite* RecordState::winner(const std::string& field) const {
  auto it = fields.find(field);
  if (it == fields.end() || it->second.empty()) return nullptr;
  return &it->second.front();
}

Json RecordState::value(const std::string& field) const {
  const FieldWrite* w = winner(field);
  return w ? w->value : Json();
}

namespace {

// What a tombstone had seen when it was written, or nullopt when `w` is not a tombstone (a restore).
std::optional<VersionVector> tombstone_seen(const FieldWrite& w) {
  if (!w.value.is_object()) return std::nullopt;
  VersionVector::Map m;
  auto it = w.value.find("seen");
  if (it != w.value.end() && it->is_object())
    for (auto& [k, v] : it->items())
      if (v.is_number_integer() && v.get<int64_t>() > 0) m[k] = v.get<uint64_t>();
  return VersionVector(std::move(m));
}

}  // namespace

bool RecordState::has_tombstone() const {
  auto it = fields.find(kDeletedField);
  if (it == fields.end()) return false;
  for (const auto& w : it->second)
    if (w.value.is_object()) return true;
  return false;
}

bool RecordState::deleted() const {
  auto tombs = fields.find(kDeletedField);
  if (tombs == fields.end() || tombs->second.empty()) return false;
  // Concurrent deletes act as one delete that saw what any of them saw; a concurrent restore
  // (a null write) is an edit the deletes did not see, so it keeps the record.
  VersionVector seen;
  for (const auto& w : tombs->second) {
    auto s = tombstone_seen(w);
    if (!s) return false;
    seen.merge(*s);
  }
  for (const auto& [name, writes] : fields) {
    if (name == kDeletedField) continue;
    for (const auto& w : writes)
      if (!seen.covers(w.dot)) return false;  // an edit no delete saw keeps the record
  }
  return true;
}

namespace {
// Concurrent writes of the same value (two devices converting the same lead, or setting the same
// status offline) agree: nothing for a person to choose between, so no conflict is shown.
bool disagree(const std::vector<FieldWrite>& writes) {
  for (size_t i = 1; i < writes.size(); ++i)
    if (writes[i].value != writes.front().value) return true;
  return false;
}
}  // namespace

bool RecordState::has_conflicts() const {
  if (deleted()) return false;
  for (const auto& [name, writes] : fields)
    if (name != kDeletedField && disagree(writes)) return true;
  return has_tombstone();  // alive with a tombstone: a delete that lost
}

HlcStamp RecordState::max_hlc() const {
  HlcStamp m;
  for (const auto& [name, writes] : fields)
    for (const auto& w : writes) m = std::max(m, w.hlc);
  return m;
}

void RecordState::normalize() {
  for (auto it = fields.begin(); it != fields.end();) {
    if (it->second.empty()) {
      it = fields.erase(it);
      continue;
    }
    std::sort(it->second.begin(), it->second.end(),
              [](const FieldWrite& a, const FieldWrite& b) { return wins_over(a, b); });
    ++it;
  }
}

std::vector<Conflict> conflicts_of(const RecordState& state) {
  std::vector<Conflict> out;
  // A deleted record shows nothing: its deletes saw every value it holds.
  if (state.deleted()) return out;
  for (const auto& [name, writes] : state.fields) {
    if (name == kDeletedField) continue;  // reported once, below, as the delete that lost
    for (size_t i = 1; i < writes.size(); ++i)
      if (writes[i].value != writes.front().value)
        out.push_back(Conflict{ConflictKind::kConcurrentWrite, name, writes.front(), writes[i]});
  }
  if (state.has_tombstone()) {
    auto it = state.fields.find(kDeletedField);
    for (const auto& w : it->second)
      if (w.value.is_object()) {  // the winning tombstone stands for the deletes that lost
        out.push_back(Conflict{ConflictKind::kDeleteVsEdit, kDeletedField, FieldWrite{}, w});
        break;
      }
  }
  return out;
}

const char* to_string(ConflictKind kind) {
  return kind == ConflictKind::kConcurrentWrite ? "concurrent_write" : "delete_vs_edit";
}

}  // namespace crm
