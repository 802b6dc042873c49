// ServerStore: everything the sync server keeps, as the four small interfaces a backend
// implements (SqliteServerStore today; PostgreSQL later implements the same pieces):
//   storage/record_changes.h  records with their scope, the change log, pulls
//   storage/org_accounts.h    users, teams, devices
//   storage/session_tokens.h  sign-in sessions, tokens, the sign-in throttle
//   storage/audit_log.h       who changed what
//   storage/attachment_links.h  which attachment belongs to which record
// Callers take only the pieces they use; this whole is for the code that opens one backend for all
// of them (main.cpp, tests). Implementations are thread-safe and keep no state between calls that
// another server process would need.
#pragma once

#include "storage/attachment_links.h"
#include "storage/audit_log.h"
#include "storage/org_accounts.h"
#include "storage/record_changes.h"
#include "storage/session_tokens.h"

namespace crm::server {

class ServerStore : public RecordChanges, public OrgAccounts, public SessionTokens, public AuditLog,
                    public AttachmentLinks {
 public:
  ~ServerStore() override = default;
};

}  // namespace crm::server
