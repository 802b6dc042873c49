#include "model/entities/entities.h"
#include "model/entity_rules.h"

namespace crm {

namespace {

// A visit ends after it began.
std::vector<Error> check_visit(const FieldValues*, const FieldValues& next, const Actor&) {
  if (ends_before(next, "checkin_at", "checkout_at"))
    return {make_error("ends_before_start", "checkout_at: the check-out is before the check-in",
                       "checkout_at")};
  return {};
}

}  // namespace

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
              parent_reference("customer_id", "customer", "Customer"),
              {.name = "user",
               .type = T::kText,
               .max_length = 100,
               .access = FieldAccess::kReadOnly,
               .hidden = true},
              {.name = "purpose", .type = T::kText, .max_length = 200},
              {.name = "checkin_at",
               .type = T::kTimestamp,
               .required = true,
               .label = "Checked in"},
              {.name = "latitude",
               .type = T::kDecimal,
               .min = -90,
               .max = 90,
               .access = FieldAccess::kComputed},
              {.name = "longitude",
               .type = T::kDecimal,
               .min = -180,
               .max = 180,
               .access = FieldAccess::kComputed},
              {.name = "accuracy_m",
               .type = T::kDecimal,
               .min = 0,
               .max = 1e7,
               .access = FieldAccess::kComputed,
               .label = "Accuracy (m)"},
              {.name = "position_age_ms",
               .type = T::kInteger,
               .min = 0,
               .max = 1e12,
               .access = FieldAccess::kComputed,
               .label = "Position age (ms)"},
              {.name = "distance_m",
               .type = T::kDecimal,
               .min = 0,
               .max = 4.1e7,
               .access = FieldAccess::kComputed,
               .label = "Distance (m)"},
              {.name = "geofence_radius_m",
               .type = T::kInteger,
               .min = 1,
               .max = 1e6,
               .access = FieldAccess::kComputed,
               .label = "Geofence radius (m)"},
              {.name = "inside_geofence", .type = T::kBool, .access = FieldAccess::kComputed},
              {.name = "clock_offset_ms",
               .type = T::kInteger,
               .min = -1e13,
               .max = 1e13,
               .access = FieldAccess::kComputed,
               .label = "Device clock offset (ms)"},
              {.name = "checkout_at", .type = T::kTimestamp, .label = "Checked out"},
              {.name = "duration_s",
               .type = T::kInteger,
               .min = 0,
               .max = 1e9,
               .access = FieldAccess::kComputed,
               .label = "Duration (s)"},
              {.name = "notes", .type = T::kLongText, .max_length = 5000},
          },
      .summary_fields = {"checkin_at", "purpose", "distance_m"},
      .access = {.kind = AccessKind::kInherited, .field = "customer_id"},
      .check = check_visit,
  };
}

}  // namespace crm
