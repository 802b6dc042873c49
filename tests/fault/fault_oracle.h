// WriteOracle: what the fault tests remember of every local write, to check after the fact that
// none was lost, duplicated or invented, whatever the network and the server went through.
//
// A write is kept when the final state of its record still holds it (same dot, same value) or
// holds, in that field, a write made by a replica that had seen it (a causally later write
// legitimately replaced it). Thread-safe. The record's version vector must count exactly the writes each
// replica made to it: a retried or duplicated push adds no event.
#pragma once

#include <map>
#include <mutex>
#include <set>
#include <string>
#include <vector>

#include "fault_protocol.h"
#include "crdt/record.h"

namespace crm::fault {

class WriteOracle {
 public:
  // Records the write a local edit just made, given the state it returned and the record's event
  // count of that replica before the edit. Returns false when the edit made no event.
  bool note(const std::string& replica, const RecordState& after);
  // The server acknowledged holding `vv` of record `key`.
  void ack(const RecordKeyText& key, const VersionVector& vv) {
    std::lock_guard lock(mu_);
    acked_[key].merge(vv);
  }

  struct Report {
    int64_t writes = 0;        // writes checked
    int64_t acknowledged = 0;  // of which the server had acknowledged before the check
    int64_t lost = 0;          // writes missing from the final state
    std::vector<std::string> problems;
  };
  // Checks the final states (server's) of every record this oracle knows.
  Report check(const std::map<RecordKeyText, RecordState>& final_states) const;

  // Writes in `states` that no device made (unknown dot, other value) and vector entries beyond
  // the writes made: what a torn or invented state would show. States may be older than now.
  std::vector<std::string> foreign(const std::map<RecordKeyText, RecordState>& states) const;

  size_t records() const { return events_.size(); }
  int64_t events() const { return total_events_; }
  const std::set<RecordKeyText>& keys() const { return keys_; }
  // A copy of the acknowledged vectors (to count acknowledgements seen before a fault-free sync).
  std::map<RecordKeyText, VersionVector> acked() const {
    std::lock_guard lock(mu_);
    return acked_;
  }

 private:
  struct Write {
    Dot dot;
    std::map<std::string, Json> values;  // field -> value written
    VersionVector seen;                  // the record's vector right after the write
  };
  std::map<RecordKeyText, std::vector<Write>> writes_;
  std::map<RecordKeyText, std::map<std::string, uint64_t>> events_;  // key -> replica -> count
  std::map<RecordKeyText, VersionVector> acked_;
  std::set<RecordKeyText> keys_;
  int64_t total_events_ = 0;
  mutable std::mutex mu_;  // note() and ack() may come from several device threads

 public:
  // The acknowledged vectors as they were at some earlier point (see acked()).
  std::map<RecordKeyText, VersionVector> acked_before;
};

}  // namespace crm::fault
