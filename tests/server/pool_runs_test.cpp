// The server's own pool writes, in-process (HTTP is not the subject): the automatic return to
// the pool, the round-robin of leads, the owner transfer (docs/access.md, "The public pool").
#include <catch2/catch.hpp>

#include "core/time_format.h"
#include "crdt/merge.h"
#include "crdt/record_codec.h"
#include "in_process_server.h"
#include "pool/auto_return.h"
#include "pool/lead_assignment.h"
#include "pool/owner_transfer.h"
#include "pool/pool_names.h"

using namespace crm;
using namespace crm::server;

namespace {

int64_t at(const char* iso) { return parse_iso8601(iso).value(); }

// Team north: alice, bob, cleo (sales), mia (manager); zed (sales, no team); ada (admin).
struct PoolWorld : test::InProcessServer {
  std::map<std::string, Session> who;
  std::map<std::string, RecordState> known;  // "entity/id" -> as the server last answered
  int64_t t = at("2026-10-01T08:00:00Z");

  PoolWorld() {
    clock.set(at("2026-10-02T00:00:00Z"));  // the devices' stamps below are not ahead of it
    team("north");
    for (auto [name, role, team] : {std::tuple{"alice", "sales", "north"}, {"bob", "sales", "north"},
                                    {"cleo", "sales", "north"}, {"mia", "manager", "north"},
                                    {"zed", "sales", ""}, {"ada", "admin", ""}})
      who[name] = user(name, role, team);
  }
  // Writes `values` onto a record from `user`'s device at `stamp_ms` and pushes it.
  Json push1(const std::string& user, const std::string& entity, const std::string& id, const FieldValues& v,
             int64_t stamp_ms = 0) {
    RecordState st = known.count(entity + "/" + id) ? known[entity + "/" + id] : RecordState{entity, id, {}, {}};
    apply_local_write(st, who[user].device_id, HlcStamp{stamp_ms ? stamp_ms : ++t, 0}, v);
    st.normalize();
    ApiResponse r = api->push(who[user], Json{{"protocol", 1}, {"records", Json::array({encode_record(st)})}}.dump());
    INFO(r.body);
    REQUIRE(r.status == 200);
    Json res = Json::parse(r.body)["results"][0];
    if (!res.contains("rejected")) known[entity + "/" + id] = res.contains("state") ? decode_record(res["state"]).value() : st;
    return res;
  }
  // The record as the server holds it now.
  RecordState stored(const std::string& entity, const std::string& id) {
    auto all = store->records_of(entity);
    REQUIRE(all.ok());
    for (auto& r : all.value())
      if (r.id == id) return r;
    FAIL("not stored: " << entity << " " << id);
    return {};
  }
  // What `user`'s pull from `cursor` brings: "entity/id" -> present (true) or removed (false).
  std::map<std::string, bool> pull(const std::string& user, int64_t& cursor) {
    std::map<std::string, bool> seen;
    for (int guard = 0; guard < 100; ++guard) {
      ApiResponse r = api->pull(who[user], Json{{"protocol", 1}, {"cursor", cursor}, {"limit", 50}}.dump());
      REQUIRE(r.status == 200);
      Json page = Json::parse(r.body);
      for (const auto& k : page.value("removed", Json::array()))
        seen[k["entity"].get<std::string>() + "/" + k["id"].get<std::string>()] = false;
      for (const auto& rec : page["records"]) seen[rec["entity"].get<std::string>() + "/" + rec["id"].get<std::string>()] = true;
      cursor = page["next_cursor"];
      if (!page["has_more"].get<bool>()) return seen;
    }
    FAIL("pull did not finish");
    return seen;
  }
  ChangeAuthor server_at(int64_t ms) { return ChangeAuthor{0, pool::kServerReplica, ms}; }
  std::vector<std::string> returned_at(int64_t ms, int utc_offset = 0) {
    clock.set(ms);
    auto r = pool::return_due(*store, *store, server_at(ms), utc_offset);
    REQUIRE(r.ok());
    std::vector<std::string> ids;
    for (const auto& c : r.value()) ids.push_back(c.id);
    return ids;
  }
};

std::string id_n(int n) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "0193f0a2-7c1e-7abc-8def-%012d", n);
  return buf;
}

}  // namespace

TEST_CASE("A customer without follow-up for N days and without an open deal returns to the pool once, audited",
          "[server][pool]") {
  PoolWorld w;
  const std::string c1 = id_n(1), c2 = id_n(2), c3 = id_n(3), c4 = id_n(4);
  for (const auto& id : {c1, c2, c3, c4})
    REQUIRE_FALSE(w.push1("alice", "customer", id, {{"kind", "company"}, {"name", "C" + id.substr(30)}, {"owner", "alice"}},
                          at("2026-10-01T08:00:00Z"))
                      .contains("rejected"));
  // c2: a call on Oct 20; c3: an open deal; c4: a visit on Oct 5 (late evening in UTC+8).
  REQUIRE_FALSE(w.push1("alice", "activity", id_n(12), {{"customer_id", c2}, {"kind", "call"}, {"subject", "Prices"},
                                                        {"at", "2026-10-20T09:00:00Z"}})
                    .contains("rejected"));
  REQUIRE_FALSE(w.push1("alice", "opportunity", id_n(13), {{"customer_id", c3}, {"name", "Fleet"}, {"stage", "proposal"}})
                    .contains("rejected"));
  REQUIRE_FALSE(w.push1("alice", "visit", id_n(14), {{"customer_id", c4}, {"checkin_at", "2026-10-05T15:30:00Z"}})
                    .contains("rejected"));
  int64_t alice_cursor = 0;
  w.pull("alice", alice_cursor);

  // Oct 31 is day 30 after Oct 1: not yet; Nov 4 in UTC+8 is day 30 after c4's visit (Oct 5 23:30 there).
  CHECK(w.returned_at(at("2026-10-30T12:00:00Z")).empty());
  CHECK(w.returned_at(at("2026-11-03T15:59:00Z"), 480) == std::vector<std::string>{c1});
  CHECK(w.returned_at(at("2026-11-03T16:00:00Z"), 480) == std::vector<std::string>{c4});
  CHECK(w.returned_at(at("2026-11-03T16:00:00Z"), 480).empty());  // idempotent
  RecordState back = w.stored("customer", c1);
  CHECK(back.value("owner").is_null());
  CHECK(back.value("pool_reason").get<std::string>().find("30 days") != std::string::npos);
  // Audited as the server's (user 0) change of the owner.
  auto audit = w.store->query_audit(AuditQuery{.entity = "customer", .record_id = c1, .limit = 10});
  REQUIRE(audit.ok());
  REQUIRE_FALSE(audit->empty());
  bool owner_logged = false;
  for (const auto& a : audit.value())
    owner_logged = owner_logged || (a.field == "owner" && a.old_value == "\"alice\"" && a.new_value == "null" &&
                                    a.device_id == pool::kServerReplica);
  CHECK(owner_logged);
  // Alice's device receives them as pool customers on its next pull (sales people see the pool).
  auto got = w.pull("alice", alice_cursor);
  CHECK(got["customer/" + c1] == true);
  CHECK(got["customer/" + c4] == true);
  // An edit her device made offline before the return, pushed now: kept (she may still edit a
  // pool customer), and the return stands (the server's write saw hers only if it came first).
  CHECK_FALSE(w.push1("alice", "customer", c1, {{"phone", "+49 30 1234567"}}, at("2026-10-15T10:00:00Z"))
                  .contains("rejected"));
  CHECK(w.stored("customer", c1).value("owner").is_null());
  CHECK(w.stored("customer", c1).value("phone") == "+49 30 1234567");
  // c2 returns 30 days after its call; c3 never while its deal is open.
  CHECK(w.returned_at(at("2026-11-19T00:00:00Z")) == std::vector<std::string>{c2});
  CHECK(w.returned_at(at("2027-06-01T00:00:00Z")).empty());
  // Closing the deal lets it go at the next run (its owner's start, Oct 1, is long past).
  REQUIRE_FALSE(w.push1("alice", "opportunity", id_n(13), {{"stage", "lost"}, {"lost_reason", "Budget"}}).contains("rejected"));
  CHECK(w.returned_at(at("2027-06-01T00:00:00Z")) == std::vector<std::string>{c3});
}

TEST_CASE("A pool rule for a team sets its days; a claim restarts the period", "[server][pool]") {
  PoolWorld w;
  REQUIRE_FALSE(w.push1("ada", "pool_rule", id_n(90), {{"team", "north"}, {"return_after_days", 10}, {"warn_days", 3},
                                                      {"claim_limit", 5}})
                    .contains("rejected"));
  REQUIRE_FALSE(w.push1("ada", "customer", id_n(1), {{"kind", "company"}, {"name", "Pooled"}}, at("2026-10-01T08:00:00Z"))
                    .contains("rejected"));
  w.known["customer/" + id_n(1)] = w.stored("customer", id_n(1));
  REQUIRE_FALSE(w.push1("zed", "customer", id_n(1), {{"owner", "zed"}, {"claimed_at", "2026-10-02T08:00:00Z"}},
                        at("2026-10-02T08:00:00Z"))
                    .contains("rejected"));
  CHECK(w.returned_at(at("2026-10-13T00:00:00Z")).empty());  // zed has no team: the default 30 days
  const std::vector<std::string> first = w.returned_at(at("2026-11-01T00:00:00Z"));
  CHECK(first == std::vector<std::string>{id_n(1)});
  w.known["customer/" + id_n(1)] = w.stored("customer", id_n(1));
  // Bob (north: 10 days) claims it on Nov 2.
  w.clock.set(at("2026-11-02T09:00:00Z"));
  REQUIRE_FALSE(w.push1("bob", "customer", id_n(1), {{"owner", "bob"}, {"claimed_at", "2026-11-02T08:00:00Z"}, {"pool_reason", nullptr}},
                        at("2026-11-02T08:00:00Z"))
                    .contains("rejected"));
  CHECK(w.returned_at(at("2026-11-11T23:00:00Z")).empty());
  CHECK(w.returned_at(at("2026-11-12T00:00:00Z")) == std::vector<std::string>{id_n(1)});
}

TEST_CASE("Leads in a team's queue are dealt round robin, once each, across pushes, retries and runs",
          "[server][pool]") {
  PoolWorld w;
  // Mia (manager) puts leads into north's queue: alice, bob, cleo, alice, ... by user id.
  std::vector<std::string> owners;
  for (int i = 1; i <= 4; ++i) {
    REQUIRE_FALSE(w.push1("mia", "lead", id_n(i), {{"company", "L" + std::to_string(i)}, {"status", "new"}, {"team", "north"}})
                      .contains("rejected"));
    owners.push_back(w.stored("lead", id_n(i)).value("owner").get<std::string>());
  }
  CHECK(owners == std::vector<std::string>{"alice", "bob", "cleo", "alice"});
  // The same push again (a retry whose answer was lost): no second assignment, the rotation stays.
  RecordState again = w.known["lead/" + id_n(4)];
  ApiResponse r = w.api->push(w.who["mia"], Json{{"protocol", 1}, {"records", Json::array({encode_record(again)})}}.dump());
  REQUIRE(r.status == 200);
  CHECK(w.stored("lead", id_n(4)).value("owner") == "alice");
  // A lead already owned is skipped; the daily run assigns only those still waiting, in id order.
  REQUIRE_FALSE(w.push1("mia", "lead", id_n(5), {{"company", "L5"}, {"status", "new"}, {"team", "north"}, {"owner", "cleo"}})
                    .contains("rejected"));
  CHECK(w.stored("lead", id_n(5)).value("owner") == "cleo");
  auto none = pool::assign_waiting_leads(*w.store, *w.store, w.server_at(at("2026-10-02T00:00:00Z")));
  REQUIRE(none.ok());
  CHECK(none->empty());
  REQUIRE_FALSE(w.push1("mia", "lead", id_n(6), {{"company", "L6"}, {"status", "new"}, {"team", "north"}}).contains("rejected"));
  CHECK(w.stored("lead", id_n(6)).value("owner") == "bob");  // the rotation went on where it was
  // Assigned leads reach their owner's device.
  int64_t cursor = 0;
  auto got = w.pull("bob", cursor);
  CHECK(got["lead/" + id_n(2)] == true);
  CHECK_FALSE(got["lead/" + id_n(1)]);  // alice's: never held by bob (at most listed as removed)
}

TEST_CASE("An owner transfer moves a user's customers with what follows them and their leads, as one act",
          "[server][pool]") {
  PoolWorld w;
  REQUIRE_FALSE(w.push1("alice", "customer", id_n(1), {{"kind", "company"}, {"name", "North"}, {"region", "north"}, {"owner", "alice"}}).contains("rejected"));
  REQUIRE_FALSE(w.push1("alice", "customer", id_n(2), {{"kind", "company"}, {"name", "South"}, {"region", "south"}, {"owner", "alice"}}).contains("rejected"));
  REQUIRE_FALSE(w.push1("alice", "contact", id_n(3), {{"customer_id", id_n(1)}, {"name", "Ann"}}).contains("rejected"));
  REQUIRE_FALSE(w.push1("alice", "opportunity", id_n(4), {{"customer_id", id_n(1)}, {"name", "Deal"}, {"stage", "proposal"}}).contains("rejected"));
  REQUIRE_FALSE(w.push1("mia", "lead", id_n(5), {{"company", "L"}, {"status", "new"}, {"owner", "alice"}}).contains("rejected"));
  int64_t alice_cursor = 0, bob_cursor = 0;
  w.pull("alice", alice_cursor);
  w.pull("bob", bob_cursor);

  SECTION("a manager moves one region within the team; the devices follow on their next pull") {
    ApiResponse r = w.api->admin(w.who["mia"], "POST", "transfer",
                                 R"({"protocol":1,"from":"alice","to":"bob","region":"north"})", {});
    INFO(r.body);
    REQUIRE(r.status == 200);
    CHECK(Json::parse(r.body)["customers"] == Json::array({id_n(1)}));
    CHECK(Json::parse(r.body)["leads"] == Json::array());  // a filtered transfer moves no leads
    auto a = w.pull("alice", alice_cursor);
    CHECK(a["customer/" + id_n(1)] == false);
    CHECK(a["contact/" + id_n(3)] == false);
    CHECK(a["opportunity/" + id_n(4)] == false);
    CHECK(a.count("customer/" + id_n(2)) == 0);
    auto b = w.pull("bob", bob_cursor);
    CHECK(b["customer/" + id_n(1)] == true);
    CHECK(b["contact/" + id_n(3)] == true);
    CHECK(b["opportunity/" + id_n(4)] == true);
    // Alice's device edited the moved customer offline: refused (no longer hers), and kept on
    // her device in "needs attention"; the transfer stands.
    auto late = w.push1("alice", "customer", id_n(1), {{"phone", "+49 30 555"}});
    CHECK(late["rejected"]["code"] == "forbidden");
    CHECK(w.stored("customer", id_n(1)).value("owner") == "bob");
    // Audited under the manager, one change per record.
    auto audit = w.store->query_audit(AuditQuery{.entity = "customer", .record_id = id_n(1), .limit = 10});
    REQUIRE(audit.ok());
    CHECK(audit->front().username == "mia");
    CHECK(audit->front().field == "owner");
  }
  SECTION("an admin moves everything, leads included; a manager may not reach outside the team") {
    ApiResponse no = w.api->admin(w.who["mia"], "POST", "transfer", R"({"protocol":1,"from":"alice","to":"zed"})", {});
    CHECK(no.status == 403);
    CHECK(w.api->admin(w.who["alice"], "POST", "transfer", R"({"protocol":1,"from":"alice","to":"bob"})", {}).status == 403);
    CHECK(w.api->admin(w.who["ada"], "POST", "transfer", R"({"protocol":1,"from":"alice","to":"nobody"})", {}).status == 404);
    CHECK(w.api->admin(w.who["ada"], "POST", "transfer", R"({"protocol":1,"from":"alice","to":"zed","only_customers":7})", {}).status == 400);
    ApiResponse r = w.api->admin(w.who["ada"], "POST", "transfer", R"({"protocol":1,"from":"alice","to":"zed"})", {});
    REQUIRE(r.status == 200);
    CHECK(Json::parse(r.body)["customers"].size() == 2);
    CHECK(Json::parse(r.body)["leads"] == Json::array({id_n(5)}));
    CHECK(w.stored("lead", id_n(5)).value("owner") == "zed");
    // Twice: nothing more to move.
    ApiResponse again = w.api->admin(w.who["ada"], "POST", "transfer", R"({"protocol":1,"from":"alice","to":"zed"})", {});
    CHECK(Json::parse(again.body)["customers"].empty());
  }
}

TEST_CASE("The admin API runs the automatic return on demand, for admins only", "[server][pool]") {
  PoolWorld w;
  REQUIRE_FALSE(w.push1("alice", "customer", id_n(1), {{"kind", "company"}, {"name", "Old"}, {"owner", "alice"}},
                        at("2026-01-01T08:00:00Z"))
                    .contains("rejected"));
  w.clock.set(at("2026-06-01T00:00:00Z"));
  CHECK(w.api->admin(w.who["mia"], "POST", "pool/return-due", R"({"protocol":1})", {}).status == 403);
  CHECK(w.api->admin(w.who["ada"], "GET", "pool/return-due", "", {}).status == 405);
  ApiResponse r = w.api->admin(w.who["ada"], "POST", "pool/return-due", R"({"protocol":1})", {});
  REQUIRE(r.status == 200);
  CHECK(Json::parse(r.body)["returned"][0]["id"] == id_n(1));
  CHECK(Json::parse(r.body)["returned"][0]["owner"] == "alice");
  ApiResponse again = w.api->admin(w.who["ada"], "POST", "pool/return-due", R"({"protocol":1})", {});
  CHECK(Json::parse(again.body)["returned"].empty());
}
