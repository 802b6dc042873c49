// The public pool is customer business, not schema: the one place in the server that names the
// entities and fields it works on (docs/access.md, "The public pool"). Everything else in
// sync_server/ reads entities from their schemas.
#pragma once

namespace crm::server::pool {

inline constexpr const char* kCustomer = "customer";
inline constexpr const char* kOwner = "owner";
inline constexpr const char* kPoolReason = "pool_reason";
inline constexpr const char* kRegion = "region";  // what a transfer may filter by

// The records that follow a customer and tell of its follow-ups (which of their fields count:
// sales/pool_follow_up.h, shared with the devices).
inline constexpr const char* kActivity = "activity";
inline constexpr const char* kVisit = "visit";
inline constexpr const char* kOpportunity = "opportunity";

// The rules, organisation-wide records an admin writes (fields: sales/pool_policy.h).
inline constexpr const char* kPoolRule = "pool_rule";

// Leads wait in a team's queue until the server deals them out (round robin).
inline constexpr const char* kLead = "lead";
inline constexpr const char* kLeadTeam = "team";

// The replica id of the server's own writes (automatic return, transfers, lead assignment). A
// device id cannot hold a '.', so no device can write under it (sync/protocol.cpp).
inline constexpr const char* kServerReplica = "crm.server";

}  // namespace crm::server::pool
