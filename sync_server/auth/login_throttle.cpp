#include "auth/login_throttle.h"

#include <algorithm>

namespace crm::server {

int64_t retry_after_ms(const LoginThrottle& t, int64_t now_ms) { return std::max<int64_t>(0, t.locked_until_ms - now_ms); }

LoginThrottle after_failure(LoginThrottle t, const ThrottlePolicy& policy, int64_t now_ms) {
  if (t.failures == 0 || now_ms - t.window_start_ms > policy.window_ms) t = LoginThrottle{0, now_ms, 0};
  ++t.failures;
  const int64_t over = t.failures - policy.free_failures;
  if (over > 0) {
    const int64_t lock = over >= 30 ? policy.max_lock_ms : std::min(policy.max_lock_ms, int64_t{1000} << (over - 1));
    t.locked_until_ms = now_ms + lock;
    // A lock keeps the count alive for its whole length.
    t.window_start_ms = std::max(t.window_start_ms, t.locked_until_ms - policy.window_ms);
  }
  return t;
}

}  // namespace crm::server
