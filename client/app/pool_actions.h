// The public pool on the device (docs/access.md, "The public pool"): claiming a pool customer,
// returning one's own with a reason, and the owner's warning before the automatic return, all
// offline from the records the device holds and the same core rules the server applies
// (sales/pool_rules.h, pool_policy.h, pool_follow_up.h). The server stays the judge: a claim
// another device's claim beat, or a limit this device could not see (a team's rule: devices know
// their role, not their team), comes back refused and waits in "needs attention".
#pragma once

#include <optional>
#include <string>

#include "app/app.h"
#include "sales/pool_rules.h"

namespace crm {

// The pool rule for the signed-in user, from the pool_rule records the device holds.
sales::PoolPolicy my_pool_policy(App& app);
// The customers the signed-in user owns on this device.
int customers_held(App& app);

// Takes a pool customer: owner = me, claimed_at = now, pool_reason cleared. Refused offline with
// error claim_limit when the device already holds the limit of my customers; not_found; or a
// field error from the core's checks (a customer someone owns: field_forbidden).
FormOutcome claim_customer(App& app, const std::string& customer_id);
// Gives my customer back to the pool with `reason` (required: field error reason_required).
FormOutcome return_to_pool(App& app, const std::string& customer_id, const std::string& reason);

// Where my customer stands against the automatic return, today in the device's time zone;
// nothing when it is not mine (or not here).
std::optional<sales::PoolStatus> pool_standing(App& app, const std::string& customer_id, int tz_offset_min);

// The owner named by an `already_claimed` refusal's message ("already claimed by NAME (...)",
// docs/sync-protocol.md §10), or empty.
std::string claimed_by(const std::string& message);

}  // namespace crm
