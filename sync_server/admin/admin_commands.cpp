#include "admin/admin_commands.h"

#include <ctime>
#include <ostream>

#include "auth/credentials.h"

namespace crm::server {
namespace {

std::string iso_time(int64_t ms) {
  if (ms <= 0) return "-";
  std::time_t t = static_cast<std::time_t>(ms / 1000);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", std::gmtime(&t));
  return buf;
}

}  // namespace

Status add_user(ServerStore& store, Clock& clock, const std::string& username, const std::string& password,
                const std::string& role) {
  if (role != "sales" && role != "manager" && role != "admin")
    return make_error("invalid_role", "role must be sales, manager or admin", "role");
  if (username.empty() || username.size() > 100)
    return make_error("invalid_username", "the user name must have 1 to 100 characters", "username");
  CRM_TRY(check_password_policy(password));
  auto hash = hash_password(password);
  if (!hash) return hash.error();
  auto user = store.create_user(username, hash.value(), role, clock.now_ms());
  if (!user) return user.error();
  return ok_status();
}

Status change_password(ServerStore& store, const std::string& username, const std::string& password) {
  CRM_TRY(check_password_policy(password));
  auto hash = hash_password(password);
  if (!hash) return hash.error();
  return store.set_password(username, hash.value());
}

Status print_users(ServerStore& store, std::ostream& out) {
  auto users = store.list_users();
  if (!users) return users.error();
  out << "username\trole\tstatus\tcreated\n";
  for (const auto& u : users.value())
    out << u.username << '\t' << u.role << '\t' << (u.disabled ? "disabled" : "active") << '\t'
        << iso_time(u.created_at_ms) << '\n';
  return ok_status();
}

Status print_devices(ServerStore& store, std::ostream& out) {
  auto devices = store.list_devices();
  if (!devices) return devices.error();
  out << "device\tuser\tname\tfirst_seen\tlast_seen\tchanges\n";
  for (const auto& d : devices.value())
    out << d.id << '\t' << d.username << '\t' << (d.name.empty() ? "-" : d.name) << '\t'
        << iso_time(d.first_seen_ms) << '\t' << iso_time(d.last_seen_ms) << '\t' << d.changes << '\n';
  return ok_status();
}

}  // namespace crm::server
