// AuditLog: the store's record of who changed which field of which record, and when. Rows are
// written inside an accepted push (RecordTransaction::audit, storage/record_changes.h), one per
// stored change, losing conflict sides included; admins read them (crm-server audit, the admin API).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/result.h"

namespace crm::server {

// One field of one record changed by an accepted push.
struct AuditEntry {
  int64_t seq = 0, at_ms = 0, user_id = 0;
  std::string username, device_id, entity, record_id, field;
  std::string old_value, new_value;  // JSON text; "null" when unset
  // A write this change stored that lost a concurrent conflict (JSON text; empty when none): the
  // visible value did not change, but the write is kept and can win a later resolution.
  std::string lost_value;
};

struct AuditQuery {
  std::string entity, record_id, username, device_id;
  int64_t since_ms = 0, until_ms = 0;  // 0: unbounded
  int limit = 100;
};

class AuditLog {
 public:
  virtual ~AuditLog() = default;
  // Matching rows, newest first, at most q.limit.
  virtual Result<std::vector<AuditEntry>> query_audit(const AuditQuery& q) = 0;
};

}  // namespace crm::server
