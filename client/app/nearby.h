// The customers nearest to a position, from the coordinates on their records (offline: no map
// service), nearest first.
#pragma once

#include <cstdint>
#include <vector>

#include "app/customer_directory.h"
#include "visits/geo.h"

namespace crm {

struct NearbyCustomer {
  uint32_t row;       // CustomerDirectory::row()
  double distance_m;  // from the position asked about
};

// At most `limit` customers with coordinates, nearest first (ties by name order).
std::vector<NearbyCustomer> nearest_customers(const CustomerDirectory& directory, const GeoPoint& here, size_t limit);

}  // namespace crm
