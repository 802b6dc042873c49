// The pool's claims on a push (docs/access.md, "The public pool").
//   - Concurrent claims: two people claim one pool customer on two offline devices. The first
//     push to arrive takes it; a later claim made without seeing that owner is refused with
//     `already_claimed`, naming the owner, whatever the two claims' clock stamps (the merge alone
//     would let the later stamp win). Judged against the STORED owner, before the merge, and
//     only for a push carrying the record's history (the device had received it): a record
//     pushed from nothing under a known id learns nothing of its owner (`forbidden` follows).
//   - Claim limit: a claim (the stored owner empty, the pusher's new write naming the pusher) by
//     someone who already holds their policy's claim_limit customers is refused with
//     `claim_limit` (sales/pool_rules.h check_claim; the policy from pool/pool_policy.h).
#pragma once

#include "api/push_guard.h"

namespace crm::server::pool {

// The reason `incoming` is refused (already_claimed, claim_limit), or nothing. Errors: storage.
Result<std::optional<Error>> claim_refusal(RecordTransaction& tx, const PushContext& who, const RecordState& incoming);

}  // namespace crm::server::pool
