#include "crdt/record.h"

#include <algorithm>
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

bool RecordState::deleted() const {
  const FieldWrite* tomb = winner(kDeletedField);
  if (!tomb || !tomb->value.is_object()) return false;
  VersionVector seen;
  auto it = tomb->value.find("seen");
  if (it != tomb->value.end() && it->is_object()) {
    VersionVector::Map m;
    for (auto& [k, v] : it->items())
      if (v.is_number_integer() && v.get<int64_t>() > 0) m[k] = v.get<uint64_t>();
    seen = VersionVector(std::move(m));
  }
  for (const auto& [name, writes] : fields) {
    if (name == kDeletedField) continue;
    for (const auto& w : writes)
      if (!seen.covers(w.dot)) return false;  // an edit the delete did not see keeps the record
  }
  return true;
}

bool RecordState::has_conflicts() const {
  for (const auto& [name, writes] : fields)
    if (writes.size() > 1) return true;
  const FieldWrite* tomb = winner(kDeletedField);
  return tomb && tomb->value.is_object() && !deleted();
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
  for (const auto& [name, writes] : state.fields) {
    for (size_t i = 1; i < writes.size(); ++i)
      out.push_back(Conflict{ConflictKind::kConcurrentWrite, name, writes.front(), writes[i]});
  }
  const FieldWrite* tomb = state.winner(kDeletedField);
  if (tomb && tomb->value.is_object() && !state.deleted())
    out.push_back(Conflict{ConflictKind::kDeleteVsEdit, kDeletedField, FieldWrite{}, *tomb});
  return out;
}

const char* to_string(ConflictKind kind) {
  return kind == ConflictKind::kConcurrentWrite ? "concurrent_write" : "delete_vs_edit";
}

}  // namespace crm
