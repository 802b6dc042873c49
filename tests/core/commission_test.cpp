// Commission by tiers of target reached (sales/commission.h): which part of each receipt lies in
// which tier, rounding per receipt, and which rule applies to whom.
#include "sales/commission.h"

#include <catch2/catch.hpp>

using namespace crm;
using namespace crm::sales;

namespace {

CalendarDate d(const char* s) { return parse_date(s).value(); }
Money cny(int64_t minor) { return Money{minor, "CNY"}; }
FixedDecimal pct(const char* text, int scale) { return parse_decimal(text, scale).value(); }
TierFacts tier(const char* id, const char* from, const char* rate) { return TierFacts{id, pct(from, 2), pct(rate, 3)}; }
RuleFacts rule(std::vector<TierFacts> tiers) {
  RuleFacts r;
  r.id = "rule";
  r.name = "Standard";
  r.tiers = std::move(tiers);
  return r;
}
CountedAmount receipt(const char* id, const char* on, int64_t minor) { return CountedAmount{id, "alice", d(on), cny(minor)}; }

}  // namespace

TEST_CASE("3% up to the target and 5% above it: a receipt crossing the target is split there",
          "[sales][commission]") {
  const RuleFacts r = rule({tier("t-low", "0", "3"), tier("t-high", "100", "5")});
  // Given out of order: they count by date (then id), as on every device.
  const std::vector<CountedAmount> amounts = {receipt("r3", "2026-03-12", 333), receipt("r2", "2026-03-10", 600000),
                                              receipt("r1", "2026-03-05", 600000)};
  auto c = commission(r, cny(1000000), amounts);
  REQUIRE(c.ok());
  REQUIRE(c->lines.size() == 3);
  CHECK(c->lines[0].id == "r1");
  CHECK(c->lines[0].commission == cny(18000));  // 6000.00 x 3 %
  CHECK(c->lines[0].rate == pct("3", 3));
  CHECK(c->lines[1].id == "r2");
  CHECK(c->lines[1].commission == cny(22000));  // 4000.00 x 3 % + 2000.00 x 5 %
  CHECK(c->lines[1].rate == pct("5", 3));
  CHECK(c->lines[2].commission == cny(17));  // 3.33 x 5 % = 0.1665, half away from zero
  CHECK(c->basis == cny(1200333));
  CHECK(c->commission == cny(40017));
}

TEST_CASE("Commission tiers: a table of rules, targets and receipts with the expected figures",
          "[sales][commission]") {
  struct Case {
    const char* name;
    std::vector<TierFacts> tiers;
    std::optional<Money> target;
    std::vector<int64_t> receipts;   // minor units, one a day from March 1st
    std::vector<int64_t> expected;   // commission per receipt
    int64_t total;
  };
  const std::vector<Case> cases = {
      {"nothing collected", {tier("a", "0", "3"), tier("b", "100", "5")}, cny(100000), {}, {}, 0},
      {"exactly the target", {tier("a", "0", "3"), tier("b", "100", "5")}, cny(100000), {100000}, {3000}, 3000},
      {"one minor unit past the target", {tier("a", "0", "3"), tier("b", "100", "5")}, cny(100000), {100001}, {3000}, 3000},
      {"half a minor unit rounds away from zero", {tier("a", "0", "5")}, cny(100000), {10, 30, 50}, {1, 2, 3}, 6},
      {"three tiers, one receipt through all of them",
       {tier("a", "0", "2"), tier("b", "80", "4"), tier("c", "120", "6.5")},
       cny(100000),
       {150000},
       {1600 + 1600 + 1950},
       5150},
      {"nothing below the first tier", {tier("b", "50", "10")}, cny(100000), {40000, 20000}, {0, 1000}, 1000},
      {"two tiers from the same percent: the higher rate",
       {tier("a", "0", "3"), tier("b", "100", "5"), tier("c", "100", "6")},
       cny(100000),
       {50000, 100000},
       {1500, 1500 + 3000},
       6000},
      {"no target: the tier from 0 % for everything", {tier("a", "0", "3"), tier("b", "100", "5")}, std::nullopt,
       {500000}, {15000}, 15000},
      {"no target and no tier from 0 %: nothing", {tier("b", "100", "5")}, std::nullopt, {500000}, {0}, 0},
      {"a rate with three decimals", {tier("a", "0", "2.125")}, cny(100000), {99999}, {2125}, 2125},
      {"a tier starting at a fraction of a minor unit", {tier("a", "0", "0"), tier("b", "0.01", "100")}, cny(150),
       {1}, {1}, 1},
      {"0 % everywhere", {tier("a", "0", "0")}, cny(100), {100, 200}, {0, 0}, 0},
  };
  for (const auto& k : cases) {
    INFO(k.name);
    std::vector<CountedAmount> amounts;
    for (size_t i = 0; i < k.receipts.size(); ++i) {
      CalendarDate on = date_from_days(days_since_epoch(d("2026-03-01")) + static_cast<int64_t>(i));
      amounts.push_back(CountedAmount{"r" + std::to_string(i), "alice", on, cny(k.receipts[i])});
    }
    auto c = commission(rule(k.tiers), k.target, amounts);
    REQUIRE(c.ok());
    std::vector<int64_t> got;
    for (const auto& l : c->lines) got.push_back(l.commission.minor);
    CHECK(got == k.expected);
    CHECK(c->commission.minor == k.total);
  }
}

TEST_CASE("Commission leaves other currencies out and refuses sums past int64", "[sales][commission]") {
  const RuleFacts r = rule({tier("a", "0", "3")});
  auto c = commission(r, cny(100000), {receipt("r1", "2026-03-01", 1000), CountedAmount{"r2", "alice", d("2026-03-02"), Money{1000, "USD"}}});
  REQUIRE(c.ok());
  CHECK(c->lines.size() == 1);
  CHECK(c->other_currency == 1);
  CHECK(commission(r, cny(100000), {receipt("a", "2026-03-01", INT64_MAX), receipt("b", "2026-03-02", 1)}).error().code ==
        "out_of_range");
  // A rate with more decimals than the schema allows is refused, not truncated.
  RuleFacts bad = rule({TierFacts{"x", pct("0", 2), FixedDecimal{1, 5}}});
  CHECK(commission(bad, cny(100), {receipt("a", "2026-03-01", 1)}).error().code == "out_of_range");
}

TEST_CASE("The most specific commission rule applies: team and role, team, role, everyone", "[sales][commission]") {
  auto make = [](const char* id, const char* team, const char* role) {
    RuleFacts r;
    r.id = id;
    r.team = team;
    r.role = role;
    return r;
  };
  const std::vector<RuleFacts> rules = {make("everyone", "", ""), make("sales", "", "sales"),
                                        make("east", "east", ""), make("east-sales", "east", "sales"),
                                        make("east-b", "east", "")};
  CHECK(rule_for(rules, "east", "sales")->id == "east-sales");
  CHECK(rule_for(rules, "east", "manager")->id == "east");  // the smaller id of two equals
  CHECK(rule_for(rules, "west", "sales")->id == "sales");
  CHECK(rule_for(rules, "", "manager")->id == "everyone");
  CHECK(rule_for({make("east", "east", "")}, "west", "sales") == nullptr);
  CHECK(rule_for({}, "east", "sales") == nullptr);
}
