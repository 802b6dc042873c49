// The public pool on the device against a real crm-server (client/app/pool_actions.h): claims on
// two offline devices, the claim limit offline, returning with a reason, the owner's warning.
#include "app/pool_actions.h"
#include "app_fixture.h"

TEST_CASE("App: two devices claim one pool customer offline; the later push waits in needs attention naming the winner",
          "[client][app][integration][pool]") {
  LiveServer s;
  s.add_user("carol", "sales");
  s.add_user("root", "admin");
  const int64_t now = real_now_ms();
  Device alice(s.db("alice"), now, 1), carol(s.db("carol"), now, 2), root(s.db("root"), now, 3);
  alice.sign_in(s.url(), "alice");
  carol.sign_in(s.url(), "carol");
  root.sign_in(s.url(), "root");
  // Sales people may hold one customer.
  REQUIRE(root.app->save("pool_rule", "", {{"role", "sales"}, {"return_after_days", "30"}, {"warn_days", "7"},
                                           {"claim_limit", "1"}})
              .ok);
  root.sync_after_edit();
  // Alice returns two of hers to the pool, with a reason (none: refused).
  const std::string acme = alice.save_customer({{"kind", "company"}, {"name", "Acme"}});
  const std::string zeta = alice.save_customer({{"kind", "company"}, {"name", "Zeta"}});
  CHECK(return_to_pool(*alice.app, acme, " ").field_errors.at("pool_reason") == "reason_required");
  REQUIRE(return_to_pool(*alice.app, acme, "Moved away").ok);
  REQUIRE(return_to_pool(*alice.app, zeta, "Not my region").ok);
  alice.sync_after_edit();
  carol.sync_after_edit();
  REQUIRE(carol.app->values("customer", acme));
  CHECK(customers_held(*alice.app) == 0);

  // Both claim Acme offline; carol's push arrives first, though alice claimed later on her clock.
  REQUIRE(claim_customer(*carol.app, acme).ok);
  alice.clock.advance(60'000);
  REQUIRE(claim_customer(*alice.app, acme).ok);
  CHECK(str(*alice.app->values("customer", acme), "owner") == "alice");
  CHECK_FALSE(str(*alice.app->values("customer", acme), "claimed_at").empty());
  // Offline, alice holds her limit now: a second claim is refused on the device.
  const FormOutcome over = claim_customer(*alice.app, zeta);
  CHECK_FALSE(over.ok);
  CHECK(over.error.code == "claim_limit");
  carol.sync_after_edit();
  alice.sync_after_edit();
  const auto waiting = alice.app->attention();
  REQUIRE(waiting.size() == 1);
  CHECK(waiting[0].key.id == acme);
  CHECK(waiting[0].code == "already_claimed");
  CHECK(claimed_by(waiting[0].message) == "carol");
  // Nothing typed is lost: her copy stays as she left it until she discards it.
  REQUIRE(alice.app->values("customer", acme));
  CHECK(str(*alice.app->values("customer", acme), "owner") == "alice");
  REQUIRE(alice.app->discard_attention(RecordKey{"customer", acme}).ok());
  alice.clock.advance(SyncSchedule{}.period_ms);
  alice.frame();
  CHECK_FALSE(alice.app->values("customer", acme));  // carol's now: not in alice's scope
  // Her hands are free again: Zeta can be claimed, and the server agrees.
  REQUIRE(claim_customer(*alice.app, zeta).ok);
  alice.sync_after_edit();
  CHECK(alice.app->attention().empty());
  CHECK(str(*carol.app->values("customer", acme), "owner") == "carol");
}

TEST_CASE("App: the owner sees the automatic return coming from N-7 days on, offline", "[client][app][integration][pool]") {
  LiveServer s;
  const int64_t start = real_now_ms();
  Device alice(s.db("alice"), start, 7);
  alice.sign_in(s.url(), "alice");
  const std::string acme = alice.save_customer({{"kind", "company"}, {"name", "Acme"}});
  const auto fresh = pool_standing(*alice.app, acme, 0);
  REQUIRE(fresh);
  CHECK(fresh->standing == sales::PoolStanding::kKept);
  CHECK(fresh->days_left == 30);
  alice.clock.advance(24LL * 24 * 3600 * 1000);  // 24 days later: 6 left, within the 7-day warning
  auto warned = pool_standing(*alice.app, acme, 0);
  REQUIRE(warned);
  CHECK(warned->standing == sales::PoolStanding::kWarning);
  CHECK(warned->days_left == 6);
  // A call today restarts the period.
  REQUIRE(alice.app->save("activity", "", {{"customer_id", acme}, {"kind", "call"}, {"subject", "Hello"},
                                           {"at", iso8601_utc(alice.clock.now_ms())}})
              .ok);
  CHECK(pool_standing(*alice.app, acme, 0)->days_left == 30);
  // Not hers: no standing.
  CHECK_FALSE(pool_standing(*alice.app, "0193f0a2-7c1e-7abc-8def-000000000001", 0));
}
