// Stage moves: the plan on plain values, and the one-step write through a replica.
#include "replica/stage_move_edit.h"

#include <catch2/catch.hpp>

#include "core/time_format.h"
#include "test_replica.h"

using namespace crm;
using namespace crm::sales;

namespace {

const Json kAmount = Json{{"minor", 1250000}, {"currency", "CNY"}};

struct Device : TestReplica {
  explicit Device(const char* role = kRoleSales) : TestReplica(7) {
    replica->set_actor(Actor{"amy", role});
  }
  std::string add(const std::string& entity, const FieldValues& values) {
    auto r = replica->create(entity, values);
    INFO((r.ok() ? "" : r.error().code + ": " + r.error().message));
    REQUIRE(r.ok());
    return r->id;
  }
  FieldValues get(const std::string& entity, const std::string& id) {
    auto s = replica->store().get(entity, id);
    REQUIRE(s.ok());
    REQUIRE(s.value());
    return Replica::visible_values(**s);
  }
  size_t history(const std::string& opp) {
    auto all = replica->store().list("stage_change");
    REQUIRE(all.ok());
    size_t n = 0;
    for (const auto& s : *all) n += Replica::visible_values(s).at("opportunity_id") == opp;
    return n;
  }
  StageMoveInput to(const std::string& stage, FieldValues extra = {}) {
    return StageMoveInput{.to = stage, .extra = std::move(extra), .by = "amy", .at_ms = clock.now_ms(),
                          .today = parse_date("2026-11-30").value()};
  }
};

}  // namespace

TEST_CASE("A won deal records its move, its close date and makes the prospect a customer", "[sales][stage]") {
  Device d;
  const auto customer = d.add("customer", {{"kind", "company"}, {"name", "Acme"}, {"status", "prospect"}});
  const auto opp = d.add("opportunity", {{"customer_id", customer}, {"name", "Lathes"}, {"stage", "proposal"}});

  // Won needs an amount: refused with the opportunity's own code, and nothing is written.
  auto refused = move_stage(*d.replica, opp, d.to("won"));
  REQUIRE_FALSE(refused.ok());
  CHECK(refused.error().code == "amount_required");
  CHECK(d.get("opportunity", opp).at("stage") == "proposal");
  CHECK(d.history(opp) == 0);
  CHECK(d.get("customer", customer).at("status") == "prospect");

  auto won = move_stage(*d.replica, opp, d.to("won", {{"amount", kAmount}}));
  REQUIRE(won.ok());
  const auto v = d.get("opportunity", opp);
  CHECK(v.at("stage") == "won");
  CHECK(v.at("amount") == kAmount);
  CHECK(v.at("closed_on") == "2026-11-30");
  const auto change = Replica::visible_values(won->stage_change);
  CHECK(change.at("opportunity_id") == opp);
  CHECK(change.at("from_stage") == "proposal");
  CHECK(change.at("to_stage") == "won");
  CHECK(change.at("by") == "amy");
  CHECK(change.at("at") == iso8601_utc(d.clock.now_ms()));
  REQUIRE(won->customer);
  CHECK(d.get("customer", customer).at("status") == "active");
  // All three wait in the outbox, to be pushed together.
  CHECK(d.replica->store().outbox_size().value() == 3);  // customer, opportunity, change
}

TEST_CASE("Lost needs a reason; reopening clears the close date; won is reopened only by a manager",
          "[sales][stage]") {
  Device d;
  const auto customer = d.add("customer", {{"kind", "company"}, {"name", "Acme"}, {"status", "active"}});
  const auto opp = d.add("opportunity", {{"customer_id", customer}, {"name", "Lathes"}, {"stage", "negotiation"}, {"amount", kAmount}});

  auto no_reason = move_stage(*d.replica, opp, d.to("lost"));
  REQUIRE_FALSE(no_reason.ok());
  CHECK(no_reason.error().code == "reason_required");
  REQUIRE(move_stage(*d.replica, opp, d.to("lost", {{"lost_reason", "price"}})).ok());
  CHECK(d.get("opportunity", opp).at("closed_on") == "2026-11-30");

  auto same = move_stage(*d.replica, opp, d.to("lost", {{"lost_reason", "price"}}));
  REQUIRE_FALSE(same.ok());
  CHECK(same.error().code == "same_stage");
  auto unknown = move_stage(*d.replica, opp, d.to("signed"));
  REQUIRE_FALSE(unknown.ok());
  CHECK(unknown.error().code == "unknown_stage");

  auto reopened = move_stage(*d.replica, opp, d.to("negotiation"));
  REQUIRE(reopened.ok());
  CHECK_FALSE(d.get("opportunity", opp).count("closed_on"));
  CHECK_FALSE(reopened->customer);  // an active customer stays as it is
  REQUIRE(move_stage(*d.replica, opp, d.to("won")).ok());
  // Once the server has the won deal (acknowledged), the device applies the state machine as
  // the server would: a sales person may not reopen it. (Before, the server has the last word.)
  auto held = d.replica->store().get("opportunity", opp);
  REQUIRE(held.ok());
  REQUIRE(d.replica->store().acknowledge("opportunity", opp, held.value()->vv).ok());
  auto by_sales = move_stage(*d.replica, opp, d.to("proposal"));
  REQUIRE_FALSE(by_sales.ok());
  CHECK(by_sales.error().code == "forbidden_transition");
  CHECK(d.history(opp) == 3);

  d.replica->set_actor(Actor{"max", kRoleManager});
  REQUIRE(move_stage(*d.replica, opp, d.to("proposal")).ok());
  CHECK(d.history(opp) == 4);
  auto missing = move_stage(*d.replica, "0190f0a0-0000-7000-8000-000000000000", d.to("won"));
  REQUIRE_FALSE(missing.ok());
  CHECK(missing.error().code == "not_found");
}

TEST_CASE("The lifecycle: a won deal makes any customer but an active one active", "[sales][stage]") {
  CHECK(status_after_won("prospect") == "active");
  CHECK(status_after_won("") == "active");
  CHECK(status_after_won("inactive") == "active");
  CHECK(status_after_won("lost") == "active");
  CHECK_FALSE(status_after_won("active"));
  // The plan leaves a customer the device does not hold alone.
  auto plan = plan_stage_move("o", {{"stage", "proposal"}}, nullptr,
                              StageMoveInput{.to = "won", .today = parse_date("2026-01-31").value()});
  REQUIRE(plan.ok());
  CHECK_FALSE(plan->customer);
  CHECK_FALSE(plan->stage_change.count("by"));
}

TEST_CASE("A transaction begun inside another is a savepoint", "[store][stage]") {
  Device d;
  auto& db = d.replica->store().db();
  {
    auto outer = Transaction::begin(db);
    REQUIRE(outer.ok());
    d.add("customer", {{"kind", "company"}, {"name", "Kept until the outer rollback"}});
    {
      auto inner = Transaction::begin(db);
      REQUIRE(inner.ok());
      d.add("customer", {{"kind", "company"}, {"name", "Undone with the inner one"}});
    }  // inner rolled back
    CHECK(d.replica->store().count("customer").value() == 1);
  }  // outer rolled back
  CHECK(d.replica->store().count("customer").value() == 0);
}
