// The app's pipeline (client/app/app_pipeline.cpp) against a real crm-server: a sales person's
// board shows her deals; a move to won asks for the amount with the rule's code, then moves the
// deal, makes the prospect a customer and syncs all of it.
#include "app_fixture.h"

TEST_CASE("App: moving a deal to won on the board", "[client][app][pipeline][integration]") {
  LiveServer s;
  Device d(s.db("phone"), real_now_ms(), 3);
  d.sign_in(s.url(), "alice");
  d.frame();  // first sync
  FormOutcome customer = d.app->save("customer", "", {{"kind", "company"}, {"name", "Acme"}, {"status", "prospect"}});
  REQUIRE(customer.ok);
  FormOutcome opp = d.app->save("opportunity", "", {{"customer_id", customer.id}, {"name", "Lathes"}, {"stage", "proposal"}});
  REQUIRE(opp.ok);
  PipelineView* board = d.app->pipeline();
  REQUIRE(board);
  CHECK(board->filter().scope == PipelineScope::kMine);  // a sales person's own deals
  const size_t proposal = static_cast<size_t>(board->pipeline().index("proposal"));
  const size_t won = static_cast<size_t>(board->pipeline().index("won"));
  REQUIRE(board->cards(proposal).size() == 1);

  FormOutcome refused = d.app->move_stage(opp.id, "won", {{"amount", ""}}, 0);
  CHECK_FALSE(refused.ok);
  CHECK(refused.field_errors == std::map<std::string, std::string>{{"amount", "amount_required"}});
  FormOutcome typo = d.app->move_stage(opp.id, "won", {{"amount", "12500 XYZ"}}, 0);
  CHECK(typo.field_errors == std::map<std::string, std::string>{{"amount", "invalid_currency"}});

  FormOutcome moved = d.app->move_stage(opp.id, "won", {{"amount", "12500 CNY"}}, 480);
  REQUIRE(moved.ok);
  CHECK(board->cards(proposal).empty());
  REQUIRE(board->cards(won).size() == 1);
  CHECK(board->columns()->at(won).total.by_currency().at("CNY") == 1250000);
  CHECK(board->funnel().back().reached == 1);
  CHECK(d.app->values("customer", customer.id)->at("status") == "active");
  CHECK(d.outbox() == 3);  // the customer, the deal and its stage change
  d.sync_after_edit();
  CHECK(d.outbox() == 0);
  CHECK(d.app->sync_state().last_error.code.empty());
}
