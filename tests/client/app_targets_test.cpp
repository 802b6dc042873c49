// The app's targets and commission (client/app/app_targets.cpp) against a real crm-server: what
// a sales person types (a contract, its instalment, a receipt) shows at once in her progress, the
// question asks about the period holding today in her time zone, and the screen has an address.
#include "app/router.h"
#include "app_fixture.h"

TEST_CASE("App: a receipt typed on the phone counts in this month's progress", "[client][app][targets][integration]") {
  LiveServer s;
  const int64_t now = real_now_ms();
  Device d(s.db("phone"), now, 5);
  d.sign_in(s.url(), "alice");
  d.frame();  // first sync
  TargetView* view = d.app->targets();
  REQUIRE(view);

  // A sales person sees only herself, even when asking for everyone.
  const TargetQuery q = d.app->target_query(sales::PeriodKind::kMonth, 0, true, 480);
  CHECK_FALSE(q.everyone);
  CHECK(q.me == "alice");
  CHECK(q.period == sales::period_at(sales::PeriodKind::kMonth, now, 480));
  CHECK(d.app->target_query(sales::PeriodKind::kQuarter, -1, false, 480).period ==
        sales::shift(sales::period_at(sales::PeriodKind::kQuarter, now, 480), -1));

  const std::string today = format_date(local_date(now, 480));
  FormOutcome customer = d.app->save("customer", "", {{"kind", "company"}, {"name", "Acme"}, {"owner", "alice"}, {"status", "active"}});
  REQUIRE(customer.ok);
  FormOutcome contract = d.app->save(
      "contract", "", {{"customer_id", customer.id}, {"title", "Supply"}, {"amount", "5000 CNY"}, {"status", "active"}});
  REQUIRE(contract.ok);
  FormOutcome inst = d.app->save("instalment", "", {{"contract_id", contract.id}, {"due_on", today}, {"amount", "5000 CNY"}});
  REQUIRE(inst.ok);
  FormOutcome receipt = d.app->save("receipt", "", {{"instalment_id", inst.id}, {"received_on", today}, {"amount", "1250.50 CNY"}});
  REQUIRE(receipt.ok);
  const auto& report = view->report(q);
  REQUIRE(report.ok());
  REQUIRE(report->people.size() == 1);
  CHECK(report->people[0].collected.achieved == Money{125050, "CNY"});
  CHECK(report->people[0].collected.counted == std::vector<std::string>{receipt.id});
  CHECK_FALSE(report->people[0].rule);  // no commission rule on this server yet

  // "#/targets" opens the screen, and the screen has that address.
  CHECK(route_from_address("#/targets").screen == Screen::kTargets);
  CHECK(Route{Screen::kTargets, "", "", ""}.address() == "#/targets");
  d.sync_after_edit();
  CHECK(d.outbox() == 0);
}
