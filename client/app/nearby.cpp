#include "app/nearby.h"

#include <algorithm>

namespace crm {

std::vector<NearbyCustomer> nearest_customers(const CustomerDirectory& directory, const GeoPoint& here, size_t limit) {
  std::vector<NearbyCustomer> out;
  for (uint32_t i = 0; i < directory.size(); ++i) {
    const CustomerRow& c = directory.row(i);
    if (c.has_position) out.push_back({i, distance_m(here, GeoPoint{c.latitude, c.longitude})});
  }
  const auto closer = [](const NearbyCustomer& a, const NearbyCustomer& b) {
    return a.distance_m != b.distance_m ? a.distance_m < b.distance_m : a.row < b.row;
  };
  // A partial sort: 100,000 customers, 50 shown.
  if (out.size() > limit) {
    std::partial_sort(out.begin(), out.begin() + static_cast<std::ptrdiff_t>(limit), out.end(), closer);
    out.resize(limit);
  } else {
    std::sort(out.begin(), out.end(), closer);
  }
  return out;
}

}  // namespace crm
