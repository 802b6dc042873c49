// Payment collection: received, outstanding and overdue per instalment at the user's date in their
// time zone; sums per contract, customer and sales person; invoices; the overpayment warning; and
// the book updated receipt by receipt agreeing with one computed from scratch.
#include <catch2/catch.hpp>

#include <random>

#include "core/time_format.h"
#include "sales/collection.h"

using namespace crm;
using namespace crm::sales;

namespace {

CalendarDate day(const char* text) { return parse_date(text).value(); }
Json cny(int64_t minor, const char* currency = "CNY") { return to_json(Money{minor, currency}); }
int64_t at(const char* iso) { return parse_iso8601(iso).value(); }

// Two customers of two sales people; contract k1 (customer a, owned by li) with instalments i1
// (due 2026-11-30, 1000.00) and i2 (due 2026-12-31, 2000.00); contract k2 (customer b, owned by
// wang) with i3 (due 2026-10-31, 500.00).
void load(CollectionBook& book) {
  book.put_customer("a", {{"owner", "li"}});
  book.put_customer("b", {{"owner", "wang"}});
  book.put_contract("k1", {{"customer_id", "a"}, {"amount", cny(300000)}});
  book.put_contract("k2", {{"customer_id", "b"}, {"amount", cny(50000)}});
  book.put_instalment("i1", {{"contract_id", "k1"}, {"due_on", "2026-11-30"}, {"amount", cny(100000)}});
  book.put_instalment("i2", {{"contract_id", "k1"}, {"due_on", "2026-12-31"}, {"amount", cny(200000)}});
  book.put_instalment("i3", {{"contract_id", "k2"}, {"due_on", "2026-10-31"}, {"amount", cny(50000)}});
}

FieldValues receipt(const char* instalment, int64_t minor, const char* currency = "CNY") {
  return {{"instalment_id", instalment}, {"amount", cny(minor, currency)}, {"received_on", "2026-11-20"}};
}

const CollectionSums& sums(const CollectionTotals& t) {
  REQUIRE(t.in("CNY"));
  return *t.in("CNY");
}

}  // namespace

TEST_CASE("Partial receipts: received, outstanding and overdue per instalment", "[core][sales][collection]") {
  CollectionBook book(day("2026-12-01"));
  load(book);
  book.put_receipt("r1", receipt("i1", 30000));
  book.put_receipt("r2", receipt("i1", 20000));
  auto i1 = book.instalment("i1").value();
  CHECK(i1.received.minor == 50000);
  CHECK(i1.outstanding.minor == 50000);
  CHECK(i1.overdue.minor == 50000);
  CHECK(i1.days_overdue == 1);
  CHECK(i1.receipts == 2);
  auto i2 = book.instalment("i2").value();
  CHECK(i2.overdue.minor == 0);
  CHECK(i2.outstanding.minor == 200000);
  CHECK_FALSE(book.instalment("nope").has_value());
}

TEST_CASE("Overdue is at the user's local date: due today is not overdue yet", "[core][sales][collection]") {
  struct Case {
    const char* now;
    int offset_minutes;
    const char* due;
    bool overdue;
  };
  const std::vector<Case> cases = {
      // The evening of Nov 30 in UTC is Dec 1 in Beijing: the instalment due Nov 30 is overdue there.
      {"2026-11-30T20:00:00Z", 0, "2026-11-30", false},
      {"2026-11-30T20:00:00Z", 480, "2026-11-30", true},
      {"2026-11-30T20:00:00Z", -600, "2026-11-30", false},
      {"2026-12-01T09:00:00Z", -600, "2026-11-30", false},  // 23:00 on Nov 30 in Honolulu
      {"2026-12-01T10:00:00Z", -600, "2026-11-30", true},
      // Month and year ends, a leap day, the ends of the offsets.
      {"2027-01-31T23:30:00Z", 60, "2027-01-31", true},
      {"2027-01-31T23:30:00Z", -60, "2027-01-31", false},
      {"2026-12-31T16:00:00Z", 480, "2026-12-31", true},
      {"2026-12-31T15:59:00Z", 480, "2026-12-31", false},
      {"2028-02-29T12:00:00Z", 0, "2028-02-28", true},
      {"2028-02-29T12:00:00Z", 0, "2028-02-29", false},
      {"2028-02-28T11:00:00Z", 840, "2028-02-28", true},
      {"2028-03-01T11:00:00Z", -720, "2028-02-29", false},
  };
  for (const auto& c : cases) {
    CAPTURE(c.now, c.offset_minutes, c.due);
    CollectionBook book(local_date(at(c.now), c.offset_minutes));
    book.put_customer("a", {{"owner", "li"}});
    book.put_contract("k", {{"customer_id", "a"}, {"amount", cny(100)}});
    book.put_instalment("i", {{"contract_id", "k"}, {"due_on", c.due}, {"amount", cny(100)}});
    CHECK((book.instalment("i")->overdue.minor == 100) == c.overdue);
    CHECK(book.overdue_count() == (c.overdue ? 1u : 0u));
    // Paid in full: nothing is overdue, whatever the date.
    book.put_receipt("r", receipt("i", 100));
    CHECK(book.overdue_count() == 0);
  }
}

TEST_CASE("Sums per contract, per customer, per sales person and overall", "[core][sales][collection]") {
  CollectionBook book(day("2026-12-01"));
  load(book);
  book.put_receipt("r1", receipt("i1", 40000));
  book.put_receipt("r2", receipt("i3", 10000));
  const auto k1 = sums(book.contract("k1"));
  CHECK(k1.amount == 300000);
  CHECK(k1.received == 40000);
  CHECK(k1.outstanding == 260000);
  CHECK(k1.overdue == 60000);
  CHECK(k1.overdue_instalments == 1);
  CHECK(sums(book.customer("a")).outstanding == 260000);
  CHECK(sums(book.person("li")).received == 40000);
  CHECK(sums(book.person("wang")).overdue == 40000);
  const auto all = sums(book.all());
  CHECK(all.amount == 350000);
  CHECK(all.received == 50000);
  CHECK(all.outstanding == 300000);
  CHECK(all.overdue == 100000);
  CHECK(book.person("nobody").by_currency.empty());
  // The customer changes hands: the sales person's sums follow.
  book.put_customer("b", {{"owner", "li"}});
  CHECK(sums(book.person("li")).overdue == 100000);
  CHECK(book.person("wang").in("CNY") == nullptr);
}

TEST_CASE("Two receipts for one instalment both count; more than outstanding is a warning and kept",
          "[core][sales][collection]") {
  CollectionBook book(day("2026-12-01"));
  load(book);
  CHECK_FALSE(book.over_outstanding("i3", Money{50000, "CNY"}).has_value());
  CHECK(book.over_outstanding("i3", Money{50001, "CNY"})->minor == 1);
  // Recorded offline on two devices, one receipt each, for the whole amount: both are kept.
  book.put_receipt("from-phone", receipt("i3", 50000));
  book.put_receipt("from-laptop", receipt("i3", 50000));
  auto i3 = book.instalment("i3").value();
  CHECK(i3.received.minor == 100000);
  CHECK(i3.outstanding.minor == 0);
  CHECK(i3.overpaid.minor == 50000);
  CHECK(i3.receipts == 2);
  CHECK(sums(book.all()).overpaid == 50000);
  CHECK(book.over_outstanding("i3", Money{1, "CNY"})->minor == 1);
  // One is deleted as the duplicate it was: the other still counts.
  book.put_receipt("from-laptop", {}, true);
  CHECK(book.instalment("i3")->overpaid.minor == 0);
  CHECK(book.instalment("i3")->received.minor == 50000);
}

TEST_CASE("A receipt in another currency counts nowhere and is reported", "[core][sales][collection]") {
  CollectionBook book(day("2026-12-01"));
  load(book);
  book.all();
  book.put_receipt("usd", receipt("i1", 100, "USD"));
  book.put_receipt("orphan", receipt("missing", 100));
  CHECK(book.mismatched_receipts() == 2);
  CHECK(sums(book.all()).received == 0);
  // The orphan's instalment arrives later (sync order): it counts then.
  book.put_instalment("missing", {{"contract_id", "k2"}, {"due_on", "2027-01-31"}, {"amount", cny(100)}});
  CHECK(book.mismatched_receipts() == 1);
  CHECK(sums(book.all()).received == 100);
}

TEST_CASE("Invoiced-but-unpaid per contract and summed", "[core][sales][collection]") {
  CollectionBook book(day("2026-12-01"));
  load(book);
  book.put_invoice("v1", {{"contract_id", "k1"}, {"amount", cny(150000)}, {"status", "issued"}});
  book.put_invoice("v2", {{"contract_id", "k1"}, {"amount", cny(999)}, {"status", "cancelled"}});
  book.put_invoice("v3", {{"contract_id", "k2"}, {"amount", cny(50000)}});
  book.put_receipt("r1", receipt("i1", 100000));
  CHECK(sums(book.contract("k1")).invoiced == 150000);
  CHECK(sums(book.contract("k1")).invoiced_unpaid == 50000);
  CHECK(sums(book.all()).invoiced_unpaid == 100000);
  book.put_receipt("r2", receipt("i2", 100000));  // paid beyond the invoices: nothing unpaid
  CHECK(sums(book.contract("k1")).invoiced_unpaid == 0);
  CHECK(sums(book.person("li")).invoiced_unpaid == 0);
}

TEST_CASE("The overdue list: the longest overdue first, paid ones leave it", "[core][sales][collection]") {
  CollectionBook book(day("2027-01-05"));
  load(book);
  auto list = book.overdue(10);
  REQUIRE(list.size() == 3);
  CHECK(list[0].id == "i3");
  CHECK(list[0].days_overdue == 66);
  CHECK(list[1].id == "i1");
  CHECK(list[2].id == "i2");
  CHECK(book.overdue(1).size() == 1);
  book.put_receipt("r", receipt("i3", 50000));
  list = book.overdue(10);
  REQUIRE(list.size() == 2);
  CHECK(list[0].id == "i1");
  book.set_today(day("2026-12-31"));
  CHECK(book.overdue_count() == 1);
  auto plan = book.plan("k1");
  REQUIRE(plan.size() == 2);
  CHECK(plan[0].id == "i1");
  CHECK(format_date(plan[1].due_on) == "2026-12-31");
}

TEST_CASE("Receipt by receipt, the book agrees with one computed from scratch", "[core][sales][collection]") {
  std::mt19937 rng(14);
  CollectionBook live(day("2027-03-15"));
  std::vector<std::pair<std::string, FieldValues>> receipts;
  auto fill = [&](CollectionBook& b) {
    for (int c = 0; c < 5; ++c) b.put_customer("cu" + std::to_string(c), {{"owner", c % 2 ? "li" : "wang"}});
    for (int k = 0; k < 20; ++k) {
      b.put_contract("k" + std::to_string(k), {{"customer_id", "cu" + std::to_string(k % 5)}, {"amount", cny(0)}});
      for (int i = 0; i < 3; ++i)
        b.put_instalment("k" + std::to_string(k) + "i" + std::to_string(i),
                         {{"contract_id", "k" + std::to_string(k)},
                          {"due_on", format_date(date_from_days(days_since_epoch(day("2027-02-01")) + k * 3 + i * 20))},
                          {"amount", cny(1000 * (i + 1))}});
    }
  };
  fill(live);
  live.all();
  std::map<std::string, FieldValues> held;
  for (int step = 0; step < 300; ++step) {
    const std::string id = "r" + std::to_string(rng() % 60);
    const std::string target = "k" + std::to_string(rng() % 20) + "i" + std::to_string(rng() % 3);
    if (rng() % 5 == 0) {
      live.put_receipt(id, {}, true);
      held.erase(id);
    } else {
      FieldValues r = receipt(target.c_str(), static_cast<int64_t>(rng() % 2500) + 1);
      live.put_receipt(id, r);
      held[id] = r;
    }
    if (step % 50 == 49) {
      CollectionBook fresh(day("2027-03-15"));
      fill(fresh);
      for (const auto& [rid, r] : held) fresh.put_receipt(rid, r);
      CHECK(sums(live.all()).received == sums(fresh.all()).received);
      CHECK(sums(live.all()).overdue == sums(fresh.all()).overdue);
      CHECK(sums(live.all()).overpaid == sums(fresh.all()).overpaid);
      CHECK(sums(live.person("li")).outstanding == sums(fresh.person("li")).outstanding);
      CHECK(sums(live.customer("cu3")).overdue == sums(fresh.customer("cu3")).overdue);
      CHECK(live.overdue_count() == fresh.overdue_count());
      auto a = live.overdue(100), b = fresh.overdue(100);
      REQUIRE(a.size() == b.size());
      for (size_t n = 0; n < a.size(); ++n) CHECK(a[n].id == b[n].id);
    }
  }
}
