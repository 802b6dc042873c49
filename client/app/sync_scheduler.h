// When to sync: on start, periodically, soon after local edits, at once when the network
// returns; after a failure, exponential backoff with jitter so that many devices coming back
// online together do not hammer the server in step. Pure policy: times come from the caller.
#pragma once

#include <cstdint>

#include "core/clock.h"

namespace crm {

struct SyncSchedule {
  int64_t period_ms = 30'000;        // between syncs while all is well
  int64_t after_edit_ms = 1'500;     // lets a burst of edits go in one push
  int64_t backoff_base_ms = 2'000;
  int64_t backoff_max_ms = 5 * 60'000;
};

class SyncScheduler {
 public:
  SyncScheduler(Random& random, SyncSchedule schedule = {}) : random_(random), s_(schedule) {}

  // Asks for a sync no later than now + delay_ms. During backoff an edit does not cut the wait
  // short (the server is failing); the network coming back does (`force`).
  void request(int64_t now_ms, int64_t delay_ms, bool force = false);
  bool due(int64_t now_ms) const { return next_ms_ <= now_ms; }
  void on_success(int64_t now_ms);
  void on_failure(int64_t now_ms);
  int64_t next_ms() const { return next_ms_; }
  int failures() const { return failures_; }

 private:
  Random& random_;
  SyncSchedule s_;
  int64_t next_ms_ = 0;  // due at once: sync on start
  int failures_ = 0;
};

}  // namespace crm
