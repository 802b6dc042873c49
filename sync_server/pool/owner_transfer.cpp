#include "pool/owner_transfer.h"

#include <algorithm>

#include "api/server_edit.h"
#include "model/entity_schema.h"
#include "pool/pool_names.h"
#include "pool/text_field.h"

namespace crm::server::pool {
Result<TransferResult> transfer_owner(RecordChanges& records, OrgAccounts& accounts, const Session& who,
                                      int64_t now_ms, const TransferRequest& request) {
  if (who.role != kRoleAdmin && who.role != kRoleManager)
    return make_error("forbidden", "only admins and managers transfer owners");
  if (request.from.empty() || request.to.empty())
    return make_error("required", "say whose records go (from) and to whom (to)", request.from.empty() ? "from" : "to");
  if (request.from == request.to) return make_error("bad_request", "from and to are the same user", "to");
  auto org = accounts.load_org();
  if (!org) return org.error();
  const OrgUser* to = org->user_named(request.to);
  if (!to) return make_error("not_found", "no active user named '" + request.to + "'", "to");
  // The user who leaves may already be disabled (then not in the organisation's active users):
  // their records still name them, so `from` is matched by name only.
  if (who.role == kRoleManager) {
    const DataScope scope = org->scope_of(who.user_id);
    const OrgUser* from = org->user_named(request.from);
    if (!from || !scope.sees_owner(from->id) || !scope.sees_owner(to->id))
      return make_error("forbidden", "a manager transfers only between users of their team", from ? "to" : "from");
  }
  std::vector<std::string> only = request.only_customers;
  std::sort(only.begin(), only.end());
  const bool filtered = !only.empty() || !request.region.empty();
  TransferResult out;
  const ChangeAuthor author{who.user_id, who.device_id, now_ms};
  Status written = records.write(author, [&](RecordTransaction& tx) -> Status {
    out = {};
    auto customers = tx.list(kCustomer);
    if (!customers) return customers.error();
    for (const RecordState& c : customers.value()) {
      if (c.deleted() || text_field(c, kOwner) != request.from) continue;
      if (!only.empty() && !std::binary_search(only.begin(), only.end(), c.id)) continue;
      if (!request.region.empty() && text_field(c, kRegion) != request.region) continue;
      auto edited = server_edit(tx, org.value(), author, c, {{kOwner, request.to}}, kServerReplica);
      if (!edited) return edited.error();
      out.customers.push_back(c.id);
    }
    if (filtered) return ok_status();
    auto leads = tx.list(kLead);
    if (!leads) return leads.error();
    for (const RecordState& l : leads.value()) {
      if (l.deleted() || text_field(l, kOwner) != request.from) continue;
      auto edited = server_edit(tx, org.value(), author, l, {{kOwner, request.to}}, kServerReplica);
      if (!edited) return edited.error();
      out.leads.push_back(l.id);
    }
    return ok_status();
  });
  if (!written) return written.error();
  return out;
}

}  // namespace crm::server::pool
