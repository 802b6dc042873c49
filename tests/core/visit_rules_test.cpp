#include <catch2/catch.hpp>

#include "core/time_format.h"
#include "model/entity_schema.h"
#include "model/validation.h"
#include "visits/geo.h"
#include "visits/visit_rules.h"

using namespace crm;

TEST_CASE("UTC timestamps format and parse back", "[time]") {
  CHECK(iso8601_utc(0) == "1970-01-01T00:00:00.000Z");
  CHECK(iso8601_utc(1795512900123) == "2026-11-24T09:35:00.123Z");
  CHECK(iso8601_utc(-1) == "1969-12-31T23:59:59.999Z");
  CHECK(parse_iso8601("2026-11-24T09:35:00.123Z") == 1795512900123);
  CHECK(parse_iso8601("2026-11-24T09:35:00Z") == 1795512900000);
  CHECK(parse_iso8601("2024-02-29T00:00:00.5Z") == 1709164800500);
  for (int64_t ms : {int64_t{0}, int64_t{951782400000}, int64_t{1795512900999}})
    CHECK(parse_iso8601(iso8601_utc(ms)) == ms);
  CHECK_FALSE(parse_iso8601("2026-11-24 09:35:00Z"));
  CHECK_FALSE(parse_iso8601("2026-11-24T09:35:00"));
  CHECK_FALSE(parse_iso8601("2026-13-24T09:35:00Z"));
  CHECK_FALSE(parse_iso8601("2026-11-24T09:35:00.Z"));
}

TEST_CASE("Local times as people type them", "[time]") {
  // 09:35 UTC is 17:35 in Shanghai (UTC+8) and 04:35 in New York in winter (UTC-5).
  CHECK(local_minutes(1795512900000, 480) == "2026-11-24 17:35");
  CHECK(local_minutes(1795512900000, -300) == "2026-11-24 04:35");
  CHECK(parse_local_minutes("2026-11-24 17:35", 480) == 1795512900000);
  CHECK(parse_local_minutes("2026-11-24 04:35", -300) == 1795512900000);
  CHECK(parse_local_minutes("2026-11-24", 0) == 1795478400000);
  CHECK_FALSE(parse_local_minutes("2026-11-24 25:00", 0));
  CHECK_FALSE(parse_local_minutes("24.11.2026", 0));
  CHECK_FALSE(parse_local_minutes("2026-11-24T09:35:00Z", 0));
}

TEST_CASE("Distances between known places", "[geo]") {
  // Beijing (Tiananmen) to Shanghai (People's Square): about 1067 km.
  const double d = distance_m({39.9075, 116.3972}, {31.2304, 121.4737});
  CHECK(d == Approx(1067e3).epsilon(0.01));
  CHECK(distance_m({10, 20}, {10, 20}) == 0);
  // 0.001 degree of latitude is about 111 m everywhere.
  CHECK(distance_m({48.0, 2.0}, {48.001, 2.0}) == Approx(111.2).epsilon(0.01));
}

TEST_CASE("A check-in records the fix, the distance and the geofence verdict", "[visits]") {
  const std::map<std::string, Json> customer{{"name", "Acme"}, {"latitude", 31.2304}, {"longitude", 121.4737}};
  const int64_t now = 1795512900000;
  GeoFix near{31.2310, 121.4737, 12.5, now - 3000};
  auto in = checkin_values("0190c0de-0000-7000-8000-000000000001", customer, near, 200, now, "anna");
  REQUIRE(in);
  CHECK(in->at("checkin_at") == "2026-11-24T09:35:00.000Z");
  CHECK(in->at("position_age_ms") == 3000);
  CHECK(in->at("accuracy_m") == 12.5);
  CHECK(in->at("distance_m").get<double>() == Approx(66.7).margin(0.2));
  CHECK(in->at("inside_geofence") == true);
  CHECK(check_draft(*find_schema("visit"), *in).empty());
  CHECK(trust_warnings(*in).empty());

  GeoFix far{31.2404, 121.4737, 500, now - 10 * 60 * 1000};
  auto out = checkin_values("0190c0de-0000-7000-8000-000000000001", customer, far, 200, now, "anna");
  REQUIRE(out);
  CHECK(out->at("inside_geofence") == false);
  CHECK(trust_warnings(*out) == std::vector<std::string>{"outside_geofence", "low_accuracy", "stale_position"});

  auto unknown = checkin_values("0190c0de-0000-7000-8000-000000000001", {{"name", "X"}}, near, 200, now, "");
  REQUIRE(unknown);
  CHECK_FALSE(unknown->count("distance_m"));
  CHECK(trust_warnings(*unknown) == std::vector<std::string>{"no_customer_position"});

  CHECK(checkin_values("x", customer, GeoFix{95, 0, 5, now}, 200, now, "").error().code == "invalid_position");
  CHECK(checkin_values("x", customer, near, 0, now, "").error().code == "invalid_radius");
}

TEST_CASE("A check-out records duration once", "[visits]") {
  VisitValues visit{{"checkin_at", "2026-11-24T09:35:00.000Z"}, {"clock_offset_ms", -400000}};
  CHECK(trust_warnings(visit) == std::vector<std::string>{"no_customer_position", "clock_skew"});
  auto out = checkout_values(visit, 1795512900000 + 25 * 60 * 1000 + 999, "signed the contract");
  REQUIRE(out);
  CHECK(out->at("duration_s") == 1500);
  CHECK(out->at("checkout_at") == "2026-11-24T10:00:00.999Z");
  CHECK(out->at("notes") == "signed the contract");
  for (auto& [k, v] : *out) visit[k] = v;
  CHECK(is_checked_out(visit));
  CHECK(checkout_values(visit, 1795512900000, "").error().code == "already_checked_out");
  CHECK(checkout_values({}, 1795512900000, "").error().code == "invalid_visit");
}
