#include "pool/daily_run.h"

#include <chrono>

#include "model/values/calendar_date.h"

namespace crm::server::pool {

DailyRun::DailyRun(Clock& clock, int utc_offset_minutes, std::function<void()> job, int64_t check_ms)
    : clock_(clock), utc_offset_minutes_(utc_offset_minutes), job_(std::move(job)), check_ms_(check_ms) {
  thread_ = std::thread([this] { loop(); });
}

DailyRun::~DailyRun() {
  {
    std::lock_guard lock(mu_);
    stop_ = true;
  }
  wake_.notify_all();
  thread_.join();
}

void DailyRun::loop() {
  int64_t last_day = INT64_MIN;
  std::unique_lock lock(mu_);
  while (!stop_) {
    const int64_t today = days_since_epoch(local_date(clock_.now_ms(), utc_offset_minutes_));
    if (today != last_day) {
      last_day = today;
      lock.unlock();
      job_();
      lock.lock();
      continue;
    }
    wake_.wait_for(lock, std::chrono::milliseconds(check_ms_), [this] { return stop_; });
  }
}

}  // namespace crm::server::pool
