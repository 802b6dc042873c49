// The public pool's rules on every push (api/push_guard.h), as crm-server wires them:
//   refusal():     concurrent claims and the claim limit (pool/claims.h);
//   after_store(): a lead stored in a team's queue with no owner is dealt to the team's next
//                  sales person (pool/lead_assignment.h).
// Stateless: one instance serves every request.
#pragma once

#include "api/push_guard.h"

namespace crm::server::pool {

class PoolPushRules final : public PushGuard {
 public:
  Result<std::optional<Error>> refusal(RecordTransaction& tx, const PushContext& who,
                                       const RecordState& incoming) override;
  Status after_store(RecordTransaction& tx, const PushContext& who, const RecordState& stored) override;
};

}  // namespace crm::server::pool
