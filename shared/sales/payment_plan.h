// A contract's payment plan (its instalment children) and its end: pure rules on plain values.
//
// The plan must add up exactly to the contract's amount, in integer minor units. "Split into N
// equal instalments" gives each instalment amount / N rounded toward zero to the minor unit and
// puts the remainder on the last (100.00 in 3: 33.33, 33.33, 33.34), due on the same day of the
// month N months in a row (clamped to the month's last day: Jan 31, Feb 28, Mar 31). Instalments
// are separate records, so two devices adding instalments offline both count: the plan is checked
// on the merged set (check_plan) and a contract whose plan does not add up is not activated by
// the app (docs/sales.md, "Contracts").
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "core/result.h"
#include "model/entity_schema.h"
#include "model/values/calendar_date.h"
#include "model/values/money.h"

namespace crm::sales {

struct PlannedInstalment {
  CalendarDate due_on;
  Money amount;
};

inline constexpr int kMaxInstalments = 120;

// `total` in `n` instalments, the first due on `first_due`, then every `months_apart` months.
// Errors: out_of_range (n outside 1..kMaxInstalments, months_apart outside 0..12, a negative total).
Result<std::vector<PlannedInstalment>> split_evenly(const Money& total, int n, CalendarDate first_due,
                                                    int months_apart = 1);

// `d` moved by `months` calendar months, its day clamped to the target month's last day.
CalendarDate add_months(CalendarDate d, int months);

struct PlanCheck {
  Money planned;     // the sum of the instalments
  Money difference;  // amount - planned: positive when the plan is short, negative when over
  size_t instalments = 0;
  bool adds_up() const { return difference.minor == 0 && instalments > 0; }
};

// The instalments' amounts (their `amount` values) against the contract's `amount`. Errors:
// wrong_type (an amount that is not money), currency_mismatch, out_of_range (overflow).
Result<PlanCheck> check_plan(const Money& amount, const std::vector<FieldValues>& instalments);

// The instalment records split_evenly() plans for contract `contract_id`, positions 1..n.
std::vector<FieldValues> instalment_values(const std::string& contract_id,
                                           const std::vector<PlannedInstalment>& plan);

// The expiry reminder of an active contract: its days left at `today` (the user's local date),
// and whether it is within its `reminder_days` (default 30) of `ends_on`, the end day included.
// Nothing for a contract that is not active or has no end date.
struct ContractExpiry {
  int64_t days_left = 0;  // 0 on the end date; negative once past it
  bool remind = false;    // 0 <= days_left <= reminder_days
  bool past_end = false;  // active though its end date has passed: to be marked expired
};
std::optional<ContractExpiry> contract_expiry(const FieldValues& contract, CalendarDate today);

}  // namespace crm::sales
