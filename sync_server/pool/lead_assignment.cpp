#include "pool/lead_assignment.h"

#include "api/server_edit.h"
#include "model/entity_schema.h"
#include "pool/pool_names.h"
#include "pool/text_field.h"

namespace crm::server::pool {
Result<std::optional<std::string>> assign_lead(RecordTransaction& tx, const Org& org, const ChangeAuthor& author,
                                               const RecordState& lead) {
  using Who = std::optional<std::string>;
  if (lead.entity != kLead || lead.deleted() || !text_field(lead, kOwner).empty()) return Who();
  const std::string team_name = text_field(lead, kLeadTeam);
  const Team* team = team_name.empty() ? nullptr : org.team_named(team_name);
  if (!team) return Who();
  std::vector<const OrgUser*> people;  // org.users() is in id order
  for (const auto& u : org.users())
    if (u.team_id == team->id && u.role == kRoleSales) people.push_back(&u);
  if (people.empty()) return Who();
  const std::string key = std::string("lead_rotation:") + team->name;
  auto position = tx.counter(key);
  if (!position) return position.error();
  const OrgUser* next = people[static_cast<size_t>(position.value() % static_cast<int64_t>(people.size()))];
  auto edited = server_edit(tx, org, author, lead, {{kOwner, next->username}}, kServerReplica);
  if (!edited) return edited.error();
  CRM_TRY(tx.set_counter(key, position.value() + 1));
  return Who(next->username);
}

Result<std::vector<AssignedLead>> assign_waiting_leads(RecordChanges& records, OrgAccounts& accounts,
                                                       const ChangeAuthor& author) {
  auto org = accounts.load_org();
  if (!org) return org.error();
  std::vector<AssignedLead> out;
  Status written = records.write(author, [&](RecordTransaction& tx) -> Status {
    out.clear();
    auto leads = tx.list(kLead);
    if (!leads) return leads.error();
    for (const RecordState& lead : leads.value()) {
      auto who = assign_lead(tx, org.value(), author, lead);
      if (!who) return who.error();
      if (who.value()) out.push_back({lead.id, text_field(lead, kLeadTeam), *who.value()});
    }
    return ok_status();
  });
  if (!written) return written.error();
  return out;
}

}  // namespace crm::server::pool
