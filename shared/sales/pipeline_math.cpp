#include "sales/pipeline_math.h"

#include <algorithm>

namespace crm::sales {

int Pipeline::index(const std::string& code) const {
  for (size_t i = 0; i < stages.size(); ++i) if (stages[i].code == code) return static_cast<int>(i);
  return -1;
}

Pipeline default_pipeline() {
  return Pipeline{{{"initial_contact", 10, StageOutcome::kOpen},
                   {"needs_analysis", 20, StageOutcome::kOpen},
                   {"proposal", 50, StageOutcome::kOpen},
                   {"negotiation", 75, StageOutcome::kOpen},
                   {"won", 100, StageOutcome::kWon},
                   {"lost", 0, StageOutcome::kLost}}};
}

Status MoneyTotals::add(const Money& m) {
  auto& sum = minor_[m.currency];
  int64_t out;
  if (__builtin_add_overflow(sum, m.minor, &out))
    return make_error("out_of_range", "The total of " + m.currency + " is too large to add up.");
  sum = out;
  return ok_status();
}

Result<std::vector<StageColumn>> board_columns(const Pipeline& p, const std::vector<OpportunityFacts>& opps,
                                               size_t* unplaced) {
  std::vector<StageColumn> cols;
  for (const auto& s : p.stages) cols.push_back({s.code, 0, {}});
  size_t lost = 0;
  for (const auto& o : opps) {
    const int i = p.index(o.stage);
    if (i < 0) {
      ++lost;
      continue;
    }
    ++cols[i].count;
    if (o.amount) CRM_TRY(cols[i].total.add(*o.amount));
  }
  if (unplaced) *unplaced = lost;
  return cols;
}

std::vector<FunnelStep> funnel(const Pipeline& p, const std::vector<OpportunityFacts>& opps) {
  // Funnel steps: the open stages in order, then won.
  std::vector<int> steps;
  for (size_t i = 0; i < p.stages.size(); ++i)
    if (p.stages[i].outcome != StageOutcome::kLost) steps.push_back(static_cast<int>(i));
  std::vector<FunnelStep> out;
  for (int s : steps) out.push_back({p.stages[s].code, 0, 0});
  for (const auto& o : opps) {
    int furthest = -1;  // position in `steps`
    auto see = [&](const std::string& code) {
      const int i = p.index(code);
      if (i < 0 || p.stages[i].outcome == StageOutcome::kLost) return;
      const int pos = static_cast<int>(std::find(steps.begin(), steps.end(), i) - steps.begin());
      furthest = std::max(furthest, pos);
    };
    for (const auto& code : o.stages_seen) see(code);
    see(o.stage);
    for (int k = 0; k <= furthest; ++k) ++out[k].reached;
  }
  for (size_t k = 0; k < out.size(); ++k) {
    const size_t prev = k == 0 ? out[k].reached : out[k - 1].reached;
    out[k].rate_from_previous = prev == 0 ? 0 : static_cast<double>(out[k].reached) / static_cast<double>(prev);
  }
  return out;
}

Result<std::vector<ForecastMonth>> forecast(const Pipeline& p, const std::vector<OpportunityFacts>& opps) {
  std::map<std::pair<int, int>, ForecastMonth> months;
  for (const auto& o : opps) {
    const int i = p.index(o.stage);
    if (i < 0 || !o.close || !o.amount) continue;
    auto& m = months[{o.close->year, o.close->month}];
    m.year = o.close->year;
    m.month = o.close->month;
    const StageDef& stage = p.stages[i];
    if (stage.outcome == StageOutcome::kWon) {
      CRM_TRY(m.won.add(*o.amount));
    } else if (stage.outcome == StageOutcome::kOpen) {
      const int pct = std::clamp(o.probability_pct.value_or(stage.probability_pct), 0, 100);
      auto weighted = multiply(*o.amount, FixedDecimal{pct, 2});
      if (!weighted.ok()) return weighted.error();
      ++m.open;
      CRM_TRY(m.pipeline.add(*o.amount));
      CRM_TRY(m.weighted.add(weighted.value()));
    }
  }
  std::vector<ForecastMonth> out;
  for (auto& [key, m] : months) out.push_back(std::move(m));
  return out;
}

}  // namespace crm::sales
