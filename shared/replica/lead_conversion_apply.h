// Converting a lead on a device: the plan of sales/lead_conversion.h written to the replica as one
// all-or-nothing act (one store transaction: the customer, contact, opportunity and the lead, or
// nothing). Each write is an ordinary local edit (validated, checked against the signed-in user's
// rights, queued for push).
#pragma once

#include <string>

#include "core/result.h"
#include "replica/replica.h"
#include "sales/lead_conversion.h"

namespace crm {

// Converts the live lead `lead_id` held by `replica`, by `actor` (the owner of a new customer when
// the lead has none), at the replica clock's time. A record the plan creates that is already held
// (the same conversion made on another device arrived) is linked instead: only its empty fields
// are filled. Errors: not_found (no such lead), those of sales::plan_conversion(),
// conversion_target_deleted (a record the conversion would create was deleted here), and any
// validation or rights error of a write; on error nothing is written.
Result<sales::ConversionPlan> convert_lead(Replica& replica, const std::string& lead_id,
                                           const sales::ConversionOptions& options, const Actor& actor);

// After sync, a lead converted on two devices holds two conversion times: writes the earliest, so
// that every device shows it and no conflict remains (both devices writing it write the same
// value, which is no conflict either). Returns true when it wrote. Errors: storage errors.
Result<bool> settle_conversion(Replica& replica, const std::string& lead_id);

}  // namespace crm
