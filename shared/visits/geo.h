// Positions on the Earth and distances between them, for visit check-ins.
#pragma once

#include <optional>

namespace crm {

struct GeoPoint {
  double latitude = 0, longitude = 0;
};

// Great-circle distance in metres (haversine on a sphere of the mean Earth radius): within 0.5%
// of the ellipsoidal distance, far below a phone's GPS error.
double distance_m(const GeoPoint& a, const GeoPoint& b);

}  // namespace crm
