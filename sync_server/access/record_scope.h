// Where a record sits in the organisation: the owner whose scope holds it and the customer it
// belongs to. Derived by the server from the record's fields; never sent by clients.
//   customer  owner = its "owner" field (a user name; empty = public pool), customer = itself
//   contact, activity, visit, ticket  owner = the owner of the customer they belong to
#pragma once

#include <functional>
#include <optional>
#include <string>

#include "access/org.h"
#include "core/result.h"
#include "crdt/record.h"

namespace crm::server {

struct RecordScope {
  int64_t owner_id = kPoolOwner;
  std::string customer_id;
  bool operator==(const RecordScope&) const = default;
};

// Records of lower rank are what the scope of higher ranks derives from (0: customers, which hold
// their scope themselves; 1: records that take it from their customer). A push applies lower
// ranks first, so the order of records within one batch does not change its outcome.
int scope_anchor_rank(const std::string& entity);

// The owner of a customer the server holds, if it holds it.
using CustomerOwnerLookup = std::function<Result<std::optional<int64_t>>(const std::string& customer_id)>;

// A record whose customer the server does not hold yet is put in `fallback_owner`'s scope (the
// pusher's) until its customer arrives. Errors: unknown_owner (the owner field names no user).
Result<RecordScope> scope_of_record(const RecordState& state, const Org& org, const CustomerOwnerLookup& owner_of,
                                    int64_t fallback_owner);

}  // namespace crm::server
