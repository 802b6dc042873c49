// Accounts and admin output against a real server: common passwords and passwords holding the
// user name are refused with the reason; control characters are refused in user, team and device
// names and escaped in every listing; the audit log has a row for a write that lost a conflict.
#include <catch2/catch.hpp>

#include "auth/credentials.h"
#include "server_fixture.h"
#include "storage/sqlite_server_store.h"

using namespace crm::test;

TEST_CASE("Common passwords and passwords holding the user name are refused", "[server][admin]") {
  TempDir dir;
  const std::string data = dir.path() + "/server";
  for (const char* weak : {"password", "12345678", "Password123!", "qwertyuiop", "aaaaaaaaaa", "sunshine",
                           "bob-the-builder", "xxBOBxx99"}) {
    auto r = run_command({server_binary(), "user", "add", "bob", "--data", data}, std::string(weak) + "\n");
    INFO(weak << ": " << r.err);
    CHECK(r.exit_code == 1);
    CHECK(r.err.find("weak_password") != std::string::npos);
  }
  auto r = run_command({server_binary(), "user", "add", "bob", "--data", data}, "password\n");
  CHECK(r.err.find("common passwords") != std::string::npos);
  r = run_command({server_binary(), "user", "add", "bob", "--data", data}, "bob12345678\n");
  CHECK(r.err.find("user name") != std::string::npos);
  CHECK(run_command({server_binary(), "user", "add", "bob", "--data", data}, "violet tractor 17\n").exit_code == 0);
  r = run_command({server_binary(), "user", "passwd", "bob", "--data", data}, "letmein1\n");
  CHECK(r.exit_code == 1);
  CHECK(r.err.find("common passwords") != std::string::npos);
}

TEST_CASE("Control characters are refused in names and escaped in listings", "[server][admin]") {
  LiveServer s;
  // Through the API: a device name with a newline (it would forge a row of `device list`).
  auto res = s.post("/api/v1/login", nlohmann::json{{"protocol", 1}, {"username", "alice"}, {"password", kPassword},
                                                    {"device_id", "dev1"}, {"device_name", "laptop\nevil\trow"}}.dump());
  REQUIRE(res);
  CHECK(res->status == 400);
  CHECK(nlohmann::json::parse(res->body)["field"] == "device_name");
  auto bad_user = run_command({server_binary(), "user", "add", "eve\x1b[2J", "--data", s.data}, "violet tractor 17\n");
  CHECK(bad_user.exit_code == 1);
  CHECK(bad_user.err.find("control characters") != std::string::npos);

  // Names stored before this rule (written straight into the store) are escaped when listed.
  {
    REQUIRE(crm::server::init_crypto().ok());
    auto store = crm::server::SqliteServerStore::open(s.data + "/crm.db");
    REQUIRE(store.ok());
    REQUIRE(store.value()->create_user("mallory\nroot\tadmin", "x", "sales", 0).ok());
    REQUIRE(store.value()->register_device("dev2", 1, "phone\x1b]0;owned\x07", 0).ok());
  }
  auto users = run_command({server_binary(), "user", "list", "--data", s.data});
  REQUIRE(users.exit_code == 0);
  CHECK(users.out.find("mallory\\x0aroot\\x09admin") != std::string::npos);
  CHECK(users.out.find("mallory\n") == std::string::npos);
  auto devices = run_command({server_binary(), "device", "list", "--data", s.data});
  REQUIRE(devices.exit_code == 0);
  CHECK(devices.out.find("phone\\x1b]0;owned\\x07") != std::string::npos);
  CHECK(devices.out.find('\x1b') == std::string::npos);
}

TEST_CASE("A write stored as the losing side of a conflict has an audit row", "[server][admin]") {
  LiveServer s;
  s.login("a");
  s.login("b");
  const std::string id = trim_line(s.cli_ok("a", {"add", "customer", "kind=company", "name=Acme", "city=Berlin"}));
  s.cli_ok("a", {"sync"});
  s.cli_ok("b", {"sync"});
  // b edits first, a later: a's write wins; b's reaches the server second and loses.
  s.cli_ok("b", {"set", "customer", id, "city=Rome"});
  s.cli_ok("a", {"set", "customer", id, "city=Paris"});
  s.cli_ok("a", {"sync"});
  s.cli_ok("b", {"sync"});
  auto audit = run_command({server_binary(), "audit", "--id", id, "--data", s.data});
  REQUIRE(audit.exit_code == 0);
  int city_rows = 0;
  bool lost_row = false;
  std::istringstream lines(audit.out);
  for (std::string line; std::getline(lines, line);) {
    if (line.find("\tcity\t") == std::string::npos) continue;
    ++city_rows;
    if (line.find("\t\"Paris\"\t\"Paris\"\t\"Rome\"") != std::string::npos) lost_row = true;
  }
  INFO(audit.out);
  CHECK(city_rows == 3);  // Berlin, Paris, and Rome that lost
  CHECK(lost_row);
}
