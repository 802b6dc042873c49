// Administrative operations on the store: used by crm-server's subcommands (working directly on
// the data folder) and by the admin API. Each checks its input and returns an Error a caller can
// show.
#pragma once

#include <iosfwd>
#include <string>

#include "core/clock.h"
#include "storage/audit_log.h"
#include "storage/org_accounts.h"

namespace crm::server {

// Errors: weak_password, user_exists, invalid_role, invalid_username, not_found (team).
Status add_user(OrgAccounts& store, Clock& clock, const std::string& username, const std::string& password,
                const std::string& role, const std::string& team = {});
// Sets a new password and signs the user out on every device. Errors: weak_password, not_found.
Status change_password(OrgAccounts& store, const std::string& username, const std::string& password);
// Errors: invalid_name, team_exists, not_found (parent).
Status add_team(OrgAccounts& store, const std::string& name, const std::string& parent);

Status print_users(OrgAccounts& store, std::ostream& out);
Status print_teams(OrgAccounts& store, std::ostream& out);
Status print_devices(OrgAccounts& store, std::ostream& out);
Status print_audit(AuditLog& store, const AuditQuery& query, std::ostream& out);

// Unix milliseconds as "2026-11-23T10:15:00Z" ("-" for 0).
std::string iso_time(int64_t ms);

}  // namespace crm::server
