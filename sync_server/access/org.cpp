#include "access/org.h"

#include <algorithm>

namespace crm::server {

bool is_role(std::string_view role) {
  return role == "sales" || role == "manager" || role == "service" || role == "admin";
}

bool DataScope::sees_owner(int64_t owner) const {
  return all || std::binary_search(owners.begin(), owners.end(), owner);
}

Org::Org(std::vector<OrgUser> users, std::vector<Team> teams) : users_(std::move(users)), teams_(std::move(teams)) {
  for (size_t i = 0; i < users_.size(); ++i) user_index_[users_[i].id] = i;
  for (size_t i = 0; i < teams_.size(); ++i) team_index_[teams_[i].id] = i;
}

const OrgUser* Org::user(int64_t id) const {
  auto it = user_index_.find(id);
  return it == user_index_.end() ? nullptr : &users_[it->second];
}

const OrgUser* Org::user_named(std::string_view username) const {
  for (const auto& u : users_)
    if (u.username == username) return &u;
  return nullptr;
}

const Team* Org::team(int64_t id) const {
  auto it = team_index_.find(id);
  return it == team_index_.end() ? nullptr : &teams_[it->second];
}

const Team* Org::team_named(std::string_view name) const {
  for (const auto& t : teams_)
    if (t.name == name) return &t;
  return nullptr;
}

bool Org::team_within(int64_t team, int64_t ancestor) const {
  // Bounded by the number of teams, so a cycle in stored data cannot loop forever.
  for (size_t steps = 0; team != 0 && steps <= teams_.size(); ++steps) {
    if (team == ancestor) return true;
    const Team* t = this->team(team);
    if (!t) return false;
    team = t->parent_id;
  }
  return false;
}

DataScope Org::scope_of(int64_t user_id) const {
  DataScope s;
  const OrgUser* u = user(user_id);
  if (!u) return s;  // an unknown user sees nothing
  s.user_id = u->id;
  s.role = u->role;
  if (u->role == "admin") {
    s.all = true;
    return s;
  }
  if (u->role == "service") return s;  // no owned records: tickets and their customers by reach
  s.owners = {kPoolOwner, u->id};
  if (u->role == "manager" && u->team_id != 0)
    for (const auto& other : users_)
      if (other.team_id != 0 && team_within(other.team_id, u->team_id)) s.owners.push_back(other.id);
  std::sort(s.owners.begin(), s.owners.end());
  s.owners.erase(std::unique(s.owners.begin(), s.owners.end()), s.owners.end());
  return s;
}

std::vector<int64_t> Org::viewers_of(int64_t owner) const {
  std::vector<int64_t> out;
  for (const auto& u : users_) {
    if (u.role != "sales" && u.role != "manager") continue;
    if (scope_of(u.id).sees_owner(owner)) out.push_back(u.id);
  }
  return out;  // users_ is in id order (the store loads it so)
}

std::vector<int64_t> scope_changes(const Org& before, const Org& after) {
  std::vector<int64_t> out;
  for (const auto& u : after.users())
    if (before.scope_of(u.id) != after.scope_of(u.id)) out.push_back(u.id);
  return out;
}

std::vector<int64_t> lost_viewers(const std::vector<int64_t>& before, const std::vector<int64_t>& after) {
  std::vector<int64_t> out;
  std::set_difference(before.begin(), before.end(), after.begin(), after.end(), std::back_inserter(out));
  return out;
}

}  // namespace crm::server
