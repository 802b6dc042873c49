// Owner transfer in bulk (docs/access.md, "Owner transfer"): when someone leaves or territories
// change, an admin, or a manager between two users of their team, moves one user's customers
// (all, the listed ones, or those of one region) to another user, and, when no filter is given,
// that user's leads too. Everything that follows a customer by scope (contacts, opportunities,
// activities, visits, at any depth) follows it; devices lose or gain the records on their next
// pull. One act: one transaction, one entry in the change log, each record's change audited
// under the acting user and device.
#pragma once

#include <string>
#include <vector>

#include "storage/org_accounts.h"
#include "storage/record_changes.h"
#include "storage/session_tokens.h"

namespace crm::server::pool {

struct TransferRequest {
  std::string from, to;
  std::vector<std::string> only_customers;  // empty: every customer of `from`
  std::string region;                       // empty: any region
};

struct TransferResult {
  std::vector<std::string> customers, leads;  // ids moved, in id order
};

// `who`: the acting user. Errors: forbidden (not an admin, or a manager naming a user outside
// their team), not_found (unknown or disabled user), bad_request (from = to), storage.
Result<TransferResult> transfer_owner(RecordChanges& records, OrgAccounts& accounts, const Session& who,
                                      int64_t now_ms, const TransferRequest& request);

}  // namespace crm::server::pool
