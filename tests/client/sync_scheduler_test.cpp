// SyncScheduler: when the app syncs. Pure policy over times the test chooses.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdint>
#include <set>
#include <vector>

#include "app/sync_scheduler.h"
#include "core/clock.h"

using namespace crm;

namespace {

constexpr int64_t kStart = 1'700'000'000'000;

// The backoff delay after `failures` consecutive failures, before jitter.
int64_t backoff(const SyncSchedule& s, int failures) {
  int64_t d = s.backoff_base_ms;
  for (int i = 1; i < failures; ++i) d = std::min(d * 2, s.backoff_max_ms);
  return std::min(d, s.backoff_max_ms);
}

}  // namespace

TEST_CASE("SyncScheduler: due at once on start", "[client][scheduler]") {
  SeededRandom random(1);
  SyncScheduler s(random);
  CHECK(s.failures() == 0);
  CHECK(s.due(0));
  CHECK(s.due(kStart));
  CHECK(s.next_ms() <= kStart);
}

TEST_CASE("SyncScheduler: after a success the next sync comes one period later", "[client][scheduler]") {
  SeededRandom random(2);
  SyncSchedule sched;
  sched.period_ms = 30'000;
  SyncScheduler s(random, sched);
  s.on_success(kStart);
  CHECK(s.next_ms() == kStart + 30'000);
  CHECK_FALSE(s.due(kStart));
  CHECK_FALSE(s.due(kStart + 29'999));
  CHECK(s.due(kStart + 30'000));
  CHECK(s.due(kStart + 90'000));
  CHECK(s.failures() == 0);
}

TEST_CASE("SyncScheduler: a request pulls the next sync earlier, never later", "[client][scheduler]") {
  SeededRandom random(3);
  SyncScheduler s(random);
  s.on_success(kStart);  // next: kStart + 30 s

  SECTION("an edit asks for a sync soon") {
    s.request(kStart + 1'000, 1'500);
    CHECK(s.next_ms() == kStart + 2'500);
    CHECK_FALSE(s.due(kStart + 2'499));
    CHECK(s.due(kStart + 2'500));
  }
  SECTION("a later request does not postpone an earlier one") {
    s.request(kStart, 1'500);
    s.request(kStart + 1'000, 10'000);
    CHECK(s.next_ms() == kStart + 1'500);
    s.request(kStart, 60'000);  // later than the periodic sync: ignored
    CHECK(s.next_ms() == kStart + 1'500);
  }
  SECTION("a request beyond the period leaves the periodic sync") {
    s.request(kStart, 45'000);
    CHECK(s.next_ms() == kStart + 30'000);
  }
  SECTION("delay 0 makes it due now") {
    s.request(kStart + 5'000, 0);
    CHECK(s.due(kStart + 5'000));
  }
  SECTION("force without failures behaves like an ordinary request") {
    s.request(kStart + 5'000, 700, true);
    CHECK(s.next_ms() == kStart + 5'700);
    CHECK(s.failures() == 0);
  }
}

TEST_CASE("SyncScheduler: during backoff only a forced request cuts the wait", "[client][scheduler]") {
  SeededRandom random(4);
  SyncSchedule sched;
  SyncScheduler s(random, sched);
  s.on_failure(kStart);
  s.on_failure(kStart);
  s.on_failure(kStart);  // 8 s backoff: next in [kStart + 4 s, kStart + 8 s]
  REQUIRE(s.failures() == 3);
  const int64_t backed_off = s.next_ms();
  REQUIRE(backed_off >= kStart + 4'000);
  REQUIRE(backed_off <= kStart + 8'000);

  // An edit (ordinary request) changes nothing: the server is failing.
  s.request(kStart + 100, 0);
  s.request(kStart + 100, sched.after_edit_ms);
  CHECK(s.next_ms() == backed_off);
  CHECK_FALSE(s.due(kStart + 100));
  CHECK(s.failures() == 3);

  // The network came back: forced, due at once, and the failure count starts over.
  s.request(kStart + 200, 0, true);
  CHECK(s.due(kStart + 200));
  CHECK(s.next_ms() == kStart + 200);
  CHECK(s.failures() == 0);

  // The next failure backs off from the base again.
  s.on_failure(kStart + 300);
  CHECK(s.failures() == 1);
  CHECK(s.next_ms() >= kStart + 300 + sched.backoff_base_ms / 2);
  CHECK(s.next_ms() <= kStart + 300 + sched.backoff_base_ms);
}

TEST_CASE("SyncScheduler: a success ends the backoff", "[client][scheduler]") {
  SeededRandom random(5);
  SyncScheduler s(random);
  s.on_failure(kStart);
  s.on_failure(kStart);
  s.on_success(kStart + 10'000);
  CHECK(s.failures() == 0);
  CHECK(s.next_ms() == kStart + 10'000 + SyncSchedule{}.period_ms);
  // Ordinary requests work again.
  s.request(kStart + 11'000, 1'500);
  CHECK(s.next_ms() == kStart + 12'500);
}

TEST_CASE("SyncScheduler: backoff grows exponentially to the cap, with equal jitter", "[client][scheduler]") {
  SyncSchedule sched;  // 2 s base, 5 min cap
  REQUIRE(sched.backoff_base_ms == 2'000);
  REQUIRE(sched.backoff_max_ms == 300'000);
  const std::vector<int64_t> expected = {2'000,   4'000,   8'000,   16'000,  32'000,  64'000,
                                         128'000, 256'000, 300'000, 300'000, 300'000, 300'000};
  for (size_t i = 0; i < expected.size(); ++i) CHECK(backoff(sched, static_cast<int>(i) + 1) == expected[i]);

  // Over many seeds: each retry time lies in [delay/2, delay] after the failure.
  std::vector<int64_t> min_seen(expected.size(), INT64_MAX), max_seen(expected.size(), 0);
  for (uint64_t seed = 0; seed < 2'000; ++seed) {
    SeededRandom random(seed);
    SyncScheduler s(random, sched);
    int64_t now = kStart + static_cast<int64_t>(seed) * 1'000;
    for (size_t i = 0; i < expected.size(); ++i) {
      s.on_failure(now);
      REQUIRE(s.failures() == static_cast<int>(i) + 1);
      const int64_t wait = s.next_ms() - now;
      INFO("seed " << seed << ", failure " << i + 1 << ", wait " << wait);
      REQUIRE(wait >= expected[i] / 2);
      REQUIRE(wait <= expected[i]);
      CHECK_FALSE(s.due(now + expected[i] / 2 - 1));
      CHECK(s.due(now + expected[i]));
      min_seen[i] = std::min(min_seen[i], wait);
      max_seen[i] = std::max(max_seen[i], wait);
      now = s.next_ms();  // the retry runs when due, and fails again
    }
  }
  // The jitter really spreads retries over the whole window (not a constant).
  for (size_t i = 0; i < expected.size(); ++i) {
    INFO("failure " << i + 1);
    CHECK(min_seen[i] < expected[i] / 2 + expected[i] / 20);
    CHECK(max_seen[i] > expected[i] - expected[i] / 20);
  }
}

TEST_CASE("SyncScheduler: jitter spreads devices failing at the same moment", "[client][scheduler]") {
  SyncSchedule sched;
  std::set<int64_t> retry_times;
  for (uint64_t seed = 100; seed < 200; ++seed) {
    SeededRandom random(seed);
    SyncScheduler s(random, sched);
    for (int i = 0; i < 5; ++i) s.on_failure(kStart);  // 32 s backoff
    retry_times.insert(s.next_ms());
  }
  CHECK(retry_times.size() > 90);  // 100 devices, 16001 possible times
}

TEST_CASE("SyncScheduler: backoff with a custom schedule and odd delays stays in bounds", "[client][scheduler]") {
  SyncSchedule sched;
  sched.backoff_base_ms = 3;
  sched.backoff_max_ms = 1'001;
  for (uint64_t seed = 0; seed < 500; ++seed) {
    SeededRandom random(seed);
    SyncScheduler s(random, sched);
    for (int f = 1; f <= 20; ++f) {
      s.on_failure(kStart);
      const int64_t delay = backoff(sched, f);
      const int64_t wait = s.next_ms() - kStart;
      INFO("seed " << seed << ", failure " << f << ", delay " << delay << ", wait " << wait);
      REQUIRE(wait >= delay / 2);
      REQUIRE(wait <= delay);
    }
  }
  // Very many failures never overflow.
  SeededRandom random(9);
  SyncScheduler s(random, SyncSchedule{});
  for (int f = 0; f < 200; ++f) s.on_failure(kStart);
  CHECK(s.next_ms() - kStart >= 150'000);
  CHECK(s.next_ms() - kStart <= 300'000);
}
