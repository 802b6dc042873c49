// The numbers of a sales pipeline, from the opportunities a device holds: the board's columns
// (count and total per stage), the funnel (how many reached each stage and how many went on) and
// the weighted forecast by close month (amount x probability). Pure and exact: money is summed
// per currency in integer minor units, never converted and never a float; the caller (a computed
// view) passes the opportunities of "me", "my team" or everyone.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/result.h"
#include "model/values/calendar_date.h"
#include "model/values/money.h"

namespace crm::sales {

enum class StageOutcome { kOpen, kWon, kLost };

struct StageDef {
  std::string code;
  int probability_pct = 0;  // the default chance of closing from this stage
  StageOutcome outcome = StageOutcome::kOpen;
};

// Open stages in the order deals move through them, then won and lost.
struct Pipeline {
  std::vector<StageDef> stages;
  // -1 when the pipeline has no such stage.
  int index(const std::string& code) const;
};

// initial_contact 10 %, needs_analysis 20 %, proposal 50 %, negotiation 75 %, won 100 %, lost 0 %.
Pipeline default_pipeline();

// What the numbers need of one opportunity.
struct OpportunityFacts {
  std::string id, stage;
  std::optional<Money> amount;
  std::optional<int> probability_pct;   // overrides the stage's
  std::optional<CalendarDate> close;     // expected (open) or actual (won, lost) close date
  std::vector<std::string> stages_seen;  // every stage its history shows, the current one included
};

// Sums per currency; adding past int64 is an Error, never a wrapped amount.
class MoneyTotals {
 public:
  Status add(const Money& m);
  const std::map<std::string, int64_t>& by_currency() const { return minor_; }
  bool operator==(const MoneyTotals&) const = default;

 private:
  std::map<std::string, int64_t> minor_;
};

struct StageColumn {
  std::string stage;
  size_t count = 0;
  MoneyTotals total;
};
// One column per stage of the pipeline, in its order; opportunities in a stage the pipeline does
// not have (renamed by an admin, not yet synced) are left out and counted in `unplaced`.
Result<std::vector<StageColumn>> board_columns(const Pipeline& p, const std::vector<OpportunityFacts>& opps,
                                               size_t* unplaced = nullptr);

struct FunnelStep {
  std::string stage;
  size_t reached = 0;            // opportunities that got to this stage or further
  double rate_from_previous = 0;  // reached / previous step's reached (1 for the first step)
};
// Steps for the open stages and won. An opportunity reached a stage when its history shows it or
// any stage after it (deals may skip stages); a lost one counts up to the furthest open stage it
// saw.
std::vector<FunnelStep> funnel(const Pipeline& p, const std::vector<OpportunityFacts>& opps);

struct ForecastMonth {
  int year = 0, month = 0;
  size_t open = 0;        // open opportunities expected to close this month
  MoneyTotals weighted;   // their amounts x probability, rounded per opportunity
  MoneyTotals pipeline;   // their amounts as they are
  MoneyTotals won;        // won this month
};
// Months in order, from the opportunities with a close date and an amount.
Result<std::vector<ForecastMonth>> forecast(const Pipeline& p, const std::vector<OpportunityFacts>& opps);

}  // namespace crm::sales
