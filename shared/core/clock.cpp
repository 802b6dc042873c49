#include "core/clock.h"

#include <chrono>

namespace crm {

int64_t SystemClock::now_ms() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

SystemRandom::SystemRandom() {
  std::random_device rd;
  std::seed_seq seq{rd(), rd(), rd(), rd(), rd(), rd(), rd(), rd()};
  gen_.seed(seq);
}

uint64_t SystemRandom::next_u64() { return gen_(); }

}  // namespace crm
