// Contracts, their payment plan and receipts through a real server: the server numbers contracts
// and orders on first sync ("pending" until then); two receipts for one instalment recorded offline
// on two devices both count after sync, on both devices, with the overpayment shown, not lost.
#include "replica_device.h"
#include "views/collection_view.h"
#include "sales/payment_plan.h"

using namespace crm;
using namespace crm::test;

namespace {

struct Device : ReplicaDevice {
  using ReplicaDevice::ReplicaDevice;
  // The collection of everything this device holds (the view the app draws from).
  sales::CollectionBook book(CalendarDate today) {
    CollectionView view;
    REQUIRE(view.load(replica->store()).ok());
    view.set_today(today);
    return view.book();
  }
};

Json cny(int64_t minor) { return to_json(Money{minor, "CNY"}); }

}  // namespace

TEST_CASE("Contracts and orders are numbered by the server on first sync, in sequence, once",
          "[server][sales][contracts]") {
  LiveServer s;
  Device a(s, "a", 1764547200000, 1), b(s, "b", 1764547200000, 2);
  const std::string customer =
      a.create("customer", {{"kind", "company"}, {"name", "Acme"}, {"owner", "alice"}, {"status", "prospect"}});
  const std::string first = a.create("contract", {{"customer_id", customer}, {"title", "Pumps"}, {"amount", cny(300000)}, {"status", "draft"}});
  CHECK(a.get("contract", first).count("number") == 0);  // pending on the device
  a.sync(s);
  a.sync(s);
  CHECK(a.get("contract", first).at("number") == "C-000001");
  b.sync(s);
  const std::string second =
      b.create("contract", {{"customer_id", customer}, {"title", "Valves"}, {"amount", cny(1000)}, {"status", "draft"}});
  CHECK(b.get("contract", second).count("number") == 0);
  b.sync(s);
  b.sync(s);
  CHECK(b.get("contract", second).at("number") == "C-000002");
  CHECK(b.get("contract", first).at("number") == "C-000001");
  // Edited afterwards on both devices: the number stays.
  REQUIRE(a.replica->update("contract", first, {{"title", "Pumps and spares"}}).ok());
  REQUIRE(b.replica->update("contract", first, {{"status", "active"}}).ok());
  a.sync(s);
  b.sync(s);
  a.sync(s);
  for (Device* d : {&a, &b}) {
    const auto v = d->get("contract", first);
    CHECK(v.at("number") == "C-000001");
    CHECK(v.at("title") == "Pumps and spares");
    CHECK(v.at("status") == "active");
  }
  const std::string order = a.create("sales_order", {{"customer_id", customer}, {"title", "First delivery"},
                                                     {"contract_id", first}, {"status", "open"}});
  a.sync(s);
  a.sync(s);
  CHECK(a.get("sales_order", order).at("number") == "SO-000001");
  // The sequence survives a restart of the server.
  s.restart();
  const std::string third = a.create("contract", {{"customer_id", customer}, {"title", "Seals"}, {"amount", cny(5)}, {"status", "draft"}});
  a.sync(s);
  a.sync(s);
  CHECK(a.get("contract", third).at("number") == "C-000003");
}

TEST_CASE("Two receipts for one instalment from two offline devices both count on both devices",
          "[server][sales][collection]") {
  LiveServer s;
  Device a(s, "a", 1764547200000, 1), b(s, "b", 1764547200000, 2);  // 2025-12-01
  const std::string customer =
      a.create("customer", {{"kind", "company"}, {"name", "Acme"}, {"owner", "alice"}, {"status", "prospect"}});
  const std::string contract =
      a.create("contract", {{"customer_id", customer}, {"title", "Pumps"}, {"amount", cny(300000)}, {"status", "draft"}});
  auto plan = sales::split_evenly(Money{300000, "CNY"}, 3, parse_date("2025-11-15").value());
  REQUIRE(plan.ok());
  std::vector<std::string> instalments;
  for (const auto& v : sales::instalment_values(contract, plan.value())) instalments.push_back(a.create("instalment", v));
  a.sync(s);
  b.sync(s);
  // Both offline: the phone and the laptop each record the customer's transfer of 1000.00.
  a.create("receipt", {{"instalment_id", instalments[0]}, {"received_on", "2025-11-20"}, {"amount", cny(100000)},
                       {"reference", "TX-1"}});
  b.create("receipt", {{"instalment_id", instalments[0]}, {"received_on", "2025-11-20"}, {"amount", cny(100000)},
                       {"reference", "TX-1 (laptop)"}});
  a.sync(s);
  b.sync(s);
  a.sync(s);
  for (Device* d : {&a, &b}) {
    auto book = d->book(parse_date("2025-12-01").value());
    const auto first = book.instalment(instalments[0]).value();
    CHECK(first.receipts == 2);
    CHECK(first.received.minor == 200000);
    CHECK(first.outstanding.minor == 0);
    CHECK(first.overpaid.minor == 100000);  // shown, to be sorted out by a person: nothing lost
    const auto totals = *book.contract(contract).in("CNY");
    CHECK(totals.received == 200000);
    CHECK(totals.outstanding == 200000);
    CHECK(totals.overdue == 0);  // the second is due 2025-12-15
    CHECK(book.person("alice").in("CNY")->outstanding == 200000);
  }
}
