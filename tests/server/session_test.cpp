// Sessions through the API on a real store, with a clock the test moves: access tokens expire and
// are refreshed, sign-out ends a device's session, a revoked device is told to wipe itself, and
// failed sign-ins are slowed down per user and per address.
#include <catch2/catch.hpp>

#include "api/api_service.h"
#include "auth/credentials.h"
#include "process.h"
#include "storage/sqlite_server_store.h"

using namespace crm;
using namespace crm::server;

namespace {

struct Fixture {
  test::TempDir dir;
  std::unique_ptr<SqliteServerStore> store;
  ManualClock clock{1763000000000};
  std::unique_ptr<ApiService> api;

  Fixture() {
    REQUIRE(init_crypto().ok());
    auto s = SqliteServerStore::open(dir.path() + "/crm.db");
    REQUIRE(s.ok());
    store = std::move(s.value());
    auto hash = hash_password("correct horse 42");
    REQUIRE(store->create_user("alice", hash.value(), "sales", 0).ok());
    api = std::make_unique<ApiService>(*store, clock);
  }
  ApiResponse login(const std::string& password, const std::string& device = "dev-1",
                    const std::string& user = "alice", const std::string& address = "10.0.0.1") {
    return api->login(Json{{"protocol", 1}, {"username", user}, {"password", password}, {"device_id", device}}.dump(),
                      address);
  }
  std::string code_of(const ApiResponse& r) { return Json::parse(r.body).value("code", ""); }
  Result<Session> auth(const std::string& token) { return api->authenticate("Bearer " + token); }
};

}  // namespace

TEST_CASE("Access tokens expire and are refreshed; sign-out ends the session", "[server][session]") {
  Fixture f;
  auto r = f.login("correct horse 42");
  REQUIRE(r.status == 200);
  Json j = Json::parse(r.body);
  const std::string access = j["token"], refresh = j["refresh_token"];
  CHECK(j["expires_at_ms"] == f.clock.now_ms() + 3600 * 1000);
  REQUIRE(f.auth(access).ok());

  f.clock.advance(3600 * 1000);
  auto expired = f.auth(access);
  REQUIRE_FALSE(expired.ok());
  CHECK(expired.error().code == "token_expired");
  CHECK_FALSE(f.auth(refresh).ok());  // a refresh token is not an access token

  auto again = f.api->refresh(Json{{"protocol", 1}, {"refresh_token", refresh}}.dump());
  REQUIRE(again.status == 200);
  const std::string access2 = Json::parse(again.body)["token"];
  auto session = f.auth(access2);
  REQUIRE(session.ok());
  CHECK(session->device_id == "dev-1");

  // Each refresh moves the refresh token's end out: a device syncing every few weeks stays in.
  f.clock.advance(29LL * 24 * 3600 * 1000);
  CHECK(f.api->refresh(Json{{"protocol", 1}, {"refresh_token", refresh}}.dump()).status == 200);
  f.clock.advance(29LL * 24 * 3600 * 1000);
  CHECK(f.api->refresh(Json{{"protocol", 1}, {"refresh_token", refresh}}.dump()).status == 200);
  f.clock.advance(31LL * 24 * 3600 * 1000);
  auto too_late = f.api->refresh(Json{{"protocol", 1}, {"refresh_token", refresh}}.dump());
  CHECK(too_late.status == 401);
  CHECK(f.code_of(too_late) == "unauthorized");

  auto fresh = Json::parse(f.login("correct horse 42").body);
  auto s2 = f.auth(fresh["token"]);
  REQUIRE(s2.ok());
  CHECK(f.api->logout(s2.value()).status == 200);
  CHECK(f.auth(fresh["token"]).error().code == "unauthorized");
  CHECK(f.api->refresh(Json{{"protocol", 1}, {"refresh_token", fresh["refresh_token"]}}.dump()).status == 401);
}

TEST_CASE("A revoked device is refused and told to wipe its data", "[server][session]") {
  Fixture f;
  Json j = Json::parse(f.login("correct horse 42", "lost-laptop").body);
  REQUIRE(f.login("correct horse 42", "phone").status == 200);
  REQUIRE(f.store->revoke_device("lost-laptop", f.clock.now_ms()).ok());
  auto a = f.auth(j["token"]);
  REQUIRE_FALSE(a.ok());
  CHECK(a.error().code == "device_revoked");
  auto rf = f.api->refresh(Json{{"protocol", 1}, {"refresh_token", j["refresh_token"]}}.dump());
  CHECK(f.code_of(rf) == "device_revoked");
  auto relogin = f.login("correct horse 42", "lost-laptop");
  CHECK(relogin.status == 401);
  CHECK(f.code_of(relogin) == "device_revoked");
  CHECK(f.login("correct horse 42", "phone").status == 200);  // the user's other devices carry on
  auto devices = f.store->list_devices();
  REQUIRE(devices.ok());
  for (const auto& d : devices.value()) CHECK((d.revoked_at_ms != 0) == (d.id == "lost-laptop"));
}

TEST_CASE("Failed sign-ins are slowed down per user and per address", "[server][session]") {
  Fixture f;
  for (int i = 0; i < 5; ++i) CHECK(f.code_of(f.login("guess " + std::to_string(i))) == "invalid_credentials");
  // The sixth failure locks the name for a second; while locked even the right password is refused.
  CHECK(f.code_of(f.login("guess 5")) == "invalid_credentials");
  auto locked = f.login("correct horse 42");
  CHECK(locked.status == 429);
  CHECK(f.code_of(locked) == "too_many_attempts");
  f.clock.advance(1000);
  CHECK(f.code_of(f.login("guess 6")) == "invalid_credentials");
  f.clock.advance(1000);
  CHECK(f.code_of(f.login("correct horse 42")) == "too_many_attempts");  // the lock doubled: 2 s
  f.clock.advance(1000);
  CHECK(f.login("correct horse 42").status == 200);  // and success clears the count
  CHECK(f.code_of(f.login("guess 7")) == "invalid_credentials");

  // One address trying many names: 20 free failures, then locked whatever the name.
  for (int i = 0; i < 20; ++i) CHECK(f.code_of(f.login("x", "d", "user" + std::to_string(i), "10.9.9.9")) == "invalid_credentials");
  CHECK(f.code_of(f.login("x", "d", "user20", "10.9.9.9")) == "invalid_credentials");
  CHECK(f.code_of(f.login("correct horse 42", "dev-1", "alice", "10.9.9.9")) == "too_many_attempts");
  CHECK(f.login("correct horse 42", "dev-1", "alice", "10.0.0.2").status == 200);  // alice elsewhere is fine
  f.clock.advance(16 * 60 * 1000);
  CHECK(f.login("correct horse 42", "dev-1", "alice", "10.9.9.9").status == 200);
}
