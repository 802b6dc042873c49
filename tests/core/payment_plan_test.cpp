// A contract's payment plan: split into N with the remainder on the last, sums checked exactly;
// the expiry reminder.
#include <catch2/catch.hpp>

#include "sales/payment_plan.h"

using namespace crm;
using namespace crm::sales;

namespace {
CalendarDate day(const char* text) { return parse_date(text).value(); }
Json money(int64_t minor, const char* currency = "CNY") { return to_json(Money{minor, currency}); }
}  // namespace

TEST_CASE("Split into N equal instalments: the remainder goes on the last, the sum is exact", "[core][sales][plan]") {
  struct Case {
    int64_t total;
    int n;
    std::vector<int64_t> amounts;
  };
  const std::vector<Case> cases = {
      {10000, 3, {3333, 3333, 3334}},
      {10000, 4, {2500, 2500, 2500, 2500}},
      {1, 3, {0, 0, 1}},
      {0, 2, {0, 0}},
      {99999, 1, {99999}},
      {100000001, 7, {14285714, 14285714, 14285714, 14285714, 14285714, 14285714, 14285717}},
  };
  for (const auto& c : cases) {
    auto plan = split_evenly(Money{c.total, "CNY"}, c.n, day("2027-01-15"));
    REQUIRE(plan.ok());
    std::vector<int64_t> got;
    int64_t sum = 0;
    for (const auto& p : plan.value()) got.push_back(p.amount.minor), sum += p.amount.minor;
    CHECK(got == c.amounts);
    CHECK(sum == c.total);
  }
  // Every N up to the limit, on an awkward amount.
  for (int n = 1; n <= kMaxInstalments; ++n) {
    auto plan = split_evenly(Money{1234567, "JPY"}, n, day("2027-01-01"));
    REQUIRE(plan.ok());
    int64_t sum = 0;
    for (const auto& p : plan.value()) {
      sum += p.amount.minor;
      CHECK(p.amount.currency == "JPY");
    }
    CHECK(sum == 1234567);
    CHECK(plan->back().amount.minor - plan->front().amount.minor < n);
  }
}

TEST_CASE("Instalments fall due month after month, clamped to the month's last day", "[core][sales][plan]") {
  auto plan = split_evenly(Money{400, "CNY"}, 4, day("2027-01-31"));
  REQUIRE(plan.ok());
  std::vector<std::string> due;
  for (const auto& p : plan.value()) due.push_back(format_date(p.due_on));
  CHECK(due == std::vector<std::string>{"2027-01-31", "2027-02-28", "2027-03-31", "2027-04-30"});
  CHECK(format_date(add_months(day("2028-01-31"), 1)) == "2028-02-29");
  CHECK(format_date(add_months(day("2027-11-30"), 3)) == "2028-02-29");
  CHECK(format_date(add_months(day("2027-12-15"), 1)) == "2028-01-15");
  auto quarterly = split_evenly(Money{300, "CNY"}, 3, day("2027-11-30"), 3);
  REQUIRE(quarterly.ok());
  CHECK(format_date(quarterly->at(2).due_on) == "2028-05-30");
}

TEST_CASE("A plan that cannot be made is refused with its code", "[core][sales][plan]") {
  CHECK(split_evenly(Money{100, "CNY"}, 0, day("2027-01-01")).error().code == "out_of_range");
  CHECK(split_evenly(Money{100, "CNY"}, kMaxInstalments + 1, day("2027-01-01")).error().code == "out_of_range");
  CHECK(split_evenly(Money{-100, "CNY"}, 2, day("2027-01-01")).error().code == "out_of_range");
  CHECK(split_evenly(Money{100, "CNY"}, 2, day("2027-01-01"), 13).error().code == "out_of_range");
}

TEST_CASE("check_plan says by how much a plan is short or over", "[core][sales][plan]") {
  const Money amount{10000, "CNY"};
  auto exact = check_plan(amount, {{{"amount", money(3333)}}, {{"amount", money(3333)}}, {{"amount", money(3334)}}});
  REQUIRE(exact.ok());
  CHECK(exact->adds_up());
  CHECK(exact->planned == amount);
  auto shortfall = check_plan(amount, {{{"amount", money(3333)}}, {{"amount", money(3333)}}});
  REQUIRE(shortfall.ok());
  CHECK_FALSE(shortfall->adds_up());
  CHECK(shortfall->difference.minor == 3334);
  // Two devices each added the last instalment offline: both count, and the plan is over.
  auto over = check_plan(amount, {{{"amount", money(5000)}}, {{"amount", money(5000)}}, {{"amount", money(5000)}}});
  REQUIRE(over.ok());
  CHECK(over->difference.minor == -5000);
  CHECK_FALSE(check_plan(amount, {}).value().adds_up());
  CHECK(check_plan(amount, {{{"amount", money(1, "USD")}}}).error().code == "currency_mismatch");
  CHECK(check_plan(amount, {{{"amount", "100"}}}).error().code == "wrong_type");
}

TEST_CASE("instalment_values are records of the contract in order", "[core][sales][plan]") {
  auto plan = split_evenly(Money{1000, "CNY"}, 2, day("2027-03-31"));
  auto values = instalment_values("c1", plan.value());
  REQUIRE(values.size() == 2);
  CHECK(values[1].at("contract_id") == "c1");
  CHECK(values[1].at("due_on") == "2027-04-30");
  CHECK(values[1].at("amount") == money(500));
  CHECK(values[1].at("position") == 2);
}

TEST_CASE("The expiry reminder starts reminder_days before the end date", "[core][sales][plan]") {
  FieldValues c{{"status", "active"}, {"ends_on", "2027-06-30"}, {"reminder_days", 30}};
  CHECK_FALSE(contract_expiry(c, day("2027-05-30"))->remind);
  CHECK(contract_expiry(c, day("2027-05-31"))->remind);
  CHECK(contract_expiry(c, day("2027-05-31"))->days_left == 30);
  CHECK(contract_expiry(c, day("2027-06-30"))->remind);
  auto past = contract_expiry(c, day("2027-07-01"));
  CHECK_FALSE(past->remind);
  CHECK(past->past_end);
  c.erase("reminder_days");  // the default, 30
  CHECK(contract_expiry(c, day("2027-05-31"))->remind);
  c["status"] = "draft";
  CHECK_FALSE(contract_expiry(c, day("2027-06-01")).has_value());
  CHECK_FALSE(contract_expiry({{"status", "active"}}, day("2027-06-01")).has_value());
}
