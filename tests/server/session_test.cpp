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

  // Each refresh hands out a new refresh token with 30 days of its own: a device syncing every
  // few weeks stays in (within the sign-in's 90 days).
  std::string current = Json::parse(again.body)["refresh_token"];
  CHECK(current != refresh);
  for (int i = 0; i < 2; ++i) {
    f.clock.advance(29LL * 24 * 3600 * 1000);
    auto r2 = f.api->refresh(Json{{"protocol", 1}, {"refresh_token", current}}.dump());
    REQUIRE(r2.status == 200);
    current = Json::parse(r2.body)["refresh_token"];
  }
  f.clock.advance(31LL * 24 * 3600 * 1000);
  auto too_late = f.api->refresh(Json{{"protocol", 1}, {"refresh_token", current}}.dump());
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
  ApiOptions options;
  options.address_throttle.free_failures = 20;
  f.api = std::make_unique<ApiService>(*f.store, f.clock, options);
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

  // One address trying many names: free failures (100 by default, 20 here to keep the test short),
  // then locked whatever the name.
  for (int i = 0; i < 20; ++i) CHECK(f.code_of(f.login("x", "d", "user" + std::to_string(i), "10.9.9.9")) == "invalid_credentials");
  CHECK(f.code_of(f.login("x", "d", "user20", "10.9.9.9")) == "invalid_credentials");
  CHECK(f.code_of(f.login("correct horse 42", "dev-1", "alice", "10.9.9.9")) == "too_many_attempts");
  CHECK(f.login("correct horse 42", "dev-1", "alice", "10.0.0.2").status == 200);  // alice elsewhere is fine
  f.clock.advance(16 * 60 * 1000);
  CHECK(f.login("correct horse 42", "dev-1", "alice", "10.9.9.9").status == 200);
}

TEST_CASE("Refresh tokens rotate; a reuse after the grace period ends the sign-in", "[server][session]") {
  Fixture f;
  auto refresh = [&](const std::string& token) {
    return f.api->refresh(Json{{"protocol", 1}, {"refresh_token", token}}.dump());
  };
  Json first = Json::parse(f.login("correct horse 42").body);
  const std::string r1 = first["refresh_token"];
  auto a2 = refresh(r1);
  REQUIRE(a2.status == 200);
  // One live access token per sign-in: the one before the refresh has ended.
  CHECK(f.auth(first["token"]).error().code == "token_expired");
  REQUIRE(f.auth(Json::parse(a2.body)["token"]).ok());

  // The answer was lost: the device retries with r1 within the grace period and carries on.
  f.clock.advance(60 * 1000);
  auto retry = refresh(r1);
  REQUIRE(retry.status == 200);
  const std::string r3 = Json::parse(retry.body)["refresh_token"];
  CHECK(refresh(Json::parse(a2.body)["refresh_token"]).status == 200);  // also within the grace period
  auto a4 = refresh(r3);
  REQUIRE(a4.status == 200);
  const Json latest = Json::parse(a4.body);
  REQUIRE(f.auth(latest["token"]).ok());

  // r1 used again long after it was replaced: it may have been copied; the whole sign-in ends.
  f.clock.advance(10 * 60 * 1000);
  auto reused = refresh(r1);
  CHECK(reused.status == 401);
  CHECK(f.code_of(reused) == "unauthorized");
  CHECK(refresh(latest["refresh_token"]).status == 401);
  CHECK(f.auth(latest["token"]).error().code == "unauthorized");
  CHECK(f.login("correct horse 42").status == 200);  // the password still signs in
}

TEST_CASE("A sign-in ends after its absolute lifetime however often it is refreshed", "[server][session]") {
  Fixture f;
  std::string current = Json::parse(f.login("correct horse 42").body)["refresh_token"];
  for (int day = 20; day < 90; day += 20) {
    f.clock.advance(20LL * 24 * 3600 * 1000);
    auto r = f.api->refresh(Json{{"protocol", 1}, {"refresh_token", current}}.dump());
    REQUIRE(r.status == 200);
    current = Json::parse(r.body)["refresh_token"];
    CHECK(Json::parse(r.body)["refresh_expires_at_ms"].get<int64_t>() <= f.clock.now_ms() + (90LL - day) * 24 * 3600 * 1000);
  }
  f.clock.advance(11LL * 24 * 3600 * 1000);  // day 91
  auto r = f.api->refresh(Json{{"protocol", 1}, {"refresh_token", current}}.dump());
  CHECK(r.status == 401);
  CHECK(f.code_of(r) == "unauthorized");
}

TEST_CASE("Throttle rows expire and the table stays bounded", "[server][session]") {
  Fixture f;
  ApiOptions options;
  options.max_throttle_rows = 10;
  f.api = std::make_unique<ApiService>(*f.store, f.clock, options);
  auto rows = [&](const std::string& prefix, int n) {
    int held = 0;
    for (int i = 0; i < n; ++i) held += f.store->login_throttle(prefix + std::to_string(i)).value().failures > 0;
    return held;
  };
  // Unknown names count (so answers do not tell which exist), each under its own keys.
  for (int i = 0; i < 30; ++i) CHECK(f.code_of(f.login("x", "d", "ghost" + std::to_string(i))) == "invalid_credentials");
  CHECK(rows("user:ghost", 30) == 30);
  f.clock.advance(61 * 1000);  // pruning runs at most once a minute, at a sign-in
  CHECK(f.code_of(f.login("x", "d", "ghost30")) == "invalid_credentials");
  CHECK(rows("user:ghost", 31) <= 11);  // the 10 kept (of every kind of key) and ghost30
  // Past their window (15 minutes) and lock, rows go.
  f.clock.advance(16 * 60 * 1000);
  CHECK(f.login("correct horse 42").status == 200);
  CHECK(rows("user:ghost", 31) == 0);
  CHECK(f.store->login_throttle("addr:10.0.0.1").value().failures == 0);
}
