// PipelineView: the sales pipeline of the records a device holds, as a computed view (views/
// view.h): the board (a column per stage with its count, total per currency and cards), the funnel
// and the weighted forecast by close month (sales/pipeline_math.h), for the current filter.
//
// Incremental, not a query per frame: each opportunity's share of the numbers (its column, the
// funnel steps it reached, its forecast month) is added when it enters and subtracted when it
// changes or leaves; a customer's change (its owner: the filter) re-places only its
// opportunities, a stage_change record only its opportunity's funnel share. Answers are rebuilt
// from the running sums (a few entries per stage and month) when asked after a change. Changing
// the filter re-reads the held opportunities once.
//
// Scope: "me" is the opportunities of customers the user owns; "team" is every opportunity of an
// owned customer the device holds (a manager's device holds their team's records: docs/access.md),
// "everyone" adds the pool's. The device does not know which users form a team by name, so the
// owner filter (any owner seen in the held customers) narrows within the scope.
#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

#include "sales/pipeline_math.h"
#include "views/view.h"

namespace crm {

enum class PipelineScope { kMine, kTeam, kEveryone };

struct PipelineFilter {
  PipelineScope scope = PipelineScope::kEveryone;
  std::string me;           // the signed-in user (for kMine)
  std::string owner;        // the customer's owner; empty: any
  std::string close_month;  // "YYYY-MM" of the close date (expected, or actual once closed); empty: any
  bool operator==(const PipelineFilter&) const = default;
};

// One card: what the board draws of an opportunity.
struct PipelineCard {
  std::string id, customer_id, name, stage;
  std::optional<Money> amount;
  std::optional<int> probability_pct;
  std::optional<CalendarDate> expected_close, closed_on;
  // The close date the numbers use: the actual one once won or lost, else the expected one.
  std::optional<CalendarDate> close() const;
};

class PipelineView : public View {
 public:
  explicit PipelineView(sales::Pipeline pipeline = sales::default_pipeline());

  Status load(RecordStore& store) override;
  void on_change(const RecordState& state) override;

  const sales::Pipeline& pipeline() const { return pipeline_; }
  const PipelineFilter& filter() const { return filter_; }
  void set_filter(const PipelineFilter& f);

  // The answers for the current filter. An error (a total past int64) replaces the numbers.
  const Result<std::vector<sales::StageColumn>>& columns();
  const std::vector<sales::FunnelStep>& funnel();
  const Result<std::vector<sales::ForecastMonth>>& forecast();
  // The cards of one stage (in the pipeline's order), by close date then name; valid until the
  // next change.
  const std::vector<const PipelineCard*>& cards(size_t stage_index);

  const PipelineCard* find(const std::string& id) const;
  // The name of a held customer ("" when not held).
  const std::string& customer_name(const std::string& customer_id) const;
  // Owners of the held customers that have opportunities, sorted (the owner filter's choices).
  std::vector<std::string> owners() const;
  // Opportunities whose stage the pipeline does not have (shown nowhere, counted here).
  size_t unplaced() const { return unplaced_; }
  size_t size() const { return cards_.size(); }

 private:
  struct Customer {
    std::string name, owner;
  };
  // The running sums: int64 minor units per currency.
  using Sums = std::map<std::string, int64_t>;
  struct MonthSums {
    int64_t members = 0;  // opportunities placed in the month (lost ones too, as forecast() lists them)
    int64_t open = 0;
    Sums weighted, pipeline, won;
  };

  bool matches(const PipelineCard& c) const;
  sales::OpportunityFacts facts(const PipelineCard& c) const;
  // Adds (sign +1) or subtracts (-1) one opportunity's share when it matches the filter.
  void account(const PipelineCard& c, int sign);
  void rebuild_sums();
  void place(const std::string& id, bool add);  // adds/removes the card's share and its board slot
  void on_customer(const RecordState& state);
  void on_opportunity(const RecordState& state);
  void on_stage_change(const RecordState& state);

  sales::Pipeline pipeline_;
  PipelineFilter filter_;
  std::unordered_map<std::string, PipelineCard> cards_;
  std::unordered_map<std::string, Customer> customers_;
  std::unordered_map<std::string, std::set<std::string>> by_customer_;  // customer -> opportunity ids
  // The stages each opportunity's history shows: opportunity -> stage -> number of records.
  std::unordered_map<std::string, std::map<std::string, int>> seen_;
  std::unordered_map<std::string, std::pair<std::string, std::vector<std::string>>> changes_;  // id -> (opp, stages)

  // Sums for the current filter.
  std::vector<int64_t> column_count_;
  std::vector<Sums> column_total_;
  std::vector<int64_t> reached_;  // per funnel step (open stages and won)
  std::map<std::pair<int, int>, MonthSums> months_;
  size_t unplaced_ = 0;
  bool overflow_ = false;  // a running sum would pass int64: the answers report it
  // Board slots: per stage, (sort key, id) of the matching cards.
  std::vector<std::set<std::pair<std::string, std::string>>> slots_;

  // Answers, rebuilt when the view's version moved on.
  uint64_t answered_ = ~uint64_t{0};
  Result<std::vector<sales::StageColumn>> columns_{std::vector<sales::StageColumn>{}};
  std::vector<sales::FunnelStep> funnel_;
  Result<std::vector<sales::ForecastMonth>> forecast_{std::vector<sales::ForecastMonth>{}};
  std::vector<uint64_t> cards_answered_;
  std::vector<std::vector<const PipelineCard*>> card_lists_;
  void answer();
};

}  // namespace crm
