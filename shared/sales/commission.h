// Commission: a percentage of what a person collected (or won) in a period, by tiers of their
// target reached (commission_rule with commission_tier children, e.g. 3% up to the target and
// 5% above it). Pure and exact, so every device shows the same figure offline:
// - The amounts count in order (date, then id). Each amount covers a stretch of the running
//   total; the part of the stretch that lies between a tier's start (from_percent % of the
//   target) and the next tier's start earns that tier's rate.
// - An amount's commission is the exact sum of its parts, rounded once to the currency's minor
//   unit, half away from zero; the period's commission is the sum of the amounts' rounded
//   commissions (the same rule as priced lines, sales/line_amounts.h). Each amount is listed
//   with its commission: the receipts behind the figure.
// - The part below the first tier earns nothing. Without a target every amount earns the rate of
//   the tier that starts at 0 % (none: nothing). Two tiers starting at the same percentage (two
//   devices added one each): the higher rate applies.
// - The rule that applies to a person: for their team and role, then their team, then their
//   role, then a rule for everyone; among equals the smallest id (like pool rules).
#pragma once

#include <string>
#include <vector>

#include "core/result.h"
#include "model/values/fixed_decimal.h"
#include "model/values/money.h"
#include "sales/target_progress.h"

namespace crm::sales {

struct TierFacts {
  std::string id;
  FixedDecimal from_percent;  // % of the target where the tier starts
  FixedDecimal rate;          // % of the amount in the tier
};

struct RuleFacts {
  std::string id, name, team, role;  // team, role empty: any
  TargetBasis basis = TargetBasis::kCollected;
  std::vector<TierFacts> tiers;
};

// The rule for a person in `team` ("" when not known) with `role`; null when none applies.
const RuleFacts* rule_for(const std::vector<RuleFacts>& rules, const std::string& team, const std::string& role);

struct AmountCommission {
  std::string id;
  CalendarDate on;
  Money amount, commission;
  FixedDecimal rate;  // the rate of the tier its last part fell in (what the list shows beside it)
};

struct Commission {
  Money basis;       // the amounts counted
  Money commission;  // the sum of their commissions
  std::vector<AmountCommission> lines;  // in the order they counted
  size_t other_currency = 0;  // amounts in another currency than the target's: not counted
};

// The commission on `amounts` (the person's, in the period: see progress()) under `rule`, with
// `target` (none: see above). Errors: out_of_range (a sum past int64).
Result<Commission> commission(const RuleFacts& rule, const std::optional<Money>& target,
                              const std::vector<CountedAmount>& amounts);

}  // namespace crm::sales
