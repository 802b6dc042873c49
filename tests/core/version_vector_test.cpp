#include <catch2/catch.hpp>

#include "crdt/version_vector.h"

using namespace crm;

TEST_CASE("Version vectors compare as equal, dominating, dominated or concurrent", "[core][vv]") {
  VersionVector a({{"x", 2}, {"y", 1}});
  VersionVector b({{"x", 2}, {"y", 1}});
  CHECK(a.compare(b) == Order::kEqual);
  VersionVector c({{"x", 3}, {"y", 1}});
  CHECK(c.compare(a) == Order::kDominates);
  CHECK(a.compare(c) == Order::kDominated);
  VersionVector d({{"x", 1}, {"y", 5}});
  CHECK(c.compare(d) == Order::kConcurrent);
  CHECK(d.compare(c) == Order::kConcurrent);
  VersionVector e({{"z", 1}});
  CHECK(a.compare(e) == Order::kConcurrent);
  CHECK(VersionVector().compare(a) == Order::kDominated);
}

TEST_CASE("Zero counters do not make vectors different", "[core][vv]") {
  VersionVector a({{"x", 1}, {"y", 0}});
  VersionVector b({{"x", 1}});
  CHECK(a == b);
  CHECK(a.compare(b) == Order::kEqual);
}

TEST_CASE("Merging takes the pointwise maximum and adds no event", "[core][vv]") {
  VersionVector a({{"x", 3}, {"y", 1}});
  VersionVector b({{"y", 4}, {"z", 2}});
  a.merge(b);
  CHECK(a == VersionVector({{"x", 3}, {"y", 4}, {"z", 2}}));
  VersionVector again = a;
  again.merge(b);
  CHECK(again == a);
}

TEST_CASE("Incrementing returns the dot of the new write and covers it", "[core][vv]") {
  VersionVector v;
  Dot d1 = v.increment("dev");
  Dot d2 = v.increment("dev");
  CHECK(d1 == Dot{"dev", 1});
  CHECK(d2 == Dot{"dev", 2});
  CHECK(v.covers(d1));
  CHECK(v.covers(d2));
  CHECK_FALSE(v.covers(Dot{"dev", 3}));
  CHECK_FALSE(v.covers(Dot{"other", 1}));
}
