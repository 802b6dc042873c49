#include "sales/commission.h"

#include <algorithm>
#include <climits>

namespace crm::sales {
namespace {

using i128 = __int128;

// Positions on the running total are kept in 1/10000 of a minor unit, so a tier's start
// (target x from_percent / 100, from_percent with 2 decimals) is an exact integer there.
constexpr int64_t kPositionScale = 10000;
// A commission is position units x rate (3 decimals) / 100: one minor unit is this many.
constexpr int64_t kCommissionDenominator = kPositionScale * 1000 * 100;

// `d` with exactly `scale` decimals; nothing when it has more (the schema allows no more).
std::optional<int64_t> units_at(const FixedDecimal& d, int scale) {
  if (d.scale > scale) return std::nullopt;
  int64_t u = d.units;
  for (int i = d.scale; i < scale; ++i) u *= 10;
  return u;
}

struct Tier {
  i128 start = 0;  // position where it starts
  int64_t rate = 0;  // % with 3 decimals
  FixedDecimal shown;
};

// The tiers in order of their start, one per start (the highest rate); without a target only
// the tier starting at 0.
Result<std::vector<Tier>> tiers_of(const RuleFacts& rule, const std::optional<Money>& target) {
  std::vector<Tier> out;
  for (const auto& t : rule.tiers) {
    auto from = units_at(t.from_percent, 2);
    auto rate = units_at(t.rate, 3);
    if (!from || !rate || *from < 0 || *rate < 0)
      return make_error("out_of_range", "commission tier " + t.id + ": from_percent or rate out of range");
    if (!target && *from != 0) continue;
    // target x from% in positions: target.minor x from(2 decimals) / 100 / 100 x kPositionScale.
    const i128 start = target ? static_cast<i128>(target->minor) * *from : 0;
    out.push_back(Tier{start, *rate, t.rate});
  }
  std::sort(out.begin(), out.end(), [](const Tier& a, const Tier& b) {
    return a.start != b.start ? a.start < b.start : a.rate > b.rate;
  });
  out.erase(std::unique(out.begin(), out.end(), [](const Tier& a, const Tier& b) { return a.start == b.start; }),
            out.end());
  return out;
}

}  // namespace

const RuleFacts* rule_for(const std::vector<RuleFacts>& rules, const std::string& team, const std::string& role) {
  // Rank: 0 team and role, 1 team, 2 role, 3 everyone.
  const RuleFacts* best = nullptr;
  int best_rank = INT_MAX;
  for (const auto& r : rules) {
    if (!r.role.empty() && r.role != role) continue;
    if (!r.team.empty() && r.team != team) continue;
    const int rank = (r.team.empty() ? 2 : 0) + (r.role.empty() ? 1 : 0);
    if (rank < best_rank || (rank == best_rank && r.id < best->id)) best = &r, best_rank = rank;
  }
  return best;
}

Result<Commission> commission(const RuleFacts& rule, const std::optional<Money>& target,
                              const std::vector<CountedAmount>& amounts) {
  auto tiers = tiers_of(rule, target);
  if (!tiers) return tiers.error();
  std::vector<const CountedAmount*> in;
  for (const auto& a : amounts) in.push_back(&a);
  std::sort(in.begin(), in.end(),
            [](const CountedAmount* a, const CountedAmount* b) { return a->on != b->on ? a->on < b->on : a->id < b->id; });
  Commission out;
  const std::string currency = target ? target->currency : in.empty() ? "" : in.front()->amount.currency;
  out.basis.currency = out.commission.currency = currency;
  for (const CountedAmount* a : in) {
    if (a->amount.currency != currency) {
      ++out.other_currency;
      continue;
    }
    int64_t after = 0;
    if (__builtin_add_overflow(out.basis.minor, a->amount.minor, &after))
      return make_error("out_of_range", "the amounts of the period add up past the largest amount");
    const i128 from = static_cast<i128>(out.basis.minor) * kPositionScale, to = static_cast<i128>(after) * kPositionScale;
    i128 sum = 0;
    FixedDecimal rate_shown{0, 3};
    for (size_t i = 0; i < tiers->size(); ++i) {
      const Tier& t = (*tiers)[i];
      const i128 lo = std::max(from, t.start);
      const i128 hi = i + 1 < tiers->size() ? std::min(to, (*tiers)[i + 1].start) : to;
      if (hi <= lo) continue;
      sum += (hi - lo) * t.rate;
      rate_shown = t.shown;
    }
    // Half away from zero (amounts are positive; a negative one, a refund, rounds the same way).
    const i128 half = kCommissionDenominator / 2;
    const int64_t rounded = static_cast<int64_t>(sum >= 0 ? (sum + half) / kCommissionDenominator
                                                          : -((-sum + half) / kCommissionDenominator));
    if (__builtin_add_overflow(out.commission.minor, rounded, &out.commission.minor))
      return make_error("out_of_range", "the commission adds up past the largest amount");
    out.basis.minor = after;
    out.lines.push_back(AmountCommission{a->id, a->on, a->amount, Money{rounded, currency}, rate_shown});
  }
  return out;
}

}  // namespace crm::sales
