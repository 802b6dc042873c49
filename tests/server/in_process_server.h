// The server's API over a real SQLite store in a temporary folder, in the test's process (for
// tests where HTTP is not the subject), with a clock the test sets. Users are made without
// password hashing: tests act as them by session or by token.
#pragma once

#include <catch2/catch.hpp>

#include <memory>
#include <string>

#include "api/api_service.h"
#include "pool/pool_admin.h"
#include "pool/pool_push_rules.h"
#include "sales/document_numbers.h"
#include "process.h"
#include "storage/sqlite_server_store.h"

namespace crm::test {

struct InProcessServer {
  TempDir dir;
  std::unique_ptr<server::SqliteServerStore> store;
  ManualClock clock{1764000000000};
  server::pool::PoolPushRules claims;  // the pool's rules and admin API, as crm-server wires them
  server::sales::DocumentNumbering numbering{&claims};
  std::unique_ptr<server::pool::PoolAdmin> pool_admin;
  std::unique_ptr<server::ApiService> api;

  InProcessServer() {
    auto s = server::SqliteServerStore::open(dir.path() + "/crm.db");
    REQUIRE(s.ok());
    store = std::move(s.value());
    pool_admin = std::make_unique<server::pool::PoolAdmin>(*store, *store, clock, 0);
    api = std::make_unique<server::ApiService>(
        *store, clock, server::ApiOptions{.push_guard = &numbering, .admin_extension = pool_admin.get()});
  }
  void team(const std::string& name, const std::string& parent = "") {
    REQUIRE(store->create_team(name, parent).ok());
  }
  // A user who pushes and pulls as session (device "dev-<name>").
  server::Session user(const std::string& name, const std::string& role, const std::string& team = "") {
    auto u = store->create_user(name, "not-a-hash", role, 0, team);
    REQUIRE(u.ok());
    return server::Session{u->id, name, role, "dev-" + name, 0};
  }
};

}  // namespace crm::test
