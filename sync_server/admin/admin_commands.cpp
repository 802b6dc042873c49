#include "admin/admin_commands.h"

#include <ostream>

#include "auth/credentials.h"
#include "admin/text_escape.h"
#include "auth/password_policy.h"
#include "core/time_format.h"

namespace crm::server {

std::string iso_time(int64_t ms) {
  if (ms <= 0) return "-";
  return iso8601_utc(ms);
}

Status add_user(OrgAccounts& store, Clock& clock, const std::string& username, const std::string& password,
                const std::string& role, const std::string& team) {
  if (!is_role(role)) return make_error("invalid_role", std::string("role must be ") + kRoleList, "role");
  if (username.empty() || username.size() > 100)
    return make_error("invalid_username", "the user name must have 1 to 100 characters", "username");
  if (has_control_characters(username))
    return make_error("invalid_username", "the user name must not hold control characters", "username");
  CRM_TRY(check_password_policy(password, username));
  auto hash = hash_password(password);
  if (!hash) return hash.error();
  auto user = store.create_user(username, hash.value(), role, clock.now_ms(), team);
  if (!user) return user.error();
  return ok_status();
}

Status change_password(OrgAccounts& store, const std::string& username, const std::string& password) {
  CRM_TRY(check_password_policy(password, username));
  auto hash = hash_password(password);
  if (!hash) return hash.error();
  return store.set_password(username, hash.value());
}

Status add_team(OrgAccounts& store, const std::string& name, const std::string& parent) {
  if (name.empty() || name.size() > 100)
    return make_error("invalid_name", "the team name must have 1 to 100 characters", "name");
  if (has_control_characters(name))
    return make_error("invalid_name", "the team name must not hold control characters", "name");
  auto t = store.create_team(name, parent);
  if (!t) return t.error();
  return ok_status();
}

Status print_users(OrgAccounts& store, std::ostream& out) {
  auto users = store.list_users();
  if (!users) return users.error();
  out << "username\trole\tteam\tstatus\tcreated\n";
  for (const auto& u : users.value())
    out << printable(u.username) << '\t' << u.role << '\t' << (u.team.empty() ? "-" : printable(u.team)) << '\t'
        << (u.disabled ? "disabled" : "active") << '\t' << iso_time(u.created_at_ms) << '\n';
  return ok_status();
}

Status print_teams(OrgAccounts& store, std::ostream& out) {
  auto org = store.load_org();
  if (!org) return org.error();
  out << "team\tparent\n";
  for (const auto& t : org->teams()) {
    const Team* parent = org->team(t.parent_id);
    out << printable(t.name) << '\t' << (parent ? printable(parent->name) : "-") << '\n';
  }
  return ok_status();
}

Status print_audit(AuditLog& store, const AuditQuery& query, std::ostream& out) {
  auto rows = store.query_audit(query);
  if (!rows) return rows.error();
  out << "at\tuser\tdevice\tentity\trecord\tfield\told\tnew\tlost\n";
  for (const auto& a : rows.value())
    out << iso_time(a.at_ms) << '\t' << printable(a.username) << '\t' << printable(a.device_id) << '\t'
        << printable(a.entity) << '\t' << printable(a.record_id) << '\t' << printable(a.field) << '\t'
        << printable(a.old_value) << '\t' << printable(a.new_value) << '\t'
        << (a.lost_value.empty() ? "-" : printable(a.lost_value)) << '\n';
  return ok_status();
}

Status print_devices(OrgAccounts& store, std::ostream& out) {
  auto devices = store.list_devices();
  if (!devices) return devices.error();
  out << "device\tuser\tname\tfirst_seen\tlast_seen\tchanges\trevoked\n";
  for (const auto& d : devices.value())
    out << printable(d.id) << '\t' << printable(d.username) << '\t' << (d.name.empty() ? "-" : printable(d.name)) << '\t'
        << iso_time(d.first_seen_ms) << '\t' << iso_time(d.last_seen_ms) << '\t' << d.changes << '\t'
        << iso_time(d.revoked_at_ms) << '\n';
  return ok_status();
}

}  // namespace crm::server
