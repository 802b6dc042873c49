#include <catch2/catch.hpp>

#include "crdt/hlc.h"

using namespace crm;

TEST_CASE("HLC follows the wall clock when it moves forward", "[core][hlc]") {
  ManualClock clock(1000);
  HybridLogicalClock hlc(clock);
  CHECK(hlc.now() == HlcStamp{1000, 0});
  clock.set(1005);
  CHECK(hlc.now() == HlcStamp{1005, 0});
}

TEST_CASE("HLC never goes backwards when the wall clock does", "[core][hlc]") {
  ManualClock clock(1000);
  HybridLogicalClock hlc(clock);
  HlcStamp a = hlc.now();
  clock.set(900);
  HlcStamp b = hlc.now();
  HlcStamp c = hlc.now();
  CHECK(a < b);
  CHECK(b < c);
  CHECK(c.ms == 1000);
}

TEST_CASE("HLC moves past stamps received from a replica with a fast clock", "[core][hlc]") {
  ManualClock clock(1000);
  HybridLogicalClock hlc(clock);
  hlc.observe(HlcStamp{5000, 7});
  HlcStamp next = hlc.now();
  CHECK(next > HlcStamp{5000, 7});
  CHECK(next.ms == 5000);
}

TEST_CASE("HLC stamps survive a round trip through text", "[core][hlc]") {
  HlcStamp s{1763891234567, 42}, back;
  REQUIRE(parse_hlc(to_string(s), back));
  CHECK(back == s);
  CHECK_FALSE(parse_hlc("abc", back));
  CHECK_FALSE(parse_hlc("12.", back));
  CHECK_FALSE(parse_hlc("-5.1", back));
}

TEST_CASE("HLC does not adopt a stamp more than 12 hours ahead of its wall clock", "[core][hlc]") {
  ManualClock clock(1'800'000'000'000);
  HybridLogicalClock hlc(clock);
  // The largest stamp the wire allows: adopting it would carry the clock past 2^53 - 1.
  hlc.observe(HlcStamp{(int64_t{1} << 53) - 1, 4294967295u});
  CHECK(hlc.now().ms == 1'800'000'000'000);
  hlc.observe(HlcStamp{1'800'000'000'000 + kMaxAdoptAheadMs, 0});
  CHECK(hlc.now().ms == 1'800'000'000'000);
  CHECK(hlc.too_far_ahead(HlcStamp{1'800'000'000'000 + kMaxAdoptAheadMs + 1, 0}));
  CHECK_FALSE(hlc.too_far_ahead(HlcStamp{1'800'000'000'000 + kMaxAdoptAheadMs, 4294967295u}));
  // Below the bound it is adopted as before, the largest logical part included, and the carry
  // out of the logical part still leaves the clock within the bound.
  const HlcStamp edge{1'800'000'000'000 + kMaxAdoptAheadMs - 1, 4294967295u};
  hlc.observe(edge);
  const HlcStamp next = hlc.now();
  CHECK(next > edge);
  CHECK_FALSE(hlc.too_far_ahead(next));
  CHECK(hlc.now() > next);
}

TEST_CASE("An HLC whose wall clock was fast and is corrected starts again from the wall clock", "[core][hlc]") {
  ManualClock clock(1'800'000'000'000 + 3 * 365LL * 24 * 3600 * 1000);  // three years fast
  HybridLogicalClock hlc(clock);
  const HlcStamp future = hlc.now();
  clock.set(1'800'000'000'000);  // the user set the right date
  const HlcStamp after = hlc.now();
  CHECK(after.ms == 1'800'000'000'000);
  CHECK(after < future);
  // A clock restored from storage with such a value starts from the wall clock too.
  HybridLogicalClock restored(clock);
  restored.observe(future);
  CHECK(restored.now().ms == 1'800'000'000'000);
}
