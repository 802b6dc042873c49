#include "sales/pipeline_math.h"

#include <catch2/catch.hpp>

using namespace crm;
using namespace crm::sales;

namespace {
Money cny(int64_t minor) { return Money{minor, "CNY"}; }
CalendarDate d(const char* s) { return parse_date(s).value(); }
OpportunityFacts opp(std::string stage, std::optional<Money> amount, const char* close = nullptr,
                     std::vector<std::string> seen = {}) {
  OpportunityFacts o;
  o.id = stage;
  o.stage = std::move(stage);
  o.amount = std::move(amount);
  if (close) o.close = d(close);
  o.stages_seen = std::move(seen);
  return o;
}
int64_t sum(const MoneyTotals& t, const char* currency) {
  auto it = t.by_currency().find(currency);
  return it == t.by_currency().end() ? 0 : it->second;
}
}  // namespace

TEST_CASE("Board columns count and total each stage per currency", "[sales][pipeline]") {
  const auto p = default_pipeline();
  std::vector<OpportunityFacts> opps = {
      opp("proposal", cny(100000)), opp("proposal", cny(250050)), opp("proposal", Money{990, "EUR"}),
      opp("won", cny(500000)),      opp("initial_contact", std::nullopt), opp("renamed_stage", cny(1)),
  };
  size_t unplaced = 0;
  auto cols = board_columns(p, opps, &unplaced);
  REQUIRE(cols.ok());
  REQUIRE(cols->size() == p.stages.size());
  CHECK(unplaced == 1);
  const auto& proposal = (*cols)[p.index("proposal")];
  CHECK(proposal.count == 3);
  CHECK(sum(proposal.total, "CNY") == 350050);
  CHECK(sum(proposal.total, "EUR") == 990);
  CHECK((*cols)[p.index("initial_contact")].count == 1);
  CHECK((*cols)[p.index("initial_contact")].total.by_currency().empty());
  CHECK(sum((*cols)[p.index("won")].total, "CNY") == 500000);
}

TEST_CASE("Totals refuse to overflow rather than wrap", "[sales][pipeline]") {
  const auto p = default_pipeline();
  auto cols = board_columns(p, {opp("won", cny(INT64_MAX)), opp("won", cny(1))});
  REQUIRE_FALSE(cols.ok());
  CHECK(cols.error().code == "out_of_range");
}

TEST_CASE("The funnel counts how far each opportunity got", "[sales][pipeline]") {
  const auto p = default_pipeline();
  std::vector<OpportunityFacts> opps = {
      opp("initial_contact", cny(1), nullptr, {"initial_contact"}),
      opp("needs_analysis", cny(1), nullptr, {"initial_contact", "needs_analysis"}),
      // skipped needs analysis: still counted as having passed it
      opp("proposal", cny(1), nullptr, {"initial_contact", "proposal"}),
      opp("won", cny(1), nullptr, {"initial_contact", "needs_analysis", "proposal", "negotiation", "won"}),
      // lost after the proposal: counts up to the proposal, not to won
      opp("lost", cny(1), nullptr, {"initial_contact", "needs_analysis", "proposal", "lost"}),
  };
  const auto f = funnel(p, opps);
  REQUIRE(f.size() == 5);
  CHECK(f[0].stage == "initial_contact");
  CHECK(f[0].reached == 5);
  CHECK(f[1].reached == 4);
  CHECK(f[2].reached == 3);
  CHECK(f[3].reached == 1);
  CHECK(f[4].stage == "won");
  CHECK(f[4].reached == 1);
  CHECK(f[0].rate_from_previous == 1.0);
  CHECK(f[2].rate_from_previous == Approx(0.75));
  CHECK(f[3].rate_from_previous == Approx(1.0 / 3.0));
  CHECK(funnel(p, {})[0].rate_from_previous == 0);
}

TEST_CASE("The weighted forecast sums amount x probability by close month, exactly", "[sales][pipeline]") {
  const auto p = default_pipeline();
  auto overridden = opp("proposal", cny(100001), "2026-12-31");
  overridden.probability_pct = 33;
  std::vector<OpportunityFacts> opps = {
      opp("proposal", cny(100001), "2026-12-01"),     // 50 %: 500.005 -> 500.01 (half away from zero)
      opp("negotiation", cny(200000), "2026-12-15"),  // 75 %: 1500.00
      overridden,                                     // 33 %: 330.0033 -> 330.00
      opp("won", cny(700000), "2026-12-02"),
      opp("lost", cny(900000), "2026-12-03"),
      opp("initial_contact", Money{1000, "USD"}, "2027-01-10"),
      opp("proposal", std::nullopt, "2027-01-10"),  // no amount: not forecast
      opp("proposal", cny(5), nullptr),             // no close date: not forecast
  };
  auto f = forecast(p, opps);
  REQUIRE(f.ok());
  REQUIRE(f->size() == 2);
  const auto& dec = (*f)[0];
  CHECK((dec.year == 2026 && dec.month == 12));
  CHECK(dec.open == 3);
  CHECK(sum(dec.weighted, "CNY") == 50001 + 150000 + 33000);
  CHECK(sum(dec.pipeline, "CNY") == 100001 + 200000 + 100001);
  CHECK(sum(dec.won, "CNY") == 700000);
  const auto& jan = (*f)[1];
  CHECK((jan.year == 2027 && jan.month == 1));
  CHECK(jan.open == 1);
  CHECK(sum(jan.weighted, "USD") == 100);
  CHECK(sum(jan.weighted, "CNY") == 0);
}
