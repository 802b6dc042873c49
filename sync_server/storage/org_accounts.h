// OrgAccounts: the organisation (users, roles, teams), passwords and the devices users sign in
// from. Changes that alter a user's data scope mark that user's devices for a scope reset.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "access/org.h"
#include "core/result.h"

namespace crm::server {

struct User {
  int64_t id = 0;
  std::string username, role, password_hash;
  bool disabled = false;
  int64_t created_at_ms = 0;
  std::string team;  // team name, empty when in no team
};

// A change to a user's account by an admin; unset members stay as they are.
struct UserUpdate {
  std::optional<std::string> role;
  std::optional<std::string> team;  // "" takes the user out of every team
  std::optional<bool> disabled;
};

struct Device {
  std::string id;  // the device's replica id
  int64_t user_id = 0;
  std::string username, name;
  int64_t first_seen_ms = 0, last_seen_ms = 0;
  int64_t changes = 0;  // accepted changes sent by this device
  int64_t revoked_at_ms = 0;  // 0: not revoked
};

class OrgAccounts {
 public:
  virtual ~OrgAccounts() = default;

  // Users (in id order) and teams.
  virtual Result<Org> load_org() = 0;
  // Errors: user_exists, not_found (team).
  virtual Result<User> create_user(const std::string& username, const std::string& password_hash,
                                   const std::string& role, int64_t now_ms, const std::string& team = {}) = 0;
  // Changes role, team or status. Users whose data scope this changes must sync their scope anew.
  // Errors: not_found (user or team), invalid_role.
  virtual Status update_user(const std::string& username, const UserUpdate& update) = 0;
  // Errors: team_exists, not_found (parent).
  virtual Result<Team> create_team(const std::string& name, const std::string& parent) = 0;
  // Whether the device must pull its scope again from cursor 0 (its user's scope changed since it
  // last did). A pull from cursor 0 clears the mark.
  virtual Result<bool> scope_reset_due(const std::string& device_id, int64_t cursor) = 0;
  virtual Result<std::optional<User>> find_user(const std::string& username) = 0;
  virtual Result<std::vector<User>> list_users() = 0;
  // Replaces a user's password hash and revokes every token of that user. Errors: not_found.
  virtual Status set_password(const std::string& username, const std::string& password_hash) = 0;

  // Registers or refreshes a device for a user. Errors: device_taken (another user's device).
  virtual Status register_device(const std::string& device_id, int64_t user_id, const std::string& name,
                                 int64_t now_ms) = 0;
  virtual Result<std::vector<Device>> list_devices() = 0;
  // Marks a device revoked: every request with its tokens and every sign-in from it are refused,
  // and the device wipes its data on hearing so. Errors: not_found.
  virtual Status revoke_device(const std::string& device_id, int64_t now_ms) = 0;
  // Records that a device just synced (its last contact, for admins).
  virtual Status touch_device(const std::string& device_id, int64_t now_ms) = 0;
};

}  // namespace crm::server
