// The pipeline view (views/pipeline_view.h) against the reference numbers (sales/pipeline_math.h)
// computed from the store after every edit: incremental sums must equal a full recomputation.
#include "views/pipeline_view.h"

#include <catch2/catch.hpp>
#include <random>

#include "model/entity_rules.h"
#include "replica/stage_move_edit.h"
#include "test_replica.h"

using namespace crm;
using namespace crm::sales;

namespace {

struct Device : TestReplica {
  PipelineView view;
  Device() : TestReplica(11) {
    REQUIRE(view.load(replica->store()).ok());
    replica->set_observer([this](const RecordState& s) { view.on_change(s); });
  }
  std::string add(const std::string& entity, const FieldValues& values) {
    auto r = replica->create(entity, values);
    INFO((r.ok() ? "" : r.error().message));
    REQUIRE(r.ok());
    return r->id;
  }
  std::vector<FieldValues> all(const std::string& entity) {
    std::vector<FieldValues> out;
    auto held = replica->store().list(entity);
    REQUIRE(held.ok());
    for (const auto& s : held.value()) {
      auto v = Replica::visible_values(s);
      v["_id"] = s.id;
      out.push_back(std::move(v));
    }
    return out;
  }
  // The reference: every held opportunity matching the filter, as facts, from the store.
  std::vector<OpportunityFacts> reference(const PipelineFilter& f) {
    std::map<std::string, std::string> owner;
    for (const auto& c : all("customer")) owner[c.at("_id")] = value_of(c, "owner").is_string() ? c.at("owner").get<std::string>() : "";
    std::map<std::string, std::vector<std::string>> seen;
    for (const auto& ch : all("stage_change")) {
      auto& s = seen[ch.at("opportunity_id")];
      if (ch.count("from_stage")) s.push_back(ch.at("from_stage"));
      s.push_back(ch.at("to_stage"));
    }
    std::vector<OpportunityFacts> out;
    for (const auto& o : all("opportunity")) {
      const std::string who = owner[o.at("customer_id")];
      if (f.scope == PipelineScope::kMine && who != f.me) continue;
      if (f.scope == PipelineScope::kTeam && who.empty()) continue;
      if (!f.owner.empty() && who != f.owner) continue;
      OpportunityFacts x{o.at("_id"), o.at("stage"), std::nullopt, std::nullopt, std::nullopt, seen[o.at("_id")]};
      if (o.count("amount")) x.amount = money_from_json(o.at("amount")).value();
      if (o.count("probability")) x.probability_pct = o.at("probability").get<int>();
      const bool closed = x.stage == "won" || x.stage == "lost";
      const char* close = closed && o.count("closed_on") ? "closed_on" : "expected_close";
      if (o.count(close)) x.close = parse_date(o.at(close).get<std::string>()).value();
      if (!f.close_month.empty() && (!x.close || format_date(*x.close).substr(0, 7) != f.close_month)) continue;
      out.push_back(std::move(x));
    }
    return out;
  }
  void check_against_reference() {
    const auto facts = reference(view.filter());
    const auto p = default_pipeline();
    auto cols = board_columns(p, facts);
    REQUIRE(cols.ok());
    REQUIRE(view.columns().ok());
    size_t cards = 0;
    for (size_t i = 0; i < cols->size(); ++i) {
      CHECK((*cols)[i].count == view.columns()->at(i).count);
      CHECK((*cols)[i].total == view.columns()->at(i).total);
      CHECK(view.cards(i).size() == (*cols)[i].count);
      cards += view.cards(i).size();
    }
    CHECK(cards == facts.size());
    auto f = funnel(p, facts);
    REQUIRE(f.size() == view.funnel().size());
    for (size_t i = 0; i < f.size(); ++i) {
      CHECK(f[i].reached == view.funnel()[i].reached);
      CHECK(f[i].rate_from_previous == Approx(view.funnel()[i].rate_from_previous));
    }
    auto fc = forecast(p, facts);
    REQUIRE(fc.ok());
    REQUIRE(view.forecast().ok());
    REQUIRE(fc->size() == view.forecast()->size());
    for (size_t i = 0; i < fc->size(); ++i) {
      const auto &a = (*fc)[i], &b = view.forecast()->at(i);
      CHECK(a.year == b.year);
      CHECK(a.month == b.month);
      CHECK(a.open == b.open);
      CHECK(a.weighted == b.weighted);
      CHECK(a.pipeline == b.pipeline);
      CHECK(a.won == b.won);
    }
  }
};

Json money(int64_t minor, const char* currency) { return Json{{"minor", minor}, {"currency", currency}}; }

}  // namespace

TEST_CASE("The pipeline view's sums equal a full recomputation after every edit", "[views][pipeline]") {
  Device d;
  std::mt19937 rng(20261201);
  auto pick = [&](int n) { return static_cast<int>(rng() % static_cast<unsigned>(n)); };
  const char* owners[] = {"amy", "bob", ""};
  const char* open[] = {"initial_contact", "needs_analysis", "proposal", "negotiation"};
  std::vector<std::string> customers, opps;
  for (int i = 0; i < 6; ++i)
    customers.push_back(d.add("customer", {{"kind", "company"}, {"name", "C" + std::to_string(i)}, {"owner", owners[i % 3]}}));
  const std::vector<PipelineFilter> filters = {
      {}, {PipelineScope::kMine, "amy", "", ""}, {PipelineScope::kTeam, "amy", "", ""},
      {PipelineScope::kEveryone, "", "bob", ""}, {PipelineScope::kEveryone, "", "", "2026-12"}};
  for (int step = 0; step < 300; ++step) {
    const int what = opps.empty() ? 0 : pick(7);
    const auto today = parse_date(pick(2) ? "2026-12-15" : "2027-01-03").value();
    if (what == 0) {
      FieldValues v = {{"customer_id", customers[pick(6)]}, {"name", "O" + std::to_string(step)}, {"stage", open[pick(4)]}};
      if (pick(4)) v["amount"] = money(1000 + pick(100000), pick(3) ? "CNY" : "EUR");
      if (pick(4)) v["expected_close"] = pick(2) ? "2026-12-20" : "2027-02-01";
      if (pick(4) == 0) v["probability"] = pick(101);
      opps.push_back(d.add("opportunity", v));
    } else if (what <= 2) {  // a stage move (the history grows)
      const std::string to = pick(3) ? open[pick(4)] : pick(2) ? "won" : "lost";
      FieldValues extra;
      if (to == "won") extra["amount"] = money(5000 + pick(1000), "CNY");
      if (to == "lost") extra["lost_reason"] = "price";
      (void)move_stage(*d.replica, opps[pick(static_cast<int>(opps.size()))],
                       StageMoveInput{.to = to, .extra = extra, .by = "amy", .at_ms = d.clock.now_ms(), .today = today});
    } else if (what == 3) {
      (void)d.replica->update("opportunity", opps[pick(static_cast<int>(opps.size()))],
                              {{"amount", money(pick(50000), "CNY")}, {"expected_close", pick(2) ? "2026-12-01" : "2027-03-31"}});
    } else if (what == 4) {  // a customer changes hands: its deals change scope
      (void)d.replica->update("customer", customers[pick(6)], {{"owner", owners[pick(3)]}});
    } else if (what == 5) {
      (void)d.replica->remove("opportunity", opps[pick(static_cast<int>(opps.size()))]);
    } else {
      d.view.set_filter(filters[pick(static_cast<int>(filters.size()))]);
    }
    d.check_against_reference();
    d.clock.advance(1000);
  }
  // Loading from the store gives the same answers as the changes did.
  PipelineView loaded;
  REQUIRE(loaded.load(d.replica->store()).ok());
  d.view.set_filter({});
  REQUIRE(loaded.columns().ok());
  for (size_t i = 0; i < loaded.columns()->size(); ++i)
    CHECK(loaded.columns()->at(i).total == d.view.columns()->at(i).total);
  CHECK(loaded.size() == d.view.size());
}

TEST_CASE("Board cards carry the customer's name and sort by close date", "[views][pipeline]") {
  Device d;
  const auto c = d.add("customer", {{"kind", "company"}, {"name", "Acme"}, {"owner", "amy"}});
  d.add("opportunity", {{"customer_id", c}, {"name", "Later"}, {"stage", "proposal"}, {"expected_close", "2027-01-10"}});
  d.add("opportunity", {{"customer_id", c}, {"name", "Sooner"}, {"stage", "proposal"}, {"expected_close", "2026-12-10"}});
  d.add("opportunity", {{"customer_id", c}, {"name", "Undated"}, {"stage", "proposal"}});
  const auto& cards = d.view.cards(static_cast<size_t>(d.view.pipeline().index("proposal")));
  REQUIRE(cards.size() == 3);
  CHECK(cards[0]->name == "Sooner");
  CHECK(cards[1]->name == "Later");
  CHECK(cards[2]->name == "Undated");
  CHECK(d.view.customer_name(cards[0]->customer_id) == "Acme");
  CHECK(d.view.owners() == std::vector<std::string>{"amy"});
  REQUIRE(d.replica->update("customer", c, {{"name", "Acme Ltd"}}).ok());
  CHECK(d.view.customer_name(cards[0]->customer_id) == "Acme Ltd");
}
