#include "crdt/merge.h"

#include <algorithm>

namespace crm {
namespace {

const FieldWrite* find_dot(const std::vector<FieldWrite>& writes, const Dot& dot) {
  for (const auto& w : writes)
    if (w.dot == dot) return &w;
  return nullptr;
}

// Two states should never carry different writes under one dot; if a faulty client sends them,
// still pick the same one whatever the merge order.
const FieldWrite& pick_same_dot(const FieldWrite& a, const FieldWrite& b) {
  if (a == b) return a;
  if (a.hlc != b.hlc) return a.hlc > b.hlc ? a : b;
  return a.value.dump() >= b.value.dump() ? a : b;
}

}  // namespace

RecordState merge(const RecordState& a, const RecordState& b) {
  RecordState out;
  out.entity = a.entity;
  out.id = a.id;
  out.vv = a.vv;
  out.vv.merge(b.vv);
  static const std::vector<FieldWrite> kNone;
  auto field_names = [&] {
    std::vector<std::string> names;
    for (const auto& [k, v] : a.fields) names.push_back(k);
    for (const auto& [k, v] : b.fields) names.push_back(k);
    std::sort(names.begin(), names.end());
    names.erase(std::unique(names.begin(), names.end()), names.end());
    return names;
  }();
  for (const auto& name : field_names) {
    auto ia = a.fields.find(name), ib = b.fields.find(name);
    const auto& wa = ia == a.fields.end() ? kNone : ia->second;
    const auto& wb = ib == b.fields.end() ? kNone : ib->second;
    std::vector<FieldWrite> kept;
    for (const auto& w : wa) {
      if (const FieldWrite* same = find_dot(wb, w.dot)) {
        kept.push_back(pick_same_dot(w, *same));
      } else if (!b.vv.covers(w.dot)) {
        kept.push_back(w);
      }
    }
    for (const auto& w : wb) {
      if (!find_dot(wa, w.dot) && !a.vv.covers(w.dot)) kept.push_back(w);
    }
    if (!kept.empty()) out.fields.emplace(name, std::move(kept));
  }
  out.normalize();
  return out;
}

void apply_local_write(RecordState& state, const std::string& replica, HlcStamp hlc,
                       const std::map<std::string, Json>& changes) {
  if (changes.empty()) return;
  const Dot dot = state.vv.increment(replica);
  for (const auto& [name, value] : changes)
    state.fields[name] = std::vector<FieldWrite>{FieldWrite{value, dot, hlc}};
}

}  // namespace crm
