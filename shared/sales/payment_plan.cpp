#include "sales/payment_plan.h"

#include <algorithm>

#include "model/entity_rules.h"

namespace crm::sales {
namespace {

bool leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int month_days(int y, int m) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && leap(y) ? 29 : kDays[m - 1];
}

}  // namespace

CalendarDate add_months(CalendarDate d, int months) {
  const int index = d.year * 12 + (d.month - 1) + months;
  CalendarDate out{index / 12, index % 12 + 1, d.day};
  out.day = std::min(out.day, month_days(out.year, out.month));
  return out;
}

Result<std::vector<PlannedInstalment>> split_evenly(const Money& total, int n, CalendarDate first_due,
                                                    int months_apart) {
  if (n < 1 || n > kMaxInstalments)
    return make_error("out_of_range", "instalments: between 1 and " + std::to_string(kMaxInstalments), "instalments");
  if (months_apart < 0 || months_apart > 12)
    return make_error("out_of_range", "months_apart: between 0 and 12", "months_apart");
  if (total.minor < 0) return make_error("out_of_range", "amount: must not be negative", "amount");
  const int64_t each = total.minor / n;
  std::vector<PlannedInstalment> plan;
  plan.reserve(static_cast<size_t>(n));
  for (int i = 0; i < n; ++i) {
    // The remainder (fewer than n minor units) goes on the last, so the sum is exact.
    const int64_t minor = i + 1 < n ? each : total.minor - each * (n - 1);
    plan.push_back({add_months(first_due, i * months_apart), Money{minor, total.currency}});
  }
  return plan;
}

Result<PlanCheck> check_plan(const Money& amount, const std::vector<FieldValues>& instalments) {
  PlanCheck out{Money{0, amount.currency}, amount, instalments.size()};
  for (const auto& i : instalments) {
    auto m = money_from_json(value_of(i, "amount"));
    if (!m) return make_error("wrong_type", "amount: an instalment has no amount", "amount");
    auto sum = add(out.planned, m.value());
    if (!sum) return sum.error();
    out.planned = sum.value();
  }
  auto diff = subtract(amount, out.planned);
  if (!diff) return diff.error();
  out.difference = diff.value();
  return out;
}

std::vector<FieldValues> instalment_values(const std::string& contract_id, const std::vector<PlannedInstalment>& plan) {
  std::vector<FieldValues> out;
  int position = 0;
  for (const auto& p : plan)
    out.push_back({{"contract_id", contract_id},
                   {"due_on", format_date(p.due_on)},
                   {"amount", to_json(p.amount)},
                   {"position", ++position}});
  return out;
}

std::optional<ContractExpiry> contract_expiry(const FieldValues& contract, CalendarDate today) {
  const Json& status = value_of(contract, "status");
  const Json& ends = value_of(contract, "ends_on");
  if (!status.is_string() || status.get<std::string>() != "active" || !ends.is_string()) return std::nullopt;
  auto end = parse_date(ends.get<std::string>());
  if (!end) return std::nullopt;
  const Json& r = value_of(contract, "reminder_days");
  const int64_t reminder = r.is_number_integer() ? r.get<int64_t>() : 30;
  ContractExpiry out;
  out.days_left = days_since_epoch(end.value()) - days_since_epoch(today);
  out.remind = out.days_left >= 0 && out.days_left <= reminder;
  out.past_end = out.days_left < 0;
  return out;
}

}  // namespace crm::sales
