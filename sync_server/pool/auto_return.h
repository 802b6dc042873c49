// Automatic return to the public pool (docs/access.md, "The public pool"): a customer whose owner
// has not followed it up (no activity or visit, sales/pool_follow_up.h) for its owner's policy's
// return_after_days, on the organisation's local calendar, and that has no open opportunity,
// goes back to the pool: owner emptied, pool_reason saying why. Written by the server as its own
// changes (api/server_edit.h) in one transaction, audited, delivered to devices by their next pull.
// Deterministic (customers in id order, dates only from stored records and the run's clock) and
// idempotent: a second run the same day returns nothing more.
#pragma once

#include <string>
#include <vector>

#include "storage/org_accounts.h"
#include "storage/record_changes.h"

namespace crm::server::pool {

struct ReturnedCustomer {
  std::string id, owner, reason;
};

// Returns every customer due at `author.at_ms` for an organisation `utc_offset_minutes` east of
// UTC. `author`: who runs it (user 0: the server's daily run). Errors: storage.
Result<std::vector<ReturnedCustomer>> return_due(RecordChanges& records, OrgAccounts& accounts,
                                                 const ChangeAuthor& author, int utc_offset_minutes);

}  // namespace crm::server::pool
