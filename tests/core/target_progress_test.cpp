// Periods, progress against targets and the target's own rules (sales/target_progress.h,
// model/entities/sales_target.cpp).
#include "sales/target_progress.h"

#include <catch2/catch.hpp>

#include "model/entity_rules.h"

using namespace crm;
using namespace crm::sales;

namespace {

CalendarDate d(const char* s) { return parse_date(s).value(); }
Money cny(int64_t minor) { return Money{minor, "CNY"}; }
int64_t utc_ms(const char* date, int hour, int minute) {
  return (days_since_epoch(d(date)) * 86400 + hour * 3600 + minute * 60) * 1000;
}
TargetFacts target(std::string id, std::string user, std::string team, PeriodKind kind, const char* start,
                   TargetBasis basis, int64_t minor) {
  return TargetFacts{std::move(id), std::move(user), std::move(team), kind, d(start), basis, cny(minor)};
}
std::vector<std::string> codes(const std::vector<Error>& errors) {
  std::vector<std::string> out;
  for (const auto& e : errors) out.push_back(e.code);
  return out;
}

}  // namespace

TEST_CASE("A month, a quarter and a year hold the days from their first up to the next one's first",
          "[sales][targets]") {
  const Period m = period_of(PeriodKind::kMonth, d("2028-02-29"));
  CHECK(m.start == d("2028-02-01"));
  CHECK(m.end == d("2028-03-01"));
  CHECK(m.contains(d("2028-02-29")));
  CHECK_FALSE(m.contains(d("2028-03-01")));
  CHECK_FALSE(m.contains(d("2028-01-31")));
  CHECK(period_label(m) == "2028-02");

  const Period q = period_of(PeriodKind::kQuarter, d("2026-12-31"));
  CHECK(q.start == d("2026-10-01"));
  CHECK(q.end == d("2027-01-01"));
  CHECK(period_label(q) == "2026-Q4");
  CHECK(period_of(PeriodKind::kQuarter, d("2026-04-01")).start == d("2026-04-01"));
  CHECK(period_of(PeriodKind::kQuarter, d("2026-03-31")).start == d("2026-01-01"));

  const Period y = period_of(PeriodKind::kYear, d("2026-07-15"));
  CHECK(y.start == d("2026-01-01"));
  CHECK(y.end == d("2027-01-01"));
  CHECK(period_label(y) == "2026");

  CHECK(shift(m, -2).start == d("2027-12-01"));
  CHECK(shift(q, 1).start == d("2027-01-01"));
  CHECK(shift(y, -1).end == d("2026-01-01"));
}

TEST_CASE("The current period depends on the device's time zone at the boundaries", "[sales][targets]") {
  // 2026-03-31 23:30 UTC: already April 1st in Shanghai and Moscow, still March in New York.
  const int64_t now = utc_ms("2026-03-31", 23, 30);
  CHECK(period_at(PeriodKind::kMonth, now, 480).start == d("2026-04-01"));
  CHECK(period_at(PeriodKind::kMonth, now, 180).start == d("2026-04-01"));
  CHECK(period_at(PeriodKind::kMonth, now, 0).start == d("2026-03-01"));
  CHECK(period_at(PeriodKind::kMonth, now, -300).start == d("2026-03-01"));
  // The same moment crosses a quarter; the year only at the year's end.
  CHECK(period_at(PeriodKind::kQuarter, now, 480).start == d("2026-04-01"));
  CHECK(period_at(PeriodKind::kQuarter, now, -300).start == d("2026-01-01"));
  // 2026-12-31 10:30 UTC: 2027 at UTC+14 (Kiritimati), 2026 at UTC-12.
  const int64_t year_end = utc_ms("2026-12-31", 10, 30);
  CHECK(period_at(PeriodKind::kYear, year_end, 840).start == d("2027-01-01"));
  CHECK(period_at(PeriodKind::kYear, year_end, -720).start == d("2026-01-01"));
  CHECK(period_at(PeriodKind::kYear, year_end, 0).start == d("2026-01-01"));
}

TEST_CASE("Progress counts the person's amounts dated inside the period against their target",
          "[sales][targets]") {
  const Period march = period_of(PeriodKind::kMonth, d("2026-03-01"));
  const std::vector<CountedAmount> amounts = {
      {"r1", "alice", d("2026-02-28"), cny(500000)},  // the month before
      {"r2", "alice", d("2026-03-01"), cny(300000)},  // first day
      {"r3", "alice", d("2026-03-31"), cny(450050)},  // last day
      {"r4", "alice", d("2026-04-01"), cny(100000)},  // the month after
      {"r5", "bob", d("2026-03-15"), cny(999900)},    // someone else's
      {"r6", "alice", d("2026-03-20"), Money{10000, "USD"}},  // another currency
  };
  const TargetFacts t = target("t1", "alice", "", PeriodKind::kMonth, "2026-03-01", TargetBasis::kCollected, 1000000);
  auto p = progress({"alice"}, march, amounts, &t);
  REQUIRE(p.ok());
  CHECK(p->achieved == cny(750050));
  CHECK(p->target == cny(1000000));
  CHECK(p->basis_points == 7500);  // 75.005 % rounds down
  CHECK(p->counted == std::vector<std::string>{"r2", "r3"});
  CHECK(p->other_currency == 1);

  // The quarter and the year hold more of them.
  const TargetFacts tq = target("t2", "alice", "", PeriodKind::kQuarter, "2026-01-01", TargetBasis::kCollected, 500000);
  auto pq = progress({"alice"}, period_of(PeriodKind::kQuarter, d("2026-03-01")), amounts, &tq);
  REQUIRE(pq.ok());
  CHECK(pq->achieved == cny(1250050));
  CHECK(pq->basis_points == 25001);  // above the target: 250.01 %
  auto py = progress({"alice", "bob"}, period_of(PeriodKind::kYear, d("2026-03-01")), amounts, nullptr);
  REQUIRE(py.ok());
  CHECK(py->achieved == cny(2349950));
  CHECK_FALSE(py->target);
  CHECK(py->basis_points == 0);

  // Sums past int64 are an error, not a wrapped amount.
  const std::vector<CountedAmount> huge = {{"a", "alice", d("2026-03-02"), cny(INT64_MAX)},
                                           {"b", "alice", d("2026-03-03"), cny(1)}};
  CHECK(progress({"alice"}, march, huge, &t).error().code == "out_of_range");
}

TEST_CASE("The target that applies is the person's or the team's for that very period and basis",
          "[sales][targets]") {
  const std::vector<TargetFacts> targets = {
      target("b", "alice", "east", PeriodKind::kMonth, "2026-03-01", TargetBasis::kCollected, 100),
      target("a", "alice", "east", PeriodKind::kMonth, "2026-03-01", TargetBasis::kCollected, 200),  // set offline too
      target("c", "alice", "", PeriodKind::kMonth, "2026-03-01", TargetBasis::kWon, 300),
      target("d", "alice", "", PeriodKind::kQuarter, "2026-01-01", TargetBasis::kCollected, 400),
      target("e", "", "east", PeriodKind::kMonth, "2026-03-01", TargetBasis::kCollected, 500),
      target("f", "bob", "east", PeriodKind::kMonth, "2026-02-01", TargetBasis::kCollected, 600),
      target("g", "carol", "west", PeriodKind::kMonth, "2026-04-01", TargetBasis::kCollected, 700),
  };
  const Period march = period_of(PeriodKind::kMonth, d("2026-03-10"));
  CHECK(target_for(targets, "alice", "", march, TargetBasis::kCollected)->id == "a");
  CHECK(target_for(targets, "alice", "", march, TargetBasis::kWon)->id == "c");
  CHECK(target_for(targets, "alice", "", period_of(PeriodKind::kQuarter, d("2026-03-10")), TargetBasis::kCollected)->id == "d");
  CHECK(target_for(targets, "", "east", march, TargetBasis::kCollected)->id == "e");
  CHECK(target_for(targets, "bob", "", march, TargetBasis::kCollected) == nullptr);
  CHECK(target_for(targets, "", "west", march, TargetBasis::kCollected) == nullptr);
  CHECK(team_members(targets, "east") == std::set<std::string>{"alice", "bob"});
  CHECK(team_members(targets, "west") == std::set<std::string>{"carol"});
  CHECK(team_members(targets, "").empty());
  CHECK(team_of(targets, "alice") == "east");
  CHECK(team_of(targets, "carol") == "west");
  CHECK(team_of(targets, "dave").empty());
}

TEST_CASE("A target is refused without a person or team, off its period's first day, or for nothing",
          "[sales][targets][rules]") {
  const EntitySchema& schema = *find_schema("sales_target");
  const Actor manager{"mia", kRoleManager};
  const FieldValues ok{{"user", "alice"},
                       {"period", "quarter"},
                       {"starts_on", "2026-04-01"},
                       {"basis", "collected"},
                       {"amount", Json{{"minor", 10000000}, {"currency", "CNY"}}}};
  CHECK(check_change(schema, nullptr, ok, manager).empty());
  FieldValues team = ok;
  team.erase("user");
  team["team"] = "east";
  CHECK(check_change(schema, nullptr, team, manager).empty());

  FieldValues nobody = ok;
  nobody.erase("user");
  CHECK(codes(check_change(schema, nullptr, nobody, manager)) == std::vector<std::string>{"target_owner_required"});
  FieldValues mid_quarter = ok;
  mid_quarter["starts_on"] = "2026-05-01";
  CHECK(codes(check_change(schema, nullptr, mid_quarter, manager)) == std::vector<std::string>{"period_start"});
  FieldValues mid_month = ok;
  mid_month["period"] = "month";
  mid_month["starts_on"] = "2026-05-02";
  CHECK(codes(check_change(schema, nullptr, mid_month, manager)) == std::vector<std::string>{"period_start"});
  FieldValues year = ok;
  year["period"] = "year";
  CHECK(codes(check_change(schema, nullptr, year, manager)) == std::vector<std::string>{"period_start"});
  year["starts_on"] = "2027-01-01";
  CHECK(check_change(schema, nullptr, year, manager).empty());
  FieldValues zero = ok;
  zero["amount"] = Json{{"minor", 0}, {"currency", "CNY"}};
  CHECK(codes(check_change(schema, nullptr, zero, manager)) == std::vector<std::string>{"out_of_range"});
  // A sales person does not set targets, not even their own.
  CHECK(codes(check_change(schema, nullptr, ok, Actor{"alice", kRoleSales})) == std::vector<std::string>{"forbidden"});
}
