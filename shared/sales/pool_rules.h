// The public customer pool (公海): customers without an owner that any sales person may claim,
// within a limit, and that return to it when their owner stops following them up. Pure rules on
// calendar dates: the server applies the return once a day in the organisation's time zone, and a
// device shows the owner the warning offline from the same rule, so both agree on the day.
#pragma once

#include <optional>

#include "core/result.h"
#include "model/values/calendar_date.h"

namespace crm::sales {

struct PoolPolicy {
  int return_after_days = 30;  // no follow-up for this many days: back to the pool
  int warn_days = 7;           // the owner is warned from this many days before
  int claim_limit = 50;        // customers one person may hold (per role or team, configured)
};

enum class PoolStanding {
  kKept,     // followed up recently, or an open opportunity holds it
  kWarning,  // returns soon unless followed up
  kDue,      // returns on the next run
};

struct PoolStatus {
  PoolStanding standing = PoolStanding::kKept;
  CalendarDate returns_on;  // the first day it is due (meaningless when kept by an opportunity)
  int days_left = 0;        // days from `today` to `returns_on` (0 or less: due)
};

// `last_follow_up`: the local date of the latest activity or visit, or of the claim when none
// came after it. An open opportunity keeps a customer whatever its dates.
PoolStatus pool_status(const CalendarDate& last_follow_up, const CalendarDate& today, bool has_open_opportunity,
                       const PoolPolicy& policy);

// Errors: claim_limit (already holding `policy.claim_limit` customers), invalid_policy (negative
// or zero days, a warning window longer than the period).
Status check_claim(int customers_held, const PoolPolicy& policy);
Status check_policy(const PoolPolicy& policy);

}  // namespace crm::sales
