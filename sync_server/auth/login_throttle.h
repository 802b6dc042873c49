// Slowing down password guessing: failed sign-ins are counted per user name and per client
// address within a window; past a free allowance each further failure locks the key for twice as
// long as the last (1 s, 2 s, 4 s ... up to max_lock). While locked, even the right password is
// refused without being checked, so a guesser gains nothing by trying faster.
#pragma once

#include <cstdint>

#include "storage/session_tokens.h"

namespace crm::server {

struct ThrottlePolicy {
  int64_t free_failures = 5;
  int64_t window_ms = 15 * 60 * 1000;
  int64_t max_lock_ms = 15 * 60 * 1000;
};

// Milliseconds until a sign-in may be tried again (0: now).
int64_t retry_after_ms(const LoginThrottle& t, int64_t now_ms);
LoginThrottle after_failure(LoginThrottle t, const ThrottlePolicy& policy, int64_t now_ms);

}  // namespace crm::server
