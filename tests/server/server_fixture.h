// A live crm-server with one user, and helpers to drive crm-cli replicas and raw HTTP against it.
#pragma once

#include <httplib.h>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <cstdio>
#include <memory>
#include <string>

#include "process.h"

namespace crm::test {

inline const char* kPassword = "correct horse 42";

struct LiveServer {
  TempDir dir;
  std::string data = dir.path() + "/server";
  std::unique_ptr<ServerProcess> server;

  LiveServer() {
    add_user("alice");
    server = std::make_unique<ServerProcess>(data);
  }
  void add_user(const std::string& name) {
    auto r = run_command({server_binary(), "user", "add", name, "--data", data}, std::string(kPassword) + "\n");
    REQUIRE(r.exit_code == 0);
  }
  void restart() {
    REQUIRE(server->terminate() == 0);
    server = std::make_unique<ServerProcess>(data);
  }

  // crm-cli on the replica file `name` in the test folder.
  CommandResult cli(const std::string& db, std::vector<std::string> args) {
    std::vector<std::string> argv = {cli_binary(), "--db", dir.path() + "/" + db + ".db"};
    argv.insert(argv.end(), args.begin(), args.end());
    return run_command(argv, "", {std::string("CRM_PASSWORD=") + kPassword});
  }
  std::string cli_ok(const std::string& db, std::vector<std::string> args) {
    auto r = cli(db, args);
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    return r.out;
  }
  void login(const std::string& db, const std::string& user = "alice") {
    cli_ok(db, {"login", server->url(), user});
  }

  httplib::Client http() { return httplib::Client("127.0.0.1", server->port()); }

  // A JSON POST, with the bearer token when one is given.
  httplib::Result post(const std::string& path, const std::string& body, const std::string& token = {}) {
    auto c = http();
    httplib::Headers h;
    if (!token.empty()) h.emplace("Authorization", "Bearer " + token);
    return c.Post(path.c_str(), h, body, "application/json");
  }

  // Signs a device in over raw HTTP and returns its bearer token.
  std::string token(const std::string& device_id, const std::string& user = "alice") {
    auto c = http();
    auto res = c.Post("/api/v1/login",
                      nlohmann::json{{"protocol", 1}, {"username", user}, {"password", kPassword},
                                     {"device_id", device_id}}
                          .dump(),
                      "application/json");
    REQUIRE(res);
    REQUIRE(res->status == 200);
    return nlohmann::json::parse(res->body)["token"].get<std::string>();
  }
};

// A valid record id (UUIDv7 shape) numbered n, for tests that need ids they can name.
inline std::string id_n(int n) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "0193f0a2-7c1e-7abc-8def-%012d", n);
  return buf;
}

inline std::string trim_line(std::string s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == '\r')) s.pop_back();
  return s;
}

}  // namespace crm::test
