// Business rules of visits: what a check-in and a check-out write, and the signals a manager
// uses to decide whether a check-in can be trusted.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/result.h"
#include "crdt/record.h"
#include "visits/geo.h"

namespace crm {

using VisitValues = std::map<std::string, Json>;

// A position fix as the browser's geolocation API reports it.
struct GeoFix {
  double latitude = 0, longitude = 0;
  double accuracy_m = 0;
  int64_t taken_at_ms = 0;  // when the device took the fix (its own clock)
};

inline constexpr int kDefaultGeofenceRadiusM = 200;
// A fix older than this at check-in is flagged: it may have been taken somewhere else.
inline constexpr int64_t kStalePositionMs = 2 * 60 * 1000;
// A device clock this far from the server's makes its times unreliable.
inline constexpr int64_t kClockSkewWarningMs = 5 * 60 * 1000;

// The customer's address coordinates, if both are set.
std::optional<GeoPoint> customer_position(const std::map<std::string, Json>& customer);

// The fields of a new visit checked in now. Errors: invalid_position (coordinates out of range
// or accuracy negative), invalid_radius.
Result<VisitValues> checkin_values(const std::string& customer_id, const std::map<std::string, Json>& customer,
                                   const GeoFix& fix, int geofence_radius_m, int64_t now_ms,
                                   const std::string& user);

// The fields a check-out changes. Errors: already_checked_out, invalid_visit (no check-in time).
Result<VisitValues> checkout_values(const VisitValues& visit, int64_t now_ms, const std::string& notes);

bool is_checked_out(const VisitValues& visit);

// Why a check-in may not be trustworthy, as codes: outside_geofence, no_customer_position,
// low_accuracy (accuracy worse than the radius), stale_position, clock_skew. Empty: nothing to flag.
std::vector<std::string> trust_warnings(const VisitValues& visit);

}  // namespace crm
