// DailyRun: calls a job once when started and again each time the organisation's calendar day
// changes (checked every `check_ms`), on a thread of its own, until stopped. The job must be
// idempotent (a restart runs it again the same day). Used by `crm-server serve` for the public
// pool's automatic return and lead assignment.
#pragma once

#include <condition_variable>
#include <functional>
#include <mutex>
#include <thread>

#include "core/clock.h"

namespace crm::server::pool {

class DailyRun {
 public:
  DailyRun(Clock& clock, int utc_offset_minutes, std::function<void()> job, int64_t check_ms = 60'000);
  ~DailyRun();  // stops and joins
  DailyRun(const DailyRun&) = delete;
  DailyRun& operator=(const DailyRun&) = delete;

 private:
  void loop();
  Clock& clock_;
  int utc_offset_minutes_;
  std::function<void()> job_;
  int64_t check_ms_;
  std::mutex mu_;
  std::condition_variable wake_;
  bool stop_ = false;
  std::thread thread_;
};

}  // namespace crm::server::pool
