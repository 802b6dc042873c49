// The public pool's admin API (api/admin_extension.h) and the server's daily run:
//   POST /api/v1/admin/pool/return-due  {protocol}        admins: the automatic return, now
//   POST /api/v1/admin/transfer         {protocol, from, to, only_customers?, region?}
//        admins, and managers between users of their team (pool/owner_transfer.h)
// The organisation's time zone (its offset from UTC in minutes) decides the calendar day.
#pragma once

#include "api/admin_extension.h"
#include "api/api_service.h"
#include "core/clock.h"
#include "storage/org_accounts.h"
#include "storage/record_changes.h"

namespace crm::server::pool {

class PoolAdmin final : public AdminExtension {
 public:
  PoolAdmin(RecordChanges& records, OrgAccounts& accounts, Clock& clock, int utc_offset_minutes)
      : records_(records), accounts_(accounts), clock_(clock), utc_offset_minutes_(utc_offset_minutes) {}

  std::optional<ApiResponse> handle(const Session& session, const std::string& method, const std::string& path,
                                    const std::string& body) override;

  // The daily run: the automatic return, then the round-robin of waiting leads, as the server
  // (user 0), unless it already ran this day of the organisation (kept in the store, so a
  // restart does not run it again). Returns a line for the log. Errors: storage.
  Result<std::string> daily_run();

 private:
  RecordChanges& records_;
  OrgAccounts& accounts_;
  Clock& clock_;
  int utc_offset_minutes_;
};

}  // namespace crm::server::pool
