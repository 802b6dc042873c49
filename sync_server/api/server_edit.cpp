#include "api/server_edit.h"

#include "api/record_access.h"
#include "crdt/merge.h"

namespace crm::server {

Result<RecordState> server_edit(RecordTransaction& tx, const Org& org, const ChangeAuthor& author,
                                const RecordState& stored, const std::map<std::string, Json>& changes,
                                const std::string& replica) {
  const RecordKey key{stored.entity, stored.id};
  auto prev_scope = tx.scope(key.entity, key.id);
  if (!prev_scope) return prev_scope.error();
  // After every write the record holds, so the merge everywhere takes this one as the newest.
  const HlcStamp newest = stored.max_hlc();
  const HlcStamp stamp = author.at_ms > newest.ms ? HlcStamp{author.at_ms, 0} : HlcStamp{newest.ms, newest.logical + 1};
  RecordState next = stored;
  apply_local_write(next, replica, stamp, changes);
  next.normalize();
  auto lookup = [&](const RecordKey& k) { return tx.scope(k.entity, k.id); };
  auto scope = derive_scope(next, org, lookup, author.user_id, prev_scope.value());
  if (!scope) return scope.error();
  CRM_TRY(tx.put(next, &stored, scope.value()));
  CRM_TRY(audit_change(tx, author, &stored, next));
  CRM_TRY(follow_scope(tx, org, key, prev_scope.value(), scope.value()));
  return next;
}

}  // namespace crm::server
