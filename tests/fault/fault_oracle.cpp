#include "fault_oracle.h"

namespace crm::fault {

bool WriteOracle::note(const std::string& replica, const RecordState& after) {
  const RecordKeyText key = key_of(after.entity, after.id);
  std::lock_guard lock(mu_);
  uint64_t& count = events_[key][replica];
  keys_.insert(key);
  if (after.vv.get(replica) == count) return false;  // nothing changed: no event
  ++count;
  ++total_events_;
  Write w;
  w.dot = Dot{replica, after.vv.get(replica)};
  w.seen = after.vv;
  for (const auto& [field, list] : after.fields)
    for (const auto& fw : list)
      if (fw.dot == w.dot) w.values[field] = fw.value;
  writes_[key].push_back(std::move(w));
  return true;
}

WriteOracle::Report WriteOracle::check(const std::map<RecordKeyText, RecordState>& final_states) const {
  Report r;
  std::lock_guard lock(mu_);
  for (const auto& [key, writes] : writes_) {
    auto it = final_states.find(key);
    if (it == final_states.end()) {
      r.lost += static_cast<int64_t>(writes.size());
      r.problems.push_back(key + ": the server does not hold this record (" + std::to_string(writes.size()) +
                           " writes lost)");
      continue;
    }
    const RecordState& state = it->second;
    // Which write (by dot) saw what, to recognise legitimate replacements.
    std::map<std::pair<std::string, uint64_t>, const Write*> by_dot;
    for (const auto& w : writes) by_dot[{w.dot.replica, w.dot.counter}] = &w;
    auto acked = acked_before.find(key);
    for (const auto& w : writes) {
      ++r.writes;
      if (acked != acked_before.end() && acked->second.covers(w.dot)) ++r.acknowledged;
      for (const auto& [field, value] : w.values) {
        auto f = state.fields.find(field);
        bool kept = false;
        if (f != state.fields.end()) {
          for (const auto& fw : f->second) {
            if (fw.dot == w.dot) {
              kept = fw.value == value;
              if (!kept)
                r.problems.push_back(key + ": write " + w.dot.replica + ":" + std::to_string(w.dot.counter) + " of " +
                                     field + " holds " + fw.value.dump() + ", written " + value.dump());
              break;
            }
            auto later = by_dot.find({fw.dot.replica, fw.dot.counter});
            if (later != by_dot.end() && later->second->seen.covers(w.dot)) {
              kept = true;  // replaced by a write that had seen it
              break;
            }
          }
        }
        if (!kept) {
          ++r.lost;
          r.problems.push_back(key + ": write " + w.dot.replica + ":" + std::to_string(w.dot.counter) + " of " + field +
                               " = " + value.dump() + " is lost" +
                               (acked != acked_before.end() && acked->second.covers(w.dot) ? " (it was acknowledged)" : ""));
        }
      }
    }
    // The vector counts exactly the writes made: none invented by retries, none missing.
    const auto& made = events_.at(key);
    for (const auto& [replica, n] : made)
      if (state.vv.get(replica) != n)
        r.problems.push_back(key + ": version vector has " + std::to_string(state.vv.get(replica)) + " events of " +
                             replica + ", " + std::to_string(n) + " were made");
    for (const auto& [replica, n] : state.vv.entries())
      if (!made.count(replica) || made.at(replica) == 0)
        r.problems.push_back(key + ": version vector has " + std::to_string(n) + " events of " + replica +
                             ", which never wrote it");
  }
  return r;
}

std::vector<std::string> WriteOracle::foreign(const std::map<RecordKeyText, RecordState>& states) const {
  std::vector<std::string> out;
  std::lock_guard lock(mu_);
  for (const auto& [key, state] : states) {
    auto made = writes_.find(key);
    auto counts = events_.find(key);
    if (made == writes_.end() || counts == events_.end()) {
      out.push_back(key + ": no device made this record");
      continue;
    }
    for (const auto& [replica, n] : state.vv.entries()) {
      auto c = counts->second.find(replica);
      if (c == counts->second.end() || c->second < n)
        out.push_back(key + ": " + std::to_string(n) + " events of " + replica + " in the vector, fewer were made");
    }
    for (const auto& [field, list] : state.fields) {
      for (const auto& fw : list) {
        bool found = false;
        for (const auto& w : made->second) {
          if (!(w.dot == fw.dot)) continue;
          auto v = w.values.find(field);
          found = v != w.values.end() && v->second == fw.value;
          break;
        }
        if (!found)
          out.push_back(key + ": write " + fw.dot.replica + ":" + std::to_string(fw.dot.counter) + " of " + field +
                        " was never made with value " + fw.value.dump());
      }
    }
  }
  return out;
}

}  // namespace crm::fault
