// A random history of edits, deletes and merges among a few replicas of one record, for property
// tests. Every write is logged with the history its replica had seen when making it.
#pragma once

#include <rapidcheck.h>

#include <vector>

#include "crdt/merge.h"
#include "test_records.h"

namespace crm::test {

struct LoggedWrite {
  std::string field;
  Dot dot;
  VersionVector seen_before;  // the replica's vector just before the write
};

struct Simulation {
  std::vector<RecordState> replicas;
  std::vector<LoggedWrite> writes;
};

inline const std::vector<std::string>& sim_fields() {
  static const std::vector<std::string> f = {"name", "city", "phone", "notes"};
  return f;
}

// Runs `steps` random operations over `n` replicas that start from one shared base state.
inline Simulation simulate(int n, int steps) {
  Simulation sim;
  RecordState base = customer();
  sim.replicas.assign(n, base);
  for (int step = 0; step < steps; ++step) {
    const int i = *rc::gen::inRange(0, n);
    const int op = *rc::gen::inRange(0, 10);
    RecordState& r = sim.replicas[i];
    const std::string replica = "r" + std::to_string(i);
    // Clocks are deliberately rough: replicas share small ranges so HLC ties happen.
    const int64_t ms = 1000 + *rc::gen::inRange(0, 20);
    if (op < 5) {
      const std::string field = sim_fields()[*rc::gen::inRange<size_t>(0, sim_fields().size())];
      const std::string value = "v" + std::to_string(*rc::gen::inRange(0, 1000));
      VersionVector before = r.vv;
      edit(r, replica, ms, {{field, value}});
      sim.writes.push_back({field, r.fields.at(field).front().dot, before});
    } else if (op == 5) {
      VersionVector before = r.vv;
      edit(r, replica, ms, {{kDeletedField, Json{{"seen", Json::object()}}}});
      // The tombstone names what the delete saw, as Replica::remove() does.
      r.fields.at(kDeletedField).front().value = Json{{"seen", [&] {
                                                         Json j = Json::object();
                                                         for (auto& [k, v] : before.entries()) j[k] = v;
                                                         return j;
                                                       }()}};
      sim.writes.push_back({kDeletedField, r.fields.at(kDeletedField).front().dot, before});
    } else {
      const int j = *rc::gen::inRange(0, n);
      r = merge(r, sim.replicas[j]);
    }
  }
  return sim;
}

}  // namespace crm::test
