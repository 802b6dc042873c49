#include "app/sync_scheduler.h"

#include <algorithm>

namespace crm {

void SyncScheduler::request(int64_t now_ms, int64_t delay_ms, bool force) {
  if (failures_ > 0 && !force) return;
  if (force) failures_ = 0;
  next_ms_ = std::min(next_ms_, now_ms + delay_ms);
}

void SyncScheduler::on_success(int64_t now_ms) {
  failures_ = 0;
  next_ms_ = now_ms + s_.period_ms;
}

void SyncScheduler::on_failure(int64_t now_ms) {
  ++failures_;
  int64_t delay = s_.backoff_base_ms;
  for (int i = 1; i < failures_ && delay < s_.backoff_max_ms; ++i) delay *= 2;
  delay = std::min(delay, s_.backoff_max_ms);
  // "Equal jitter": at least half the backoff, so retries never bunch up near zero.
  const int64_t half = delay / 2;
  next_ms_ = now_ms + half + static_cast<int64_t>(random_.next_u64() % static_cast<uint64_t>(half + 1));
}

}  // namespace crm
