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
