#include "pool/pool_push_rules.h"

#include "pool/claims.h"
#include "pool/lead_assignment.h"
#include "pool/pool_names.h"

namespace crm::server::pool {

Result<std::optional<Error>> PoolPushRules::refusal(RecordTransaction& tx, const PushContext& who,
                                                    const RecordState& incoming) {
  return claim_refusal(tx, who, incoming);
}

Status PoolPushRules::after_store(RecordTransaction& tx, const PushContext& who, const RecordState& stored) {
  if (stored.entity != kLead) return ok_status();
  // The server's own write, though the push carried it: the audit says so.
  const ChangeAuthor server{0, kServerReplica, who.now_ms};
  auto assigned = assign_lead(tx, who.org, server, stored);
  if (!assigned) return assigned.error();
  return ok_status();
}

}  // namespace crm::server::pool
