#include <catch2/catch.hpp>
#include <set>

#include "core/uuid.h"

using namespace crm;

TEST_CASE("UUIDv7 ids are canonical, versioned and ordered by creation time", "[core][uuid]") {
  SeededRandom rnd(1);
  std::string a = make_uuid_v7(1700000000000, rnd);
  std::string b = make_uuid_v7(1700000000001, rnd);
  CHECK(is_uuid(a));
  CHECK(a[14] == '7');
  CHECK((a[19] == '8' || a[19] == '9' || a[19] == 'a' || a[19] == 'b'));
  CHECK(a < b);
  std::set<std::string> seen;
  for (int i = 0; i < 1000; ++i) seen.insert(make_uuid_v7(1700000000000, rnd));
  CHECK(seen.size() == 1000);
}

TEST_CASE("Non-UUID strings are recognised", "[core][uuid]") {
  CHECK_FALSE(is_uuid(""));
  CHECK_FALSE(is_uuid("not-a-uuid"));
  CHECK_FALSE(is_uuid("0193f0a2-7c1e-7abc-8def-0123456789ag"));
  CHECK(is_uuid("0193f0a2-7c1e-7abc-8def-0123456789ab"));
  CHECK_FALSE(is_uuid("0193F0A2-7C1E-7ABC-8DEF-0123456789AB"));  // ids are lower case
}
