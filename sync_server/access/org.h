// The organisation as access control sees it: users with a role and a team, teams in a hierarchy,
// and the data scope that follows for each user (docs/access.md):
//   sales    their own records and the public pool (records with no owner)
//   manager  the records of every user in their team and its sub-teams, their own, and the pool
//   service  every ticket and the customers that have tickets (the schemas' role reaches)
//   admin    everything, and the admin API
// Pure functions over a snapshot: the store loads it, the API asks it questions.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace crm::server {

bool is_role(std::string_view role);
inline constexpr const char* kRoleList = "sales, manager, service or admin";

struct Team {
  int64_t id = 0;
  std::string name;
  int64_t parent_id = 0;  // 0: a top-level team
};

struct OrgUser {
  int64_t id = 0;
  std::string username, role;
  int64_t team_id = 0;  // 0: in no team
};

// Owner id 0 is the public pool.
inline constexpr int64_t kPoolOwner = 0;

// Whose records one user sees by the owner rule (record_scope.h adds organisation-wide data,
// personal records and the schema's role reaches).
struct DataScope {
  bool all = false;  // admin
  int64_t user_id = 0;
  std::string role;
  std::vector<int64_t> owners;  // sorted owner ids whose owned records are visible

  bool sees_owner(int64_t owner) const;
  bool operator==(const DataScope&) const = default;
};

class Org {
 public:
  Org() = default;
  Org(std::vector<OrgUser> users, std::vector<Team> teams);

  const OrgUser* user(int64_t id) const;
  const OrgUser* user_named(std::string_view username) const;
  const Team* team(int64_t id) const;
  const Team* team_named(std::string_view name) const;
  const std::vector<OrgUser>& users() const { return users_; }
  const std::vector<Team>& teams() const { return teams_; }

  DataScope scope_of(int64_t user_id) const;
  // The users who see records owned by `owner` through an owner scope (sales people and
  // managers; admins and service agents see by other rules and never lose a record this way).
  std::vector<int64_t> viewers_of(int64_t owner) const;

 private:
  bool team_within(int64_t team, int64_t ancestor) const;
  std::vector<OrgUser> users_;
  std::vector<Team> teams_;
  std::map<int64_t, size_t> user_index_, team_index_;
};

// Users whose data scope differs between two states of the organisation (their devices must
// sync their scope again from the start).
std::vector<int64_t> scope_changes(const Org& before, const Org& after);

// Sorted a minus sorted b.
std::vector<int64_t> lost_viewers(const std::vector<int64_t>& before, const std::vector<int64_t>& after);

}  // namespace crm::server
