#include "sales/pool_rules.h"

#include <catch2/catch.hpp>

using namespace crm;
using namespace crm::sales;

namespace {
CalendarDate d(const char* s) { return parse_date(s).value(); }
}  // namespace

TEST_CASE("A customer returns to the pool N days after its last follow-up", "[sales][pool]") {
  const PoolPolicy policy{30, 7, 50};
  auto s = pool_status(d("2026-11-01"), d("2026-11-20"), false, policy);
  CHECK(s.standing == PoolStanding::kKept);
  CHECK(format_date(s.returns_on) == "2026-12-01");
  CHECK(s.days_left == 11);

  CHECK(pool_status(d("2026-11-01"), d("2026-11-24"), false, policy).standing == PoolStanding::kWarning);
  CHECK(pool_status(d("2026-11-01"), d("2026-11-23"), false, policy).standing == PoolStanding::kKept);
  CHECK(pool_status(d("2026-11-01"), d("2026-11-30"), false, policy).days_left == 1);
  CHECK(pool_status(d("2026-11-01"), d("2026-12-01"), false, policy).standing == PoolStanding::kDue);
  CHECK(pool_status(d("2026-11-01"), d("2027-03-01"), false, policy).standing == PoolStanding::kDue);
  // An open opportunity keeps it however old the last follow-up is.
  CHECK(pool_status(d("2026-01-01"), d("2026-12-01"), true, policy).standing == PoolStanding::kKept);
}

TEST_CASE("Return dates cross month ends, leap days and year ends", "[sales][pool]") {
  const PoolPolicy policy{30, 7, 50};
  CHECK(format_date(pool_status(d("2028-01-31"), d("2028-02-01"), false, policy).returns_on) == "2028-03-01");
  CHECK(format_date(pool_status(d("2027-01-31"), d("2027-02-01"), false, policy).returns_on) == "2027-03-02");
  CHECK(format_date(pool_status(d("2026-12-15"), d("2026-12-16"), false, policy).returns_on) == "2027-01-14");
}

TEST_CASE("The same moment is a different day in UTC+14 and UTC-12, and the rule follows the local day",
          "[sales][pool]") {
  const PoolPolicy policy{30, 7, 50};
  // 2026-12-01T05:00Z: already 19:00 on Dec 1 in Kiribati, still 17:00 on Nov 30 at UTC-12.
  const int64_t at = 1796101200000;
  CHECK(format_date(local_date(at, 840)) == "2026-12-01");
  CHECK(format_date(local_date(at, -720)) == "2026-11-30");
  CHECK(pool_status(d("2026-11-01"), local_date(at, 840), false, policy).standing == PoolStanding::kDue);
  CHECK(pool_status(d("2026-11-01"), local_date(at, -720), false, policy).standing == PoolStanding::kWarning);
}

TEST_CASE("Claims stop at the limit and policies are checked", "[sales][pool]") {
  PoolPolicy policy{30, 7, 2};
  CHECK(check_claim(0, policy).ok());
  CHECK(check_claim(1, policy).ok());
  auto refused = check_claim(2, policy);
  REQUIRE_FALSE(refused.ok());
  CHECK(refused.error().code == "claim_limit");
  CHECK(refused.error().field == "owner");
  CHECK(check_claim(0, PoolPolicy{30, 7, 0}).error().code == "claim_limit");

  CHECK(check_policy(policy).ok());
  CHECK(check_policy({0, 0, 5}).error().field == "return_after_days");
  CHECK(check_policy({10, 10, 5}).error().field == "warn_days");
  CHECK(check_policy({10, -1, 5}).error().field == "warn_days");
  CHECK(check_policy({10, 3, -1}).error().field == "claim_limit");
}
