// The targets view (views/target_view.h) over a real replica: receipts reach their person through
// instalment, contract and customer; edits, deletions and owner changes move the numbers.
#include "views/target_view.h"

#include <catch2/catch.hpp>

#include "test_replica.h"

using namespace crm;
using namespace crm::sales;

namespace {

Json cny(int64_t minor) { return Json{{"minor", minor}, {"currency", "CNY"}}; }
CalendarDate d(const char* s) { return parse_date(s).value(); }

struct Device : TestReplica {
  TargetView view;
  Device() : TestReplica(21) {
    REQUIRE(view.load(replica->store()).ok());
    replica->set_observer([this](const RecordState& s) { view.on_change(s); });
  }
  std::string add(const std::string& entity, const FieldValues& values) {
    auto r = replica->create(entity, values);
    INFO((r.ok() ? "" : r.error().message));
    REQUIRE(r.ok());
    return r->id;
  }
  // A customer of `owner` with a contract of one instalment; returns the instalment.
  std::string contract_of(const std::string& owner, const std::string& name) {
    const std::string c = add("customer", {{"kind", "company"}, {"name", name}, {"owner", owner}, {"status", "active"}});
    customers[name] = c;
    const std::string k = add("contract", {{"customer_id", c}, {"title", name + " supply"}, {"amount", cny(10000000)}, {"status", "active"}});
    return add("instalment", {{"contract_id", k}, {"due_on", "2026-03-31"}, {"amount", cny(10000000)}});
  }
  std::map<std::string, std::string> customers;
};

const TargetQuery kMarch{period_of(PeriodKind::kMonth, d("2026-03-01")), "alice", kRoleSales, false};

}  // namespace

TEST_CASE("Targets view: a sales person's collected progress and commission with the receipts behind it",
          "[views][targets]") {
  Device dev;
  const std::string rule = dev.add("commission_rule", {{"name", "Standard"}, {"basis", "collected"}});
  dev.add("commission_tier", {{"rule_id", rule}, {"from_percent", "0"}, {"rate", "3"}});
  dev.add("commission_tier", {{"rule_id", rule}, {"from_percent", "100"}, {"rate", "5"}});
  dev.add("sales_target", {{"user", "alice"}, {"period", "month"}, {"starts_on", "2026-03-01"}, {"basis", "collected"},
                           {"amount", cny(1000000)}});
  const std::string alice_inst = dev.contract_of("alice", "Acme");
  const std::string bob_inst = dev.contract_of("bob", "Globex");
  const std::string r1 = dev.add("receipt", {{"instalment_id", alice_inst}, {"received_on", "2026-03-05"}, {"amount", cny(600000)}});
  const std::string r2 = dev.add("receipt", {{"instalment_id", alice_inst}, {"received_on", "2026-03-10"}, {"amount", cny(600000)}});
  dev.add("receipt", {{"instalment_id", alice_inst}, {"received_on", "2026-04-01"}, {"amount", cny(700000)}});  // April
  dev.add("receipt", {{"instalment_id", bob_inst}, {"received_on", "2026-03-10"}, {"amount", cny(900000)}});   // bob's

  const auto& report = dev.view.report(kMarch);
  REQUIRE(report.ok());
  REQUIRE(report->people.size() == 1);
  const PersonStanding& alice = report->people[0];
  CHECK(alice.user == "alice");
  CHECK(alice.collected.achieved == Money{1200000, "CNY"});
  CHECK(alice.collected.basis_points == 12000);
  CHECK(alice.collected.counted == std::vector<std::string>{r1, r2});
  REQUIRE(alice.rule);
  REQUIRE(alice.commission);
  CHECK(alice.commission->commission == Money{18000 + 22000, "CNY"});
  REQUIRE(alice.commission->lines.size() == 2);
  CHECK(alice.commission->lines[1].id == r2);
  const CountedDetail detail = dev.view.detail(r2);
  CHECK(detail.customer_name == "Acme");
  CHECK(detail.contract_label == "Acme supply");

  // A receipt recorded later (another device's, after sync) changes the figure; so does a
  // deleted one, and a rate changed by an admin.
  const std::string r3 = dev.add("receipt", {{"instalment_id", alice_inst}, {"received_on", "2026-03-20"}, {"amount", cny(100000)}});
  CHECK(dev.view.report(kMarch)->people[0].commission->commission == Money{45000, "CNY"});
  REQUIRE(dev.replica->remove("receipt", r1).ok());
  CHECK(dev.view.report(kMarch)->people[0].collected.achieved == Money{700000, "CNY"});
  CHECK(dev.view.report(kMarch)->people[0].commission->commission == Money{21000, "CNY"});
  (void)r3;

  // A customer handed to bob takes its receipts with it.
  REQUIRE(dev.replica->update("customer", dev.customers["Acme"], {{"owner", "bob"}}).ok());
  CHECK(dev.view.report(kMarch)->people[0].collected.achieved == Money{0, "CNY"});

  // Reloaded from the store, the view says the same as after the edits.
  TargetView fresh;
  REQUIRE(fresh.load(dev.replica->store()).ok());
  TargetQuery all = kMarch;
  all.everyone = true;
  const auto& a = dev.view.report(all);
  const auto& b = fresh.report(all);
  REQUIRE(a.ok());
  REQUIRE(b.ok());
  REQUIRE(a->people.size() == b->people.size());
  for (size_t i = 0; i < a->people.size(); ++i) {
    CHECK(a->people[i].user == b->people[i].user);
    CHECK(a->people[i].collected.achieved == b->people[i].collected.achieved);
    CHECK(a->people[i].commission->commission == b->people[i].commission->commission);
  }
}

TEST_CASE("Targets view: a manager sees each person and each team, won and collected", "[views][targets]") {
  Device dev;
  for (const char* user : {"alice", "bob"})
    dev.add("sales_target", {{"user", user}, {"team", "east"}, {"period", "quarter"}, {"starts_on", "2026-01-01"},
                             {"basis", "won"}, {"amount", cny(500000)}});
  dev.add("sales_target", {{"team", "east"}, {"period", "quarter"}, {"starts_on", "2026-01-01"}, {"basis", "won"},
                           {"amount", cny(1000000)}});
  dev.contract_of("alice", "Acme");
  dev.contract_of("bob", "Globex");
  dev.contract_of("carol", "Initech");  // a held customer of someone in no team
  auto won = [&](const char* customer, int64_t minor, const char* on) {
    dev.add("opportunity", {{"customer_id", dev.customers[customer]}, {"name", std::string(customer) + " deal"},
                            {"stage", "won"}, {"amount", cny(minor)}, {"closed_on", on}});
  };
  won("Acme", 300000, "2026-02-10");
  won("Acme", 100000, "2026-04-01");  // next quarter
  won("Globex", 450000, "2026-03-31");
  won("Initech", 999900, "2026-01-15");
  dev.add("opportunity", {{"customer_id", dev.customers["Globex"]}, {"name", "open"}, {"stage", "proposal"},
                          {"amount", cny(5000000)}});

  const TargetQuery q{period_of(PeriodKind::kQuarter, d("2026-02-01")), "mia", kRoleManager, true};
  const auto& report = dev.view.report(q);
  REQUIRE(report.ok());
  REQUIRE(report->people.size() == 3);
  CHECK(report->people[0].user == "alice");
  CHECK(report->people[0].team == "east");
  CHECK(report->people[0].won.achieved == Money{300000, "CNY"});
  CHECK(report->people[0].won.basis_points == 6000);
  CHECK(report->people[1].won.achieved == Money{450000, "CNY"});
  CHECK(report->people[2].user == "carol");
  CHECK_FALSE(report->people[2].won.target);
  CHECK_FALSE(report->people[0].commission);  // no rule: no commission
  REQUIRE(report->teams.size() == 1);
  CHECK(report->teams[0].team == "east");
  CHECK(report->teams[0].members == std::vector<std::string>{"alice", "bob"});
  CHECK(report->teams[0].won.achieved == Money{750000, "CNY"});
  CHECK(report->teams[0].won.basis_points == 7500);
}
