// The public pool on the server (docs/access.md, "The public pool"): concurrent claims of one
// pool customer from two offline devices, the claim limit, which pool rule applies.
#include <chrono>
#include <thread>

#include "access/org.h"
#include "crdt/merge.h"
#include "pool/pool_policy.h"
#include "server_fixture.h"

using namespace crm;
using namespace crm::test;

namespace {

// A pool rule record as an admin's device writes it.
RecordState rule(const std::string& id, const std::string& team, const std::string& role, int limit) {
  RecordState r;
  r.entity = "pool_rule";
  r.id = id;
  std::map<std::string, Json> v = {{"return_after_days", 30}, {"warn_days", 7}, {"claim_limit", limit}};
  if (!team.empty()) v["team"] = team;
  if (!role.empty()) v["role"] = role;
  apply_local_write(r, "dev-root", HlcStamp{1763000000000, 0}, v);
  return r;
}

// The record as the server holds it, read through an admin's pull from cursor 0.
RecordState server_copy(LiveServer& s, RawDevice& admin, const std::string& id) {
  for (int attempt = 0; attempt < 2; ++attempt) {
    auto res = s.post("/api/v1/pull", R"({"protocol":1,"cursor":0,"limit":1000})", admin.token);
    REQUIRE(res);
    INFO(res->body);
    const auto page = nlohmann::json::parse(res->body);
    if (page.value("reset", false)) continue;  // a device's first answer may ask it to start over
    for (const auto& r : page["records"])
      if (r["id"] == id) return decode_record(r).value();
  }
  FAIL("the server does not hold " << id);
  return RecordState{};
}

}  // namespace

TEST_CASE("Two reps claim one pool customer offline: the first push to reach the server owns it, whatever the stamps",
          "[server][pool]") {
  LiveServer s;
  server_cmd(s, {"user", "add", "bob"});
  server_cmd(s, {"user", "add", "root", "--role", "admin"});
  RawDevice alice(s, "dev-alice", "alice"), bob(s, "dev-bob", "bob"), root(s, "dev-root", "root");

  for (int round = 0; round < 2; ++round) {
    // Round 0: bob pushes first with the earlier stamp; round 1: alice does. The merge alone
    // would let the later stamp (the second push) win.
    const std::string id = id_n(100 + round), key = "customer/" + id;
    root.write("customer", id, {{"kind", "company"}, {"name", "Pool " + std::to_string(round)}});
    CHECK(alice.pull()[key] == true);  // both see it in the pool
    CHECK(bob.pull()[key] == true);
    alice.local[key] = bob.local[key] = root.local[key];
    RawDevice& first = round == 0 ? bob : alice;
    RawDevice& second = round == 0 ? alice : bob;
    const std::string winner = round == 0 ? "bob" : "alice", loser = round == 0 ? "alice" : "bob";
    first.t = 1763100000000;
    second.t = 1763200000000;  // claims later on its own clock
    auto won = first.write("customer", id, {{"owner", winner}});
    CHECK_FALSE(won.contains("rejected"));
    auto lost = second.write("customer", id, {{"owner", loser},
                                              {"phone", "+49 30 999"}});
    REQUIRE(lost.contains("rejected"));
    CHECK(lost["rejected"]["code"] == "already_claimed");
    CHECK(lost["rejected"]["message"].get<std::string>().find(winner) != std::string::npos);
    // The server holds the first claim, and none of the refused push.
    RecordState st = server_copy(s, root, id);
    CHECK(st.value("owner") == winner);
    CHECK(st.value("phone").is_null());
    // The loser's device is told the customer left its scope (it keeps its copy while it holds
    // unsynced changes: "needs attention").
    CHECK(second.pull()[key] == false);
    // Pushed again, still refused: the winner is not overturned by a retry.
    CHECK(second.push({second.local[key]})[0]["rejected"]["code"] == "already_claimed");
  }
}

TEST_CASE("A claim over the claim limit is refused record by record; returning one makes room", "[server][pool]") {
  LiveServer s;
  server_cmd(s, {"user", "add", "root", "--role", "admin"});
  RawDevice alice(s, "dev-alice", "alice"), root(s, "dev-root", "root");
  // Sales people may hold 2 customers.
  CHECK_FALSE(root.push({rule(id_n(900), "", "sales", 2)})[0].contains("rejected"));
  for (int i = 1; i <= 3; ++i) root.write("customer", id_n(i), {{"kind", "company"}, {"name", "C" + std::to_string(i)}});
  for (int i = 1; i <= 3; ++i) alice.local["customer/" + id_n(i)] = root.local["customer/" + id_n(i)];
  // Two claims in one batch, then a third.
  for (int i = 1; i <= 2; ++i)
    apply_local_write(alice.local["customer/" + id_n(i)], "dev-alice", HlcStamp{++alice.t, 0}, {{"owner", "alice"}});
  auto two = alice.push({alice.local["customer/" + id_n(1)], alice.local["customer/" + id_n(2)]});
  CHECK_FALSE(two[0].contains("rejected"));
  CHECK_FALSE(two[1].contains("rejected"));
  auto third = alice.write("customer", id_n(3), {{"owner", "alice"}});
  REQUIRE(third.contains("rejected"));
  CHECK(third["rejected"]["code"] == "claim_limit");
  CHECK(third["rejected"]["field"] == "owner");
  // A customer she creates herself is not a claim.
  CHECK_FALSE(alice.write("customer", id_n(4), {{"kind", "company"}, {"name", "Own"}, {"owner", "alice"}})
                  .contains("rejected"));
  // Returned to the pool with a reason: room for one claim (she now holds 2 again: 2 and her own).
  CHECK_FALSE(alice.write("customer", id_n(1), {{"owner", nullptr}, {"pool_reason", "Not my region"}})
                  .contains("rejected"));
  CHECK(alice.write("customer", id_n(3), {{"owner", "alice"}})["rejected"]["code"] == "claim_limit");
  CHECK_FALSE(alice.write("customer", id_n(4), {{"owner", nullptr}, {"pool_reason", "Duplicate"}})
                  .contains("rejected"));
  CHECK_FALSE(alice.write("customer", id_n(3), {{"owner", "alice"}}).contains("rejected"));
}

TEST_CASE("The most specific pool rule applies: team and role, team, role, everyone; a team's covers its sub-teams",
          "[server][pool]") {
  using server::Org;
  using server::OrgUser;
  using server::Team;
  const Org org({OrgUser{1, "alice", "sales", 2}, OrgUser{2, "carol", "manager", 1}, OrgUser{3, "zoe", "sales", 0}},
                {Team{1, "north", 0}, Team{2, "north-east", 1}});
  std::vector<RecordState> rules = {rule(id_n(1), "", "", 10), rule(id_n(2), "", "sales", 20)};
  CHECK(server::pool::policy_for({}, org, 1).claim_limit == sales::PoolPolicy{}.claim_limit);
  CHECK(server::pool::policy_for(rules, org, 1).claim_limit == 20);
  CHECK(server::pool::policy_for(rules, org, 2).claim_limit == 10);
  rules.push_back(rule(id_n(3), "north", "", 30));
  CHECK(server::pool::policy_for(rules, org, 1).claim_limit == 30);  // her team's parent, before any role rule
  CHECK(server::pool::policy_for(rules, org, 3).claim_limit == 20);  // no team: the role's
  rules.push_back(rule(id_n(4), "north-east", "sales", 40));
  rules.push_back(rule(id_n(5), "north-east", "manager", 50));
  CHECK(server::pool::policy_for(rules, org, 1).claim_limit == 40);
  CHECK(server::pool::policy_for(rules, org, 2).claim_limit == 30);
}

TEST_CASE("crm-server serve runs the pool's daily return when it starts, once a day", "[server][pool]") {
  LiveServer s;
  server_cmd(s, {"user", "add", "root", "--role", "admin"});
  RawDevice alice(s, "dev-alice", "alice");
  // Stamped a year before the server's clock, no follow-up since: due.
  CHECK_FALSE(alice.write("customer", id_n(1), {{"kind", "company"}, {"name", "Old"}, {"owner", "alice"}}).contains("rejected"));
  RawDevice root(s, "dev-root", "root");
  auto held = [&] { return server_copy(s, root, id_n(1)); };
  auto owner_now = [&] { return held().value("owner"); };
  CHECK(owner_now() == "alice");  // the tests' servers run without it
  REQUIRE(s.server->terminate() == 0);
  s.server = std::make_unique<ServerProcess>(s.data, std::vector<std::string>{"--pool-daily", "on"});
  Json owner = owner_now();
  for (int i = 0; i < 100 && !owner.is_null(); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    owner = owner_now();
  }
  CHECK(owner.is_null());
  // Claimed again the same day and the server restarted: the day's run is done, it stays.
  alice.local["customer/" + id_n(1)] = held();
  CHECK_FALSE(alice.write("customer", id_n(1), {{"owner", "alice"}, {"pool_reason", nullptr}}).contains("rejected"));
  REQUIRE(s.server->terminate() == 0);
  s.server = std::make_unique<ServerProcess>(s.data, std::vector<std::string>{"--pool-daily", "on"});
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  CHECK(owner_now() == "alice");
}
