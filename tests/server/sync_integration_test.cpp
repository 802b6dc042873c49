#include "server_fixture.h"

using namespace crm::test;
using Json = nlohmann::json;

namespace {

// Two replicas edit overlapping customers while offline, then sync in the given order.
void edit_offline_and_sync(LiveServer& s, bool a_first) {
  s.login("a");
  s.login("b");
  const std::string shared_id = trim_line(s.cli_ok("a", {"add", "customer", "kind=company", "name=Acme", "city=Berlin"}));
  const std::string other_id = trim_line(s.cli_ok("a", {"add", "customer", "kind=individual", "name=李娜"}));
  s.cli_ok("a", {"sync"});
  s.cli_ok("b", {"sync"});
  REQUIRE(s.cli_ok("b", {"list", "customer"}).find("李娜") != std::string::npos);

  // Offline: both change the shared customer's city (a real conflict) and different fields.
  s.cli_ok("a", {"set", "customer", shared_id, "city=Paris", "phone=+33 1 23 45 67 89"});
  s.cli_ok("b", {"set", "customer", shared_id, "city=Rome", "email=buyer@acme.example"});
  s.cli_ok("b", {"set", "customer", other_id, "notes=prefers calls after 5pm"});
  s.cli_ok("a", {"add", "customer", "kind=company", "name=Only on A"});

  const char* first = a_first ? "a" : "b";
  const char* second = a_first ? "b" : "a";
  s.cli_ok(first, {"sync"});
  s.cli_ok(second, {"sync"});
  s.cli_ok(first, {"sync"});

  const std::string dump_a = s.cli_ok("a", {"dump"}), dump_b = s.cli_ok("b", {"dump"});
  CHECK(dump_a == dump_b);
  CHECK(Json::parse(dump_a).size() == 3);

  Json shown = Json::parse(s.cli_ok("a", {"show", "customer", shared_id}));
  CHECK(shown["values"]["phone"] == "+33 1 23 45 67 89");
  CHECK(shown["values"]["email"] == "buyer@acme.example");
  REQUIRE(shown["conflicts"].size() == 1);
  CHECK(shown["conflicts"][0]["field"] == "city");
  const std::string winner = shown["values"]["city"], lost = shown["conflicts"][0]["lost"];
  CHECK(((winner == "Paris" && lost == "Rome") || (winner == "Rome" && lost == "Paris")));
  CHECK(s.cli_ok("a", {"conflicts"}) == s.cli_ok("b", {"conflicts"}));

  // Resolving on one device converges both, with no conflict left.
  s.cli_ok("b", {"resolve", "customer", shared_id, "city", "Milan"});
  s.cli_ok("b", {"sync"});
  s.cli_ok("a", {"sync"});
  CHECK(s.cli_ok("a", {"conflicts"}).empty());
  CHECK(Json::parse(s.cli_ok("a", {"show", "customer", shared_id}))["values"]["city"] == "Milan");
  CHECK(s.cli_ok("a", {"dump"}) == s.cli_ok("b", {"dump"}));
}

}  // namespace

TEST_CASE("Two offline replicas converge through the server, A syncing first", "[server][integration]") {
  LiveServer s;
  edit_offline_and_sync(s, true);
}

TEST_CASE("Two offline replicas converge through the server, B syncing first", "[server][integration]") {
  LiveServer s;
  edit_offline_and_sync(s, false);
}

TEST_CASE("A delete made while another device edits keeps the record on both", "[server][integration]") {
  LiveServer s;
  s.login("a");
  s.login("b");
  const std::string id = trim_line(s.cli_ok("a", {"add", "customer", "kind=company", "name=Visit me"}));
  s.cli_ok("a", {"sync"});
  s.cli_ok("b", {"sync"});
  s.cli_ok("a", {"rm", "customer", id});
  s.cli_ok("b", {"set", "customer", id, "notes=visit logged offline"});
  s.cli_ok("a", {"sync"});
  s.cli_ok("b", {"sync"});
  s.cli_ok("a", {"sync"});
  for (const char* db : {"a", "b"}) {
    CHECK(s.cli_ok(db, {"list", "customer"}).find(id) != std::string::npos);
    CHECK(s.cli_ok(db, {"conflicts"}).find("delete_vs_edit") != std::string::npos);
  }
}

TEST_CASE("Acknowledged writes survive SIGTERM and a restart", "[server][integration]") {
  LiveServer s;
  s.login("a");
  for (int i = 0; i < 20; ++i) s.cli_ok("a", {"add", "customer", "kind=company", "name=C" + std::to_string(i)});
  s.cli_ok("a", {"sync"});
  CHECK(s.server->terminate() == 0);  // clean shutdown exit code
  s.server = std::make_unique<ServerProcess>(s.data);
  s.login("fresh");
  s.cli_ok("fresh", {"sync"});
  CHECK(s.cli_ok("fresh", {"dump"}) == s.cli_ok("a", {"dump"}));
}

TEST_CASE("Sync without signing in, or with a revoked server, reports a clear error", "[server][integration]") {
  LiveServer s;
  auto r = s.cli("x", {"sync"});
  CHECK(r.exit_code != 0);
  CHECK(r.err.find("not_signed_in") != std::string::npos);
  s.login("x");
  s.server->terminate();
  r = s.cli("x", {"sync"});
  CHECK(r.exit_code != 0);
  CHECK(r.err.find("network_error") != std::string::npos);
}

TEST_CASE("Admin commands list users and the devices that signed in", "[server][integration]") {
  LiveServer s;
  s.login("a");
  auto users = run_command({server_binary(), "user", "list", "--data", s.data});
  CHECK(users.out.find("alice\tsales\t-\tactive") != std::string::npos);
  auto dup = run_command({server_binary(), "user", "add", "alice", "--data", s.data}, std::string(kPassword) + "\n");
  CHECK(dup.exit_code != 0);
  CHECK(dup.err.find("user_exists") != std::string::npos);
  auto weak = run_command({server_binary(), "user", "add", "bob", "--data", s.data}, "short\n");
  CHECK(weak.err.find("weak_password") != std::string::npos);
  auto devices = run_command({server_binary(), "device", "list", "--data", s.data});
  CHECK(devices.out.find("alice\tcrm-cli") != std::string::npos);

  // A new password signs the user out everywhere: the old token stops working.
  auto changed = run_command({server_binary(), "user", "passwd", "alice", "--data", s.data}, "a new long password\n");
  CHECK(changed.exit_code == 0);
  auto r = s.cli("a", {"sync"});
  CHECK(r.exit_code != 0);
  CHECK(r.err.find("unauthorized") != std::string::npos);
  auto missing = run_command({server_binary(), "user", "passwd", "nobody", "--data", s.data}, "a new long password\n");
  CHECK(missing.err.find("not_found") != std::string::npos);
}
