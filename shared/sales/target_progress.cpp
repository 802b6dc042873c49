#include "sales/target_progress.h"

#include <algorithm>
#include <cstdio>

namespace crm::sales {
namespace {

int months_in(PeriodKind k) { return k == PeriodKind::kMonth ? 1 : k == PeriodKind::kQuarter ? 3 : 12; }

CalendarDate add_months(const CalendarDate& d, int months) {
  const int index = d.year * 12 + (d.month - 1) + months;
  return CalendarDate{index / 12, index % 12 + 1, 1};
}

bool by_date_then_id(const CountedAmount* a, const CountedAmount* b) {
  return a->on != b->on ? a->on < b->on : a->id < b->id;
}

}  // namespace

std::optional<PeriodKind> period_kind(const std::string& code) {
  if (code == "month") return PeriodKind::kMonth;
  if (code == "quarter") return PeriodKind::kQuarter;
  if (code == "year") return PeriodKind::kYear;
  return std::nullopt;
}

std::optional<TargetBasis> target_basis(const std::string& code) {
  if (code == "won") return TargetBasis::kWon;
  if (code == "collected") return TargetBasis::kCollected;
  return std::nullopt;
}

const char* code_of(PeriodKind k) {
  return k == PeriodKind::kMonth ? "month" : k == PeriodKind::kQuarter ? "quarter" : "year";
}
const char* code_of(TargetBasis b) { return b == TargetBasis::kWon ? "won" : "collected"; }

Period period_of(PeriodKind kind, const CalendarDate& day) {
  const int n = months_in(kind);
  const int first_month = (day.month - 1) / n * n + 1;
  Period p{kind, CalendarDate{day.year, first_month, 1}, {}};
  p.end = add_months(p.start, n);
  return p;
}

Period shift(const Period& p, int steps) { return period_of(p.kind, add_months(p.start, steps * months_in(p.kind))); }

Period period_at(PeriodKind kind, int64_t unix_ms, int utc_offset_minutes) {
  return period_of(kind, local_date(unix_ms, utc_offset_minutes));
}

std::string period_label(const Period& p) {
  char buf[32];
  if (p.kind == PeriodKind::kMonth) std::snprintf(buf, sizeof buf, "%04d-%02d", p.start.year, p.start.month);
  else if (p.kind == PeriodKind::kQuarter) std::snprintf(buf, sizeof buf, "%04d-Q%d", p.start.year, (p.start.month + 2) / 3);
  else std::snprintf(buf, sizeof buf, "%04d", p.start.year);
  return buf;
}

const TargetFacts* target_for(const std::vector<TargetFacts>& targets, const std::string& user,
                              const std::string& team, const Period& period, TargetBasis basis) {
  const TargetFacts* best = nullptr;
  for (const auto& t : targets) {
    if (t.period != period.kind || t.basis != basis || t.starts_on != period.start) continue;
    if (user.empty() ? (!t.user.empty() || t.team != team) : t.user != user) continue;
    if (!best || t.id < best->id) best = &t;
  }
  return best;
}

std::set<std::string> team_members(const std::vector<TargetFacts>& targets, const std::string& team) {
  std::set<std::string> out;
  if (team.empty()) return out;
  for (const auto& t : targets)
    if (!t.user.empty() && t.team == team) out.insert(t.user);
  return out;
}

std::string team_of(const std::vector<TargetFacts>& targets, const std::string& user) {
  const TargetFacts* latest = nullptr;
  for (const auto& t : targets) {
    if (t.user != user || t.team.empty()) continue;
    if (!latest || latest->starts_on < t.starts_on || (latest->starts_on == t.starts_on && t.id < latest->id)) latest = &t;
  }
  return latest ? latest->team : std::string();
}

Result<Progress> progress(const std::set<std::string>& owners, const Period& period,
                          const std::vector<CountedAmount>& amounts, const TargetFacts* target,
                          const std::string& currency) {
  std::vector<const CountedAmount*> in;
  for (const auto& a : amounts)
    if (owners.count(a.owner) && period.contains(a.on)) in.push_back(&a);
  std::sort(in.begin(), in.end(), by_date_then_id);
  Progress p;
  p.achieved.currency = target ? target->amount.currency : !currency.empty() ? currency : in.empty() ? "" : in.front()->amount.currency;
  for (const CountedAmount* a : in) {
    if (a->amount.currency != p.achieved.currency) {
      ++p.other_currency;
      continue;
    }
    if (__builtin_add_overflow(p.achieved.minor, a->amount.minor, &p.achieved.minor))
      return make_error("out_of_range", "the amounts of the period add up past the largest amount");
    p.counted.push_back(a->id);
  }
  if (target) {
    p.target = target->amount;
    if (target->amount.minor > 0 && p.achieved.minor > 0)
      p.basis_points = static_cast<int64_t>(static_cast<__int128>(p.achieved.minor) * 10000 / target->amount.minor);
  }
  return p;
}

}  // namespace crm::sales
