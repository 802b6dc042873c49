// Progress against sales targets: how much a person or a team won or collected in a calendar
// month, quarter or year, and what share of their target that is. Pure and exact: amounts are
// integer minor units in the target's currency (other currencies are not converted: they are
// counted apart), percentages are basis points rounded down, so every device holding the same
// records shows the same numbers.
//
// What counts (docs/sales.md, "Targets and commission"):
// - won: opportunities in stage won whose closed_on lies in the period, for the owner of their
//   customer;
// - collected: receipts whose received_on lies in the period, for the owner of the customer whose
//   contract the receipt's instalment belongs to (the customer's owner now: a customer handed to
//   another person takes its collection with it).
// Dates are calendar dates, the same on every device; only "the current period" depends on where
// the device is (period_at()).
#pragma once

#include <optional>
#include <set>
#include <string>
#include <vector>

#include "core/result.h"
#include "model/values/calendar_date.h"
#include "model/values/money.h"

namespace crm::sales {

enum class PeriodKind { kMonth, kQuarter, kYear };
enum class TargetBasis { kWon, kCollected };

// "month" / "quarter" / "year", "won" / "collected"; nothing for another word.
std::optional<PeriodKind> period_kind(const std::string& code);
std::optional<TargetBasis> target_basis(const std::string& code);
const char* code_of(PeriodKind k);
const char* code_of(TargetBasis b);

// A calendar period: from `start` up to, not including, `end`.
struct Period {
  PeriodKind kind = PeriodKind::kMonth;
  CalendarDate start, end;
  bool contains(const CalendarDate& d) const { return start <= d && d < end; }
  bool operator==(const Period&) const = default;
};
// The month, quarter or year that holds `day`.
Period period_of(PeriodKind kind, const CalendarDate& day);
// The one before or after `p` (`steps` periods away).
Period shift(const Period& p, int steps);
// The period holding "now" on a device `utc_offset_minutes` ahead of UTC: at 2026-03-31T23:30Z
// the month is April in Shanghai (+480) and March in New York (-300).
Period period_at(PeriodKind kind, int64_t unix_ms, int utc_offset_minutes);
// "2026-03", "2026-Q1", "2026".
std::string period_label(const Period& p);

// What progress needs of a sales_target record.
struct TargetFacts {
  std::string id, user, team;  // user empty: a team's target
  PeriodKind period = PeriodKind::kMonth;
  CalendarDate starts_on;
  TargetBasis basis = TargetBasis::kCollected;
  Money amount;
};

// One amount that counts towards a target: a won opportunity or a receipt, already attributed
// to a person (the owner of its customer).
struct CountedAmount {
  std::string id, owner;
  CalendarDate on;  // closed_on (won) or received_on (collected)
  Money amount;
};

struct Progress {
  Money achieved;              // in the target's currency
  std::optional<Money> target;  // none: no target for this person or team in the period
  int64_t basis_points = 0;     // achieved / target x 10000, rounded down (0 without a target)
  std::vector<std::string> counted;  // the ids that count, by date then id
  size_t other_currency = 0;         // amounts in the period in another currency, not counted
};

// The targets for `user` (user empty: for `team` as a team) of `kind` and `basis` whose period
// is `period`; when several (two managers set one offline each) the one with the smallest id,
// so every device picks the same.
const TargetFacts* target_for(const std::vector<TargetFacts>& targets, const std::string& user,
                              const std::string& team, const Period& period, TargetBasis basis);

// The people in `team`: the users whose targets name it (any period).
std::set<std::string> team_members(const std::vector<TargetFacts>& targets, const std::string& team);
// The team a person is in: the team named on their latest target (by starts_on, then id); "" if none.
std::string team_of(const std::vector<TargetFacts>& targets, const std::string& user);

// The progress of the people in `owners` in `period` from `amounts` (won deals or receipts, as
// the basis says), against `target` (or none). `currency`: the target's, else the first
// amount's (by date then id). Errors: out_of_range (a sum past int64).
Result<Progress> progress(const std::set<std::string>& owners, const Period& period,
                          const std::vector<CountedAmount>& amounts, const TargetFacts* target,
                          const std::string& currency = "");

}  // namespace crm::sales
