// A live crm-server with one user, and helpers to drive crm-cli replicas and raw HTTP against it.
#pragma once

#include <httplib.h>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <cstdio>
#include <functional>
#include <map>
#include <memory>
#include <string>

#include "crdt/record.h"
#include "process.h"
#include "crdt/merge.h"
#include "crdt/record_codec.h"

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

// A device of one user speaking raw HTTP, keeping the states it pushed so it can edit them again.
struct RawDevice {
  LiveServer& s;
  std::string id, token;
  int64_t cursor = 0;
  std::map<std::string, RecordState> local;  // "entity/id" -> state as this device last wrote it
  int64_t t = 1763000000000;

  RawDevice(LiveServer& server, const std::string& device, const std::string& user)
      : s(server), id(device), token(server.token(device, user)) {}

  httplib::Result post(const std::string& path, const std::string& body) { return s.post(path, body, token); }
  // Writes fields onto a record (new or already known here) and pushes it; returns the result.
  nlohmann::json write(const std::string& entity, const std::string& rid, const std::map<std::string, Json>& values) {
    RecordState& st = local[entity + "/" + rid];
    st.entity = entity;
    st.id = rid;
    apply_local_write(st, id, HlcStamp{++t, 0}, values);
    return push({st}).at(0);
  }
  // Pushes states as they are; returns the results, and keeps the server's merged states.
  nlohmann::json push(const std::vector<RecordState>& states) {
    nlohmann::json records = nlohmann::json::array();
    for (const auto& st : states) records.push_back(encode_record(st));
    auto res = post("/api/v1/push", nlohmann::json{{"protocol", 1}, {"records", records}}.dump());
    REQUIRE(res);
    INFO(res->body);
    REQUIRE(res->status == 200);
    nlohmann::json results = nlohmann::json::parse(res->body)["results"];
    for (const auto& r : results)
      if (r.contains("state")) {
        RecordState merged = decode_record(r["state"]).value();
        local[merged.entity + "/" + merged.id] = merged;
      }
    return results;
  }
  // Pulls until done; returns what arrived: "entity/id" -> present (true) or removed (false).
  // `check_page` sees every page's JSON.
  std::map<std::string, bool> pull(int limit = 3, const std::function<void(const nlohmann::json&)>& check_page = {}) {
    std::map<std::string, bool> seen;
    for (int guard = 0; guard < 1000; ++guard) {
      auto res = post("/api/v1/pull", nlohmann::json{{"protocol", 1}, {"cursor", cursor}, {"limit", limit}}.dump());
      REQUIRE(res);
      REQUIRE(res->status == 200);
      nlohmann::json page = nlohmann::json::parse(res->body);
      if (check_page) check_page(page);
      if (page.value("reset", false)) seen["reset"] = true;
      for (const auto& k : page.value("removed", nlohmann::json::array()))
        seen[k["entity"].get<std::string>() + "/" + k["id"].get<std::string>()] = false;
      for (const auto& r : page["records"]) seen[r["entity"].get<std::string>() + "/" + r["id"].get<std::string>()] = true;
      cursor = page["next_cursor"];
      if (!page["has_more"].get<bool>()) return seen;
    }
    FAIL("pull did not finish");
    return seen;
  }
};

// Runs a crm-server admin subcommand on the server's data folder (a password on stdin).
inline void server_cmd(LiveServer& s, std::vector<std::string> args) {
  args.insert(args.begin(), server_binary());
  args.push_back("--data");
  args.push_back(s.data);
  auto r = run_command(args, std::string(kPassword) + "\n");
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
}

inline std::string trim_line(std::string s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == '\r')) s.pop_back();
  return s;
}

}  // namespace crm::test
