#include "sales/pool_rules.h"

#include <string>

namespace crm::sales {

PoolStatus pool_status(const CalendarDate& last_follow_up, const CalendarDate& today, bool has_open_opportunity,
                       const PoolPolicy& policy) {
  PoolStatus s;
  const int64_t due = days_since_epoch(last_follow_up) + policy.return_after_days;
  s.returns_on = date_from_days(due);
  s.days_left = static_cast<int>(due - days_since_epoch(today));
  if (has_open_opportunity) s.standing = PoolStanding::kKept;
  else if (s.days_left <= 0) s.standing = PoolStanding::kDue;
  else if (s.days_left <= policy.warn_days) s.standing = PoolStanding::kWarning;
  else s.standing = PoolStanding::kKept;
  return s;
}

Status check_policy(const PoolPolicy& p) {
  if (p.return_after_days <= 0 || p.return_after_days > 3650)
    return make_error("invalid_policy", "Return to the pool after 1 to 3650 days.", "return_after_days");
  if (p.warn_days < 0 || p.warn_days >= p.return_after_days)
    return make_error("invalid_policy", "The warning must start after the follow-up, before the return.", "warn_days");
  if (p.claim_limit < 0) return make_error("invalid_policy", "The claim limit cannot be negative.", "claim_limit");
  return ok_status();
}

Status check_claim(int customers_held, const PoolPolicy& policy) {
  if (customers_held >= policy.claim_limit)
    return make_error("claim_limit",
                      "You already hold " + std::to_string(customers_held) + " customers, the most you may hold (" +
                          std::to_string(policy.claim_limit) + "). Return one to the pool first.",
                      "owner");
  return ok_status();
}

}  // namespace crm::sales
