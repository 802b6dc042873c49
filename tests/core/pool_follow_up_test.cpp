#include "sales/pool_follow_up.h"

#include <catch2/catch.hpp>

#include "core/time_format.h"

using namespace crm;
using namespace crm::sales;

namespace {
int64_t at(const char* iso) { return parse_iso8601(iso).value(); }
}  // namespace

TEST_CASE("The last follow-up is the latest activity or visit, or the owner's start (claim, transfer) when none came after it",
          "[sales][pool]") {
  FollowUps f;
  f.owned_since_ms = at("2026-01-01T00:00:00Z");
  CHECK(last_follow_up_ms(f) == at("2026-01-01T00:00:00Z"));  // never claimed, never followed up
  f.claimed_at_ms = at("2026-10-01T09:00:00Z");
  CHECK(last_follow_up_ms(f) == at("2026-10-01T09:00:00Z"));
  f.follow_up_ms = {at("2026-09-01T09:00:00Z")};  // before the claim: the claim counts
  CHECK(last_follow_up_ms(f) == at("2026-10-01T09:00:00Z"));
  f.follow_up_ms.push_back(at("2026-11-03T16:30:00Z"));
  f.follow_up_ms.push_back(at("2026-10-20T08:00:00Z"));
  CHECK(last_follow_up_ms(f) == at("2026-11-03T16:30:00Z"));
  // Given to a new owner after that: the new owner's period starts then.
  f.owned_since_ms = at("2026-11-10T12:00:00Z");
  CHECK(last_follow_up_ms(f) == at("2026-11-10T12:00:00Z"));
}

TEST_CASE("Return dates follow the organisation's local day across month ends and time zones", "[sales][pool]") {
  const PoolPolicy policy{30, 7, 50};
  FollowUps f;
  // A visit on Jan 31 at 23:30 in UTC+8 (15:30 UTC): day 30 after it is Mar 1 in a leap year.
  f.follow_up_ms = {at("2028-01-31T15:30:00Z")};
  auto s = pool_status_at(f, at("2028-02-29T15:59:00Z"), 480, policy);
  CHECK(format_date(s.returns_on) == "2028-03-01");
  CHECK(s.standing == PoolStanding::kWarning);
  CHECK(s.days_left == 1);
  // One minute later it is Mar 1 in UTC+8: due.
  CHECK(pool_status_at(f, at("2028-02-29T16:00:00Z"), 480, policy).standing == PoolStanding::kDue);
  // In UTC the visit was on Jan 31 too, but Mar 1 has not begun: still a warning.
  CHECK(pool_status_at(f, at("2028-02-29T16:00:00Z"), 0, policy).standing == PoolStanding::kWarning);
  // The same visit at UTC-5 was on Jan 31 10:30; a non-leap year moves the day.
  f.follow_up_ms = {at("2027-01-31T15:30:00Z")};
  CHECK(format_date(pool_status_at(f, at("2027-02-01T00:00:00Z"), -300, policy).returns_on) == "2027-03-02");
  // A late-evening follow-up in UTC-12 is the next day in UTC+14.
  f.follow_up_ms = {at("2026-11-30T23:00:00Z")};
  CHECK(format_date(pool_status_at(f, at("2026-12-01T00:00:00Z"), -720, policy).returns_on) == "2026-12-30");
  CHECK(format_date(pool_status_at(f, at("2026-12-01T00:00:00Z"), 840, policy).returns_on) == "2026-12-31");
  // An open opportunity keeps it.
  f.has_open_opportunity = true;
  CHECK(pool_status_at(f, at("2027-06-01T00:00:00Z"), 0, policy).standing == PoolStanding::kKept);
}

TEST_CASE("Follow-ups are read from a customer's activities, visits and open opportunities", "[sales][pool]") {
  const FieldValues customer = {{"name", "Acme"}, {"claimed_at", "2026-10-01T09:00:00Z"}};
  const std::vector<std::pair<std::string, FieldValues>> children = {
      {"activity", {{"at", "2026-10-20T09:00:00Z"}, {"kind", "call"}}},
      {"visit", {{"checkin_at", "2026-10-25T09:00:00Z"}}},
      {"contact", {{"name", "Ann"}}},
      {"opportunity", {{"stage", "won"}}},
      {"activity", {{"kind", "note"}}},  // no time: not counted
  };
  FollowUps f = follow_ups_of(customer, at("2026-09-01T00:00:00Z"), children);
  CHECK(f.claimed_at_ms == at("2026-10-01T09:00:00Z"));
  CHECK(f.follow_up_ms.size() == 2);
  CHECK_FALSE(f.has_open_opportunity);
  CHECK(last_follow_up_ms(f) == at("2026-10-25T09:00:00Z"));
  auto open = children;
  open.push_back({"opportunity", {{"stage", "proposal"}}});
  CHECK(follow_ups_of(customer, 0, open).has_open_opportunity);
}
