#include "visits/visit_rules.h"

#include <cmath>
#include <cstdlib>

#include "core/time_format.h"

namespace crm {
namespace {

std::optional<double> number(const std::map<std::string, Json>& values, const char* field) {
  auto it = values.find(field);
  if (it == values.end() || !it->second.is_number()) return std::nullopt;
  return it->second.get<double>();
}

}  // namespace

std::optional<GeoPoint> customer_position(const std::map<std::string, Json>& customer) {
  auto lat = number(customer, "latitude"), lon = number(customer, "longitude");
  if (!lat || !lon) return std::nullopt;
  return GeoPoint{*lat, *lon};
}

Result<VisitValues> checkin_values(const std::string& customer_id, const std::map<std::string, Json>& customer,
                                   const GeoFix& fix, int geofence_radius_m, int64_t now_ms,
                                   const std::string& user) {
  if (!(std::abs(fix.latitude) <= 90) || !(std::abs(fix.longitude) <= 180) || !(fix.accuracy_m >= 0))
    return make_error("invalid_position", "the device reported an impossible position");
  if (geofence_radius_m < 1) return make_error("invalid_radius", "the geofence radius must be at least 1 m");
  VisitValues v{
      {"customer_id", customer_id},
      {"checkin_at", iso8601_utc(now_ms)},
      {"latitude", fix.latitude},
      {"longitude", fix.longitude},
      {"accuracy_m", std::round(fix.accuracy_m * 10) / 10},
      {"position_age_ms", std::max<int64_t>(0, now_ms - fix.taken_at_ms)},
      {"geofence_radius_m", geofence_radius_m},
  };
  if (!user.empty()) v["user"] = user;
  if (auto at = customer_position(customer)) {
    const double d = distance_m(*at, GeoPoint{fix.latitude, fix.longitude});
    v["distance_m"] = std::round(d * 10) / 10;
    v["inside_geofence"] = d <= geofence_radius_m;
  }
  return v;
}

bool is_checked_out(const VisitValues& visit) {
  auto it = visit.find("checkout_at");
  return it != visit.end() && it->second.is_string();
}

Result<VisitValues> checkout_values(const VisitValues& visit, int64_t now_ms, const std::string& notes) {
  if (is_checked_out(visit)) return make_error("already_checked_out", "this visit is already checked out");
  auto in = visit.find("checkin_at");
  std::optional<int64_t> checkin;
  if (in != visit.end() && in->second.is_string()) checkin = parse_iso8601(in->second.get<std::string>());
  if (!checkin) return make_error("invalid_visit", "this visit has no check-in time");
  VisitValues v{{"checkout_at", iso8601_utc(now_ms)},
                {"duration_s", std::max<int64_t>(0, (now_ms - *checkin) / 1000)}};
  if (!notes.empty()) v["notes"] = notes;
  return v;
}

std::vector<std::string> trust_warnings(const VisitValues& visit) {
  std::vector<std::string> out;
  auto inside = visit.find("inside_geofence");
  if (inside == visit.end() || !inside->second.is_boolean()) out.push_back("no_customer_position");
  else if (!inside->second.get<bool>()) out.push_back("outside_geofence");
  auto accuracy = number(visit, "accuracy_m"), radius = number(visit, "geofence_radius_m");
  if (accuracy && radius && *accuracy > *radius) out.push_back("low_accuracy");
  if (auto age = number(visit, "position_age_ms"); age && *age > kStalePositionMs) out.push_back("stale_position");
  if (auto off = number(visit, "clock_offset_ms"); off && std::abs(*off) > kClockSkewWarningMs)
    out.push_back("clock_skew");
  return out;
}

}  // namespace crm
