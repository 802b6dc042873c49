#include "model/entities/entities.h"

namespace crm {

// A visit to a customer: GPS check-in, later check-out. Besides the position it keeps what a
// manager needs to judge the check-in: the accuracy the device reported, how old the fix was when
// taken, and the device clock's offset from the server's clock (filled in at the next sync).
EntitySchema visit_schema() {
  using T = FieldType;
  return EntitySchema{
      .name = "visit",
      .label = "Visit",
      .fields =
          {
              {.name = "customer_id", .type = T::kReference, .required = true,
               .reference_entity = "customer"},
              {.name = "user", .type = T::kText, .max_length = 100},
              {.name = "purpose", .type = T::kText, .max_length = 200},
              {.name = "checkin_at", .type = T::kTimestamp, .required = true},
              {.name = "latitude", .type = T::kDecimal, .min = -90, .max = 90},
              {.name = "longitude", .type = T::kDecimal, .min = -180, .max = 180},
              {.name = "accuracy_m", .type = T::kDecimal, .min = 0, .max = 1e7},
              {.name = "position_age_ms", .type = T::kInteger, .min = 0, .max = 1e12},
              {.name = "distance_m", .type = T::kDecimal, .min = 0, .max = 4.1e7},
              {.name = "geofence_radius_m", .type = T::kInteger, .min = 1, .max = 1e6},
              {.name = "inside_geofence", .type = T::kBool},
              {.name = "clock_offset_ms", .type = T::kInteger, .min = -1e13, .max = 1e13},
              {.name = "checkout_at", .type = T::kTimestamp},
              {.name = "duration_s", .type = T::kInteger, .min = 0, .max = 1e9},
              {.name = "notes", .type = T::kLongText, .max_length = 5000},
          },
      .summary_fields = {"checkin_at", "purpose", "distance_m"},
  };
}

}  // namespace crm
