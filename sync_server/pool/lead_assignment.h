// Round-robin assignment of leads (docs/access.md, "The public pool"): a lead with a `team` and
// no owner is given to that team's sales people in turn, in a fixed order (by user id). The
// team's position in the rotation is a counter kept in the same transaction as the assignment
// (RecordTransaction::counter), and a lead that already has an owner is skipped, so a retried
// push or a second run never assigns a lead twice nor skips anyone. Runs after each push that
// stores such a lead (pool/pool_push_rules.h) and in the daily run for leads still waiting.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "access/org.h"
#include "storage/org_accounts.h"
#include "storage/record_changes.h"

namespace crm::server::pool {

// Gives `lead` (as stored in `tx`) to its team's next sales person, as the server. Returns who,
// or nothing (owned already, no team, no sales person in the team). Errors: storage.
Result<std::optional<std::string>> assign_lead(RecordTransaction& tx, const Org& org, const ChangeAuthor& author,
                                               const RecordState& lead);

struct AssignedLead {
  std::string id, team, owner;
};
// Every waiting lead, in id order, in one transaction. Errors: storage.
Result<std::vector<AssignedLead>> assign_waiting_leads(RecordChanges& records, OrgAccounts& accounts,
                                                       const ChangeAuthor& author);

}  // namespace crm::server::pool
