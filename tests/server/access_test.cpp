// Access control against a live server: data scope by role and team on pull and push, records
// leaving a scope, the admin API and the audit log (docs/access.md).
#include "crdt/record.h"
#include "server_fixture.h"
#include "crdt/merge.h"
#include "crdt/record_codec.h"

using namespace crm;
using namespace crm::test;

namespace {

std::set<std::string> present(const std::map<std::string, bool>& m) {
  std::set<std::string> out;
  for (const auto& [k, v] : m)
    if (v && k != "reset") out.insert(k);
  return out;
}

}  // namespace

TEST_CASE("Each role pulls only its data scope, and pushes outside it are rejected record by record",
          "[server][access]") {
  LiveServer s;  // alice: sales, in no team yet
  server_cmd(s, {"team", "add", "north"});
  server_cmd(s, {"team", "add", "north-east", "--parent", "north"});
  server_cmd(s, {"user", "set", "alice", "--team", "north-east"});
  server_cmd(s, {"user", "add", "bob"});
  server_cmd(s, {"user", "add", "carol", "--role", "manager", "--team", "north"});
  server_cmd(s, {"user", "add", "dave", "--role", "service"});
  server_cmd(s, {"user", "add", "root", "--role", "admin"});

  RawDevice alice(s, "dev-alice", "alice"), bob(s, "dev-bob", "bob"), carol(s, "dev-carol", "carol"),
      dave(s, "dev-dave", "dave"), root(s, "dev-root", "root");
  alice.write("customer", id_n(1), {{"kind", "company"}, {"name", "Alice's"}, {"owner", "alice"}});
  alice.write("contact", id_n(2), {{"customer_id", id_n(1)}, {"name", "Ann"}});
  bob.write("customer", id_n(3), {{"kind", "company"}, {"name", "Bob's"}, {"owner", "bob"}});
  root.write("customer", id_n(4), {{"kind", "company"}, {"name", "In the pool"}});

  const std::string a1 = "customer/" + id_n(1), a2 = "contact/" + id_n(2), b3 = "customer/" + id_n(3),
                    p4 = "customer/" + id_n(4);
  CHECK(present(alice.pull()) == std::set<std::string>{a1, a2, p4});
  CHECK(present(bob.pull()) == std::set<std::string>{b3, p4});
  CHECK(present(carol.pull()) == std::set<std::string>{a1, a2, p4});  // her team's sub-team, and the pool
  CHECK(present(dave.pull()).empty());                                 // no tickets yet
  CHECK(present(root.pull()) == std::set<std::string>{a1, a2, b3, p4});

  SECTION("a service agent sees tickets and the customers behind them") {
    alice.write("ticket", id_n(5), {{"customer_id", id_n(1)}, {"subject", "Broken pump"}, {"status", "reported"}});
    CHECK(present(dave.pull()) == std::set<std::string>{a1, "ticket/" + id_n(5)});
    // Alice gets the ticket, and her customer once more: it was re-sent for the agents.
    CHECK(present(alice.pull()) == std::set<std::string>{a1, "ticket/" + id_n(5)});
    // The agent may work the ticket but not touch the customer's contacts.
    dave.local["ticket/" + id_n(5)] = alice.local["ticket/" + id_n(5)];
    CHECK_FALSE(dave.write("ticket", id_n(5), {{"status", "in_progress"}}).contains("rejected"));
    dave.local[a2] = alice.local[a2];
    CHECK(dave.write("contact", id_n(2), {{"name", "Hacked"}})["rejected"]["code"] == "forbidden");
  }

  SECTION("a forbidden record is rejected with a reason and the rest of the batch is stored") {
    RecordState forged;  // bob writes onto alice's customer, whose id he learned somehow
    forged.entity = "customer";
    forged.id = id_n(1);
    apply_local_write(forged, "dev-bob", HlcStamp{1763000009999, 0}, {{"kind", "company"}, {"name", "Mine now"}, {"owner", "bob"}});
    RecordState own;
    own.entity = "customer";
    own.id = id_n(6);
    apply_local_write(own, "dev-bob", HlcStamp{1763000009999, 0}, {{"kind", "individual"}, {"name", "Bob 2"}, {"owner", "bob"}});
    auto res = bob.post("/api/v1/push", Json{{"protocol", 1}, {"records", {encode_record(forged), encode_record(own)}}}.dump());
    REQUIRE(res);
    REQUIRE(res->status == 200);
    Json results = Json::parse(res->body)["results"];
    CHECK(results[0]["rejected"]["code"] == "forbidden");
    CHECK_FALSE(results[0].contains("state"));  // nothing of alice's record is told
    CHECK_FALSE(results[1].contains("rejected"));
    bob.local["customer/" + id_n(6)] = own;
    CHECK(present(bob.pull()) == std::set<std::string>{"customer/" + id_n(6)});
    auto mine = root.pull();
    CHECK(mine.count("customer/" + id_n(6)));
    CHECK_FALSE(mine.count(a1));  // alice's customer did not change
    // Giving one's own customer to someone else is a manager's move, not a sales person's.
    CHECK(bob.write("customer", id_n(6), {{"owner", "alice"}})["rejected"]["code"] == "forbidden");
    CHECK(bob.write("customer", id_n(7), {{"kind", "company"}, {"name", "X"}, {"owner", "nobody"}})["rejected"]["code"] ==
          "unknown_owner");
  }

  SECTION("a record that leaves a user's scope is removed from that user's devices") {
    server_cmd(s, {"user", "add", "erin", "--team", "north"});
    RawDevice erin(s, "dev-erin", "erin");
    erin.pull();
    carol.pull();  // carol's scope grew by erin: her device syncs its scope anew
    // The manager hands alice's customer to erin: alice loses it and its contact.
    carol.local[a1] = alice.local[a1];
    CHECK_FALSE(carol.write("customer", id_n(1), {{"owner", "erin"}}).contains("rejected"));
    auto a = alice.pull();
    CHECK(a[a1] == false);
    CHECK(a[a2] == false);
    auto e = erin.pull();
    CHECK(e[a1] == true);
    CHECK(e[a2] == true);  // the contact follows its customer
    CHECK(carol.pull().count("reset") == 0);
    // Returned to the pool: alice sees it again.
    carol.write("customer", id_n(1), {{"owner", nullptr}, {"pool_reason", "Territory change"}});
    CHECK(alice.pull()[a1] == true);
  }

  SECTION("a team change makes the managers' devices sync their scope anew") {
    server_cmd(s, {"user", "set", "bob", "--team", "north"});
    auto c = carol.pull();
    CHECK(c.count("reset") == 1);
    CHECK(present(c) == std::set<std::string>{a1, a2, b3, p4});
    server_cmd(s, {"user", "set", "alice", "--team", ""});
    auto c2 = carol.pull();
    CHECK(c2.count("reset") == 1);
    CHECK(present(c2) == std::set<std::string>{b3, p4});  // alice's records are no longer hers to see
    CHECK(alice.pull().count("reset") == 0);               // alice's own scope did not change
  }
}

TEST_CASE("The admin API is for admins, and the audit log tells who changed which field from where",
          "[server][access][audit]") {
  LiveServer s;
  server_cmd(s, {"user", "add", "root", "--role", "admin"});
  RawDevice alice(s, "dev-alice", "alice"), root(s, "dev-root", "root");
  alice.write("customer", id_n(1), {{"kind", "company"}, {"name", "Acme"}, {"city", "Lyon"}});
  alice.write("customer", id_n(1), {{"city", "Paris"}});

  auto get = [&](RawDevice& d, const std::string& path) {
    auto c = s.http();
    auto res = c.Get(path.c_str(), httplib::Headers{{"Authorization", "Bearer " + d.token}});
    REQUIRE(res);
    return std::make_pair(res->status, Json::parse(res->body));
  };
  auto [st, body] = get(alice, "/api/v1/admin/users");
  CHECK(st == 403);
  CHECK(body["code"] == "forbidden");

  auto [ast, audit] = get(root, "/api/v1/admin/audit?entity=customer&id=" + id_n(1));
  REQUIRE(ast == 200);
  std::vector<std::string> changes;
  for (const auto& e : audit["entries"]) {
    CHECK(e["user"] == "alice");
    CHECK(e["device_id"] == "dev-alice");
    changes.push_back(e["field"].get<std::string>() + ":" + e["old"].dump() + "->" + e["new"].dump());
  }
  // Newest change first; the first push set three fields from nothing.
  CHECK(changes == std::vector<std::string>{"city:\"Lyon\"->\"Paris\"", "city:null->\"Lyon\"", "kind:null->\"company\"",
                                            "name:null->\"Acme\""});

  auto post = [&](const std::string& path, const Json& j) {
    auto res = root.post(path, j.dump());
    REQUIRE(res);
    return std::make_pair(res->status, Json::parse(res->body));
  };
  CHECK(post("/api/v1/admin/teams", {{"protocol", 1}, {"name", "south"}}).first == 200);
  CHECK(post("/api/v1/admin/teams", {{"protocol", 1}, {"name", "south"}}).second["code"] == "team_exists");
  CHECK(post("/api/v1/admin/users", {{"protocol", 1}, {"username", "sam"}, {"password", "short"}}).second["code"] ==
        "weak_password");
  CHECK(post("/api/v1/admin/users",
             {{"protocol", 1}, {"username", "sam"}, {"password", "long enough 1"}, {"role", "manager"}, {"team", "south"}})
            .first == 200);
  CHECK(post("/api/v1/admin/users/update", {{"protocol", 1}, {"username", "sam"}, {"role", "pirate"}}).second["code"] ==
        "invalid_role");
  auto [ust, users] = get(root, "/api/v1/admin/users");
  REQUIRE(ust == 200);
  bool found = false;
  for (const auto& u : users["users"])
    if (u["username"] == "sam") found = u["team"] == "south" && u["role"] == "manager";
  CHECK(found);
  CHECK(post("/api/v1/admin/devices/revoke", {{"protocol", 1}, {"device_id", "no-such"}}).first == 404);
}
