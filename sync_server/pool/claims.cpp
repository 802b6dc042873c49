#include "pool/claims.h"

#include "pool/pool_names.h"
#include "pool/pool_policy.h"

namespace crm::server::pool {
namespace {

bool blank(const Json& v) { return v.is_null() || (v.is_string() && v.get_ref<const std::string&>().empty()); }

// Whether the device had received the record before its claim: its version vector holds writes
// the server holds from some replica. A record pushed from nothing (an id learnt elsewhere) is
// judged as before, `forbidden`, and learns nothing of its owner.
bool knew_record(const RecordState& held, const RecordState& incoming) {
  for (const auto& [replica, counter] : incoming.vv.entries())
    if (counter > 0 && held.vv.get(replica) > 0) return true;
  return false;
}

}  // namespace

Result<std::optional<Error>> claim_refusal(RecordTransaction& tx, const PushContext& who,
                                           const RecordState& incoming) {
  using Refusal = std::optional<Error>;
  if (incoming.entity != kCustomer || who.actor.role == kRoleAdmin) return Refusal();
  auto stored = tx.get(incoming.entity, incoming.id);
  if (!stored) return stored.error();
  if (!stored.value()) return Refusal();  // a new customer is created, not claimed
  const RecordState& held = *stored.value();
  // A claim is a write the server has not seen that names the pusher as the owner.
  bool claims = false;
  if (auto it = incoming.fields.find(kOwner); it != incoming.fields.end())
    for (const auto& w : it->second)
      claims = claims || (!held.vv.covers(w.dot) && w.value == Json(who.actor.username));
  if (!claims) return Refusal();
  const Json owner = held.value(kOwner);
  if (!blank(owner)) {
    if (owner == Json(who.actor.username)) return Refusal();
    // Someone took it in a write this device had not seen: the first accepted push wins.
    const FieldWrite* taken = held.winner(kOwner);
    if (taken && !incoming.vv.covers(taken->dot) && knew_record(held, incoming))
      return Refusal(make_error("already_claimed",
                                "already claimed by " + owner.get<std::string>() +
                                    " (their claim reached the server first); your changes are kept on this device",
                                kOwner));
    return Refusal();  // a change of a known owner: the schema's field rights judge it
  }
  auto rules = tx.list(kPoolRule);
  if (!rules) return rules.error();
  const sales::PoolPolicy policy = policy_for(rules.value(), who.org, who.user_id);
  auto count = tx.count_owned(kCustomer, who.user_id);
  if (!count) return count.error();
  if (Status s = sales::check_claim(static_cast<int>(count.value()), policy); !s) return Refusal(s.error());
  return Refusal();
}

}  // namespace crm::server::pool
