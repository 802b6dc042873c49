// The app's contracts and collection (client/app/app_contracts.cpp) against a real crm-server: a
// contract saved offline shows no number until the sync brings the server's; "split into 3" makes
// a plan that adds up; activating refuses a plan that does not; a receipt moves the collection
// view's sums at once; a contract and an order from an accepted quote.
#include "app_fixture.h"

TEST_CASE("App: a contract's number, payment plan, activation and collection", "[client][app][contracts][integration]") {
  LiveServer s;
  Device d(s.db("phone"), real_now_ms(), 5);
  d.sign_in(s.url(), "alice");
  d.frame();
  FormOutcome customer = d.app->save("customer", "", {{"kind", "company"}, {"name", "Acme"}, {"status", "prospect"}});
  REQUIRE(customer.ok);
  FormOutcome contract = d.app->save("contract", "", {{"customer_id", customer.id}, {"title", "Pumps"},
                                                      {"amount", "1000.00 CNY"}, {"status", "draft"}});
  REQUIRE(contract.ok);
  CHECK(d.app->values("contract", contract.id)->count("number") == 0);  // pending

  REQUIRE(d.app->split_payment_plan(contract.id, 3, "2020-01-31").ok());
  CHECK(d.app->split_payment_plan(contract.id, 2, "2020-01-31").error().code == "plan_exists");
  CollectionView* view = d.app->collection(480);
  REQUIRE(view);
  auto plan = view->book().plan(contract.id);
  REQUIRE(plan.size() == 3);
  CHECK(plan[0].amount.minor == 33333);
  CHECK(plan[2].amount.minor == 33334);
  CHECK(format_date(plan[1].due_on) == "2020-02-29");
  CHECK(view->book().all().in("CNY")->overdue == 100000);  // all three are long past due

  // One instalment edited so the plan no longer adds up: not activated.
  const std::string first = plan[0].id;
  REQUIRE(d.app->save("instalment", first, {{"amount", "300.00 CNY"}}).ok);
  CHECK(d.app->activate_contract(contract.id).error().code == "plan_mismatch");
  REQUIRE(d.app->save("instalment", first, {{"amount", "333.33 CNY"}}).ok);
  REQUIRE(d.app->activate_contract(contract.id).ok());
  CHECK(d.app->values("contract", contract.id)->at("status") == "active");

  FormOutcome receipt = d.app->save("receipt", "", {{"instalment_id", first}, {"received_on", "2020-02-01"},
                                                    {"amount", "333.33 CNY"}});
  REQUIRE(receipt.ok);
  CHECK(view->book().instalment(first)->outstanding.minor == 0);
  CHECK(view->book().all().in("CNY")->received == 33333);
  CHECK(view->book().person("alice").in("CNY")->outstanding == 66667);
  CHECK(view->book().over_outstanding(plan[1].id, Money{40000, "CNY"})->minor == 6667);

  d.sync_after_edit();
  CHECK(d.outbox() == 0);
  d.app->sync_now();  // the next pull brings the server's number
  d.frame();
  CHECK(d.app->values("contract", contract.id)->at("number") == "C-000001");
  FormOutcome order = d.app->save("sales_order", "", {{"customer_id", customer.id}, {"title", "Delivery"}, {"status", "open"}});
  REQUIRE(order.ok);
  d.sync_after_edit();
  d.app->sync_now();
  d.frame();
  CHECK(d.app->values("sales_order", order.id)->at("number") == "SO-000001");
}

TEST_CASE("App: a contract and an order from an accepted quote", "[client][app][contracts]") {
  LiveServer s;
  Device d(s.db("phone"), real_now_ms(), 6);
  d.sign_in(s.url(), "alice");
  d.frame();
  FormOutcome customer = d.app->save("customer", "", {{"kind", "company"}, {"name", "Acme"}, {"status", "prospect"}});
  REQUIRE(customer.ok);
  FormOutcome quote = d.app->save("quote", "", {{"customer_id", customer.id}, {"title", "Pumps"}, {"currency", "CNY"}, {"status", "draft"}});
  REQUIRE(quote.ok);
  REQUIRE(d.app->save("quote_line", "", {{"quote_id", quote.id}, {"quantity", "2"}, {"unit_price", "100.00 CNY"},
                                         {"tax_rate", "13"}}).ok);
  CHECK(d.app->make_contract(quote.id).error().code == "not_accepted");
  // The quote's own screens move it through approval and sending; here it is simply accepted.
  auto accepted = d.app->save("quote", quote.id, {{"status", "accepted"}});
  REQUIRE(accepted.ok);
  auto contract = d.app->make_contract(quote.id);
  REQUIRE(contract.ok());
  const auto values = d.app->values("contract", contract.value()).value();
  CHECK(values.at("amount") == Json{{"minor", 22600}, {"currency", "CNY"}});
  CHECK(values.at("quote_id") == quote.id);
  CHECK(d.app->children(contract.value(), "contract_line").size() == 1);
  // Made twice (a second tap, or another device): still one contract.
  CHECK(d.app->make_contract(quote.id).value() == contract.value());
  auto order = d.app->make_order("quote", quote.id, 0);
  REQUIRE(order.ok());
  CHECK(d.app->values("sales_order", order.value())->at("quote_id") == quote.id);
  CHECK(d.app->children(order.value(), "order_line").size() == 1);
}
