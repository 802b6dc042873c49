#include "sales/derived_id.h"

#include <catch2/catch.hpp>
#include <set>

#include "core/uuid.h"

using crm::sales::derived_id;

TEST_CASE("Derived ids are the same on every device and differ by source and purpose", "[sales][ids]") {
  const std::string lead = "0192f0a4-7c3e-7a11-9b2d-3c4d5e6f7a8b";
  const auto customer = derived_id(lead, "customer");
  CHECK(crm::is_uuid(customer));
  CHECK(customer[14] == '8');  // version 8
  CHECK((customer[19] == '8' || customer[19] == '9' || customer[19] == 'a' || customer[19] == 'b'));
  CHECK(derived_id(lead, "customer") == customer);
  CHECK(derived_id(lead, "contact") != customer);
  CHECK(derived_id("ab", "c") != derived_id("a", "bc"));

  std::set<std::string> seen;
  for (int i = 0; i < 20000; ++i) seen.insert(derived_id(std::to_string(i), "customer"));
  CHECK(seen.size() == 20000);
}
