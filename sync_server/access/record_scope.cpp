#include "access/record_scope.h"

namespace crm::server {

int scope_anchor_rank(const std::string& entity) { return entity == "customer" ? 0 : 1; }

Result<RecordScope> scope_of_record(const RecordState& state, const Org& org, const CustomerOwnerLookup& owner_of,
                                    int64_t fallback_owner) {
  RecordScope s;
  if (state.entity == "customer") {
    s.customer_id = state.id;
    const Json owner = state.value("owner");
    if (!owner.is_string() || owner.get_ref<const std::string&>().empty()) return s;  // the pool
    const OrgUser* u = org.user_named(owner.get_ref<const std::string&>());
    if (!u)
      return make_error("unknown_owner", "the owner '" + owner.get<std::string>() + "' is not a user", "owner");
    s.owner_id = u->id;
    return s;
  }
  const Json customer = state.value("customer_id");
  s.customer_id = customer.is_string() ? customer.get<std::string>() : std::string();
  s.owner_id = fallback_owner;
  if (s.customer_id.empty()) return s;
  auto owner = owner_of(s.customer_id);
  if (!owner) return owner.error();
  if (owner.value()) s.owner_id = *owner.value();
  return s;
}

}  // namespace crm::server
