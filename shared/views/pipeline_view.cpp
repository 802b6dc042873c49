#include "views/pipeline_view.h"

#include <algorithm>

#include "model/entity_rules.h"
#include "replica/replica.h"
#include "views/record_list_view.h"

namespace crm {
namespace {

using sales::StageOutcome;

std::string text(const FieldValues& v, const char* field) {
  const Json& j = value_of(v, field);
  return j.is_string() ? j.get<std::string>() : std::string();
}

std::optional<CalendarDate> date(const FieldValues& v, const char* field) {
  auto d = parse_date(text(v, field));
  if (!d) return std::nullopt;
  return d.value();
}

PipelineCard card_of(const RecordState& state) {
  const FieldValues v = Replica::visible_values(state);
  PipelineCard c{state.id, text(v, "customer_id"), text(v, "name"), text(v, "stage")};
  if (auto m = money_from_json(value_of(v, "amount"))) c.amount = m.value();
  if (const Json& p = value_of(v, "probability"); p.is_number_integer()) c.probability_pct = p.get<int>();
  c.expected_close = date(v, "expected_close");
  c.closed_on = date(v, "closed_on");
  return c;
}

// a += sign * m, false on overflow.
bool add_to(std::map<std::string, int64_t>& sums, const Money& m, int sign) {
  int64_t& slot = sums[m.currency];
  int64_t next = 0;
  if (__builtin_add_overflow(slot, sign > 0 ? m.minor : -m.minor, &next)) return false;
  slot = next;
  if (slot == 0) sums.erase(m.currency);
  return true;
}

sales::MoneyTotals totals(const std::map<std::string, int64_t>& sums) {
  sales::MoneyTotals t;
  for (const auto& [currency, minor] : sums) (void)t.add(Money{minor, currency});
  return t;
}

}  // namespace

std::optional<CalendarDate> PipelineCard::close() const {
  if ((stage == "won" || stage == "lost") && closed_on) return closed_on;
  return expected_close;
}

PipelineView::PipelineView(sales::Pipeline pipeline) : pipeline_(std::move(pipeline)) { rebuild_sums(); }

Status PipelineView::load(RecordStore& store) {
  cards_.clear();
  customers_.clear();
  by_customer_.clear();
  seen_.clear();
  changes_.clear();
  for (const char* entity : {"customer", "stage_change", "opportunity"}) {
    auto list = store.list(entity);
    if (!list) return list.error();
    for (const RecordState& s : list.value()) {
      if (s.entity == "customer") {
        const FieldValues v = Replica::visible_values(s);
        customers_[s.id] = Customer{text(v, "name"), text(v, "owner")};
      } else if (s.entity == "stage_change") {
        on_stage_change(s);
      } else {
        PipelineCard c = card_of(s);
        by_customer_[c.customer_id].insert(c.id);
        cards_[c.id] = std::move(c);
      }
    }
  }
  rebuild_sums();
  return ok_status();
}

void PipelineView::set_filter(const PipelineFilter& f) {
  if (f == filter_) return;
  filter_ = f;
  rebuild_sums();
}

bool PipelineView::matches(const PipelineCard& c) const {
  auto cust = customers_.find(c.customer_id);
  const std::string& owner = cust == customers_.end() ? std::string() : cust->second.owner;
  if (filter_.scope == PipelineScope::kMine && owner != filter_.me) return false;
  if (filter_.scope == PipelineScope::kTeam && owner.empty()) return false;
  if (!filter_.owner.empty() && owner != filter_.owner) return false;
  if (!filter_.close_month.empty()) {
    auto close = c.close();
    if (!close || format_date(*close).compare(0, 7, filter_.close_month) != 0) return false;
  }
  return true;
}

sales::OpportunityFacts PipelineView::facts(const PipelineCard& c) const {
  sales::OpportunityFacts f{c.id, c.stage, c.amount, c.probability_pct, c.close(), {}};
  if (auto it = seen_.find(c.id); it != seen_.end())
    for (const auto& [stage, n] : it->second) f.stages_seen.push_back(stage);
  return f;
}

// The same rules as sales::board_columns, funnel and forecast, for one opportunity at a time
// (tests/core/pipeline_view_test.cpp checks the sums against them after random edits).
void PipelineView::account(const PipelineCard& c, int sign) {
  const int i = pipeline_.index(c.stage);
  if (i < 0) {
    unplaced_ += sign;
  } else {
    column_count_[i] += sign;
    if (c.amount && !add_to(column_total_[i], *c.amount, sign)) overflow_ = true;
  }
  // Funnel: every step up to the furthest non-lost stage its history or its stage shows.
  int furthest = -1, step = 0;
  std::vector<int> step_of(pipeline_.stages.size(), -1);
  for (size_t k = 0; k < pipeline_.stages.size(); ++k)
    if (pipeline_.stages[k].outcome != StageOutcome::kLost) step_of[k] = step++;
  auto see = [&](const std::string& code) {
    const int k = pipeline_.index(code);
    if (k >= 0 && step_of[k] >= 0) furthest = std::max(furthest, step_of[k]);
  };
  if (auto it = seen_.find(c.id); it != seen_.end())
    for (const auto& [stage, n] : it->second) see(stage);
  see(c.stage);
  for (int k = 0; k <= furthest; ++k) reached_[k] += sign;
  // Forecast: by the close month, when it has a close date and an amount.
  const auto close = c.close();
  if (i < 0 || !close || !c.amount) return;
  const auto key = std::make_pair(close->year, close->month);
  MonthSums& m = months_[key];
  const StageOutcome outcome = pipeline_.stages[i].outcome;
  if (outcome == StageOutcome::kWon) {
    if (!add_to(m.won, *c.amount, sign)) overflow_ = true;
  } else if (outcome == StageOutcome::kOpen) {
    const int pct = std::clamp(c.probability_pct.value_or(pipeline_.stages[i].probability_pct), 0, 100);
    auto weighted = multiply(*c.amount, FixedDecimal{pct, 2});
    m.open += sign;
    if (!weighted || !add_to(m.weighted, weighted.value(), sign) || !add_to(m.pipeline, *c.amount, sign))
      overflow_ = true;
  }
  m.members += sign;
  if (m.members == 0) months_.erase(key);
}

void PipelineView::rebuild_sums() {
  const size_t n = pipeline_.stages.size();
  column_count_.assign(n, 0);
  column_total_.assign(n, {});
  reached_.assign(n, 0);
  months_.clear();
  slots_.assign(n, {});
  unplaced_ = 0;
  overflow_ = false;
  for (const auto& [id, c] : cards_) place(id, true);
  changed();
}

namespace {
std::pair<std::string, std::string> slot_key(const PipelineCard& c) {
  const auto close = c.close();
  return {(close ? format_date(*close) : std::string("~")) + '\x1f' + fold_case(c.name), c.id};
}
}  // namespace

void PipelineView::place(const std::string& id, bool add) {
  auto it = cards_.find(id);
  if (it == cards_.end() || !matches(it->second)) return;
  const PipelineCard& c = it->second;
  account(c, add ? 1 : -1);
  const int i = pipeline_.index(c.stage);
  if (i < 0) return;
  if (add) slots_[i].insert(slot_key(c));
  else slots_[i].erase(slot_key(c));
}

void PipelineView::on_change(const RecordState& state) {
  if (state.entity == "customer") on_customer(state);
  else if (state.entity == "opportunity") on_opportunity(state);
  else if (state.entity == "stage_change") {
    // The opportunity's funnel share changes with its history.
    std::string opp;
    if (auto it = changes_.find(state.id); it != changes_.end()) opp = it->second.first;
    if (opp.empty() && !state.deleted()) opp = text(Replica::visible_values(state), "opportunity_id");
    place(opp, false);
    on_stage_change(state);
    place(opp, true);
  } else {
    return;
  }
  changed();
}

void PipelineView::on_customer(const RecordState& state) {
  auto ids = by_customer_.find(state.id);
  if (ids != by_customer_.end())
    for (const auto& id : ids->second) place(id, false);
  if (state.deleted()) {
    customers_.erase(state.id);
  } else {
    const FieldValues v = Replica::visible_values(state);
    customers_[state.id] = Customer{text(v, "name"), text(v, "owner")};
  }
  if (ids != by_customer_.end())
    for (const auto& id : ids->second) place(id, true);
}

void PipelineView::on_opportunity(const RecordState& state) {
  place(state.id, false);
  if (auto old = cards_.find(state.id); old != cards_.end()) {
    auto owners = by_customer_.find(old->second.customer_id);
    if (owners != by_customer_.end()) {
      owners->second.erase(state.id);
      if (owners->second.empty()) by_customer_.erase(owners);
    }
    cards_.erase(old);
  }
  if (state.deleted()) return;
  PipelineCard c = card_of(state);
  by_customer_[c.customer_id].insert(c.id);
  cards_[c.id] = std::move(c);
  place(state.id, true);
}

void PipelineView::on_stage_change(const RecordState& state) {
  // Forget what this record said before (a stage_change is written once, but a merge or a
  // delete may still change it), then count what it says now.
  if (auto it = changes_.find(state.id); it != changes_.end()) {
    auto& seen = seen_[it->second.first];
    for (const auto& stage : it->second.second)
      if (--seen[stage] <= 0) seen.erase(stage);
    if (seen.empty()) seen_.erase(it->second.first);
    changes_.erase(it);
  }
  if (state.deleted()) return;
  const FieldValues v = Replica::visible_values(state);
  const std::string opp = text(v, "opportunity_id");
  std::vector<std::string> stages;
  for (const char* f : {"from_stage", "to_stage"})
    if (auto s = text(v, f); !s.empty()) stages.push_back(s);
  for (const auto& s : stages) ++seen_[opp][s];
  changes_[state.id] = {opp, std::move(stages)};
}

void PipelineView::answer() {
  if (answered_ == version()) return;
  answered_ = version();
  const size_t n = pipeline_.stages.size();
  if (overflow_) {
    // Past int64 somewhere: the reference functions say where, with their error.
    std::vector<sales::OpportunityFacts> all;
    for (const auto& [id, c] : cards_)
      if (matches(c)) all.push_back(facts(c));
    columns_ = sales::board_columns(pipeline_, all);
    funnel_ = sales::funnel(pipeline_, all);
    forecast_ = sales::forecast(pipeline_, all);
    if (columns_.ok() && forecast_.ok()) columns_ = make_error("out_of_range", "a total is too large");
    return;
  }
  std::vector<sales::StageColumn> cols;
  for (size_t i = 0; i < n; ++i)
    cols.push_back({pipeline_.stages[i].code, static_cast<size_t>(column_count_[i]), totals(column_total_[i])});
  columns_ = std::move(cols);
  funnel_.clear();
  size_t step = 0;
  for (size_t i = 0; i < n; ++i) {
    if (pipeline_.stages[i].outcome == StageOutcome::kLost) continue;
    const size_t reached = static_cast<size_t>(reached_[step]);
    const size_t prev = funnel_.empty() ? reached : funnel_.back().reached;
    funnel_.push_back({pipeline_.stages[i].code, reached,
                       prev == 0 ? 0 : static_cast<double>(reached) / static_cast<double>(prev)});
    ++step;
  }
  std::vector<sales::ForecastMonth> months;
  for (const auto& [key, m] : months_)
    months.push_back({key.first, key.second, static_cast<size_t>(m.open), totals(m.weighted), totals(m.pipeline),
                      totals(m.won)});
  forecast_ = std::move(months);
}

const Result<std::vector<sales::StageColumn>>& PipelineView::columns() {
  answer();
  return columns_;
}
const std::vector<sales::FunnelStep>& PipelineView::funnel() {
  answer();
  return funnel_;
}
const Result<std::vector<sales::ForecastMonth>>& PipelineView::forecast() {
  answer();
  return forecast_;
}

const std::vector<const PipelineCard*>& PipelineView::cards(size_t stage_index) {
  const size_t n = pipeline_.stages.size();
  if (cards_answered_.size() != n) {
    cards_answered_.assign(n, ~uint64_t{0});
    card_lists_.assign(n, {});
  }
  static const std::vector<const PipelineCard*> kNone;
  if (stage_index >= n) return kNone;
  auto& list = card_lists_[stage_index];
  if (cards_answered_[stage_index] != version()) {
    cards_answered_[stage_index] = version();
    list.clear();
    list.reserve(slots_[stage_index].size());
    for (const auto& [key, id] : slots_[stage_index]) list.push_back(&cards_.at(id));
  }
  return list;
}

const PipelineCard* PipelineView::find(const std::string& id) const {
  auto it = cards_.find(id);
  return it == cards_.end() ? nullptr : &it->second;
}

const std::string& PipelineView::customer_name(const std::string& customer_id) const {
  static const std::string kNone;
  auto it = customers_.find(customer_id);
  return it == customers_.end() ? kNone : it->second.name;
}

std::vector<std::string> PipelineView::owners() const {
  std::set<std::string> out;
  for (const auto& [customer, ids] : by_customer_)
    if (auto it = customers_.find(customer); it != customers_.end() && !it->second.owner.empty())
      out.insert(it->second.owner);
  return {out.begin(), out.end()};
}

}  // namespace crm
