// Rules that read other records (model/entity_schema.h, RecordLookup): a price-list item against
// its list and product, and sums computed from the records (never stored as an authority).
#include <catch2/catch.hpp>

#include "model/entity_rules.h"
#include "replica/replica.h"
#include "test_replica.h"

using namespace crm;

namespace {

Json cny(int64_t minor, const char* currency = "CNY") { return Json{{"minor", minor}, {"currency", currency}}; }

struct Device : TestReplica {
  explicit Device(uint64_t seed) : TestReplica(seed) { replica->set_actor(Actor{"root", kRoleAdmin}); }
  // Sends every record this device holds to `other` (what a sync through the server amounts to).
  void send_to(Device& other) {
    for (const char* entity : {"price_list", "product", "price_list_item"}) {
      auto held = replica->store().list(entity);
      REQUIRE(held.ok());
      for (auto& state : held.value()) {
        auto tx = Transaction::begin(other.replica->store().db());
        REQUIRE(other.replica->apply_remote(state).ok());
        REQUIRE(tx.value()->commit().ok());
      }
    }
  }
};

}  // namespace

TEST_CASE("Money sums are exact, skip unset values and refuse mixed currencies", "[core][rules]") {
  std::vector<FieldValues> lines = {{{"price", cny(10)}}, {{"price", cny(20)}}, {}, {{"price", cny(-5)}}};
  auto total = sum_money(lines, "price", "CNY");
  REQUIRE(total.ok());
  CHECK(total.value() == Money{25, "CNY"});
  lines.push_back({{"price", cny(1, "USD")}});
  CHECK(sum_money(lines, "price", "CNY").error().code == "currency_mismatch");
  CHECK(sum_money({{{"price", cny(INT64_MAX)}}, {{"price", cny(1)}}}, "price", "CNY").error().code == "out_of_range");
  CHECK(sum_money({}, "price", "XXY").error().code == "invalid_currency");
}

TEST_CASE("A price-list item is checked against its list's currency and its product's minimum", "[core][rules]") {
  Device d(1);
  Replica& r = *d.replica;
  auto list = r.create("price_list", {{"name", "Retail 2027"}, {"currency", "CNY"}});
  REQUIRE(list.ok());
  auto product = r.create("product", {{"code", "P1"}, {"name", "Pump"}, {"unit", "piece"}, {"list_price", cny(9900)},
                                      {"min_order_qty", "10"}});
  REQUIRE(product.ok());
  FieldValues item = {{"price_list_id", list->id}, {"product_id", product->id}, {"price", cny(9500)},
                      {"min_quantity", "10"}};
  REQUIRE(r.create("price_list_item", item).ok());
  FieldValues dollars = item;
  dollars["price"] = cny(1300, "USD");
  CHECK(r.create("price_list_item", dollars).error().code == "currency_mismatch");
  FieldValues few = item;
  few["min_quantity"] = "2.5";
  CHECK(r.create("price_list_item", few).error().code == "below_minimum");
  // An item whose list this device does not hold yet is not refused for it: the server decides.
  FieldValues elsewhere = dollars;
  elsewhere["price_list_id"] = "0193f0a2-7c1e-7abc-8def-0123456789ab";
  CHECK(r.create("price_list_item", elsewhere).ok());
}

TEST_CASE("A total computed from children counts two devices' concurrent edits of two lines", "[core][rules]") {
  Device a(1), b(2);
  auto list = a.replica->create("price_list", {{"name", "Retail"}, {"currency", "CNY"}});
  auto product = a.replica->create("product", {{"code", "P1"}, {"name", "Pump"}, {"unit", "piece"}, {"list_price", cny(100)}});
  REQUIRE((list.ok() && product.ok()));
  FieldValues item = {{"price_list_id", list->id}, {"product_id", product->id}, {"price", cny(100)}};
  auto one = a.replica->create("price_list_item", item), two = a.replica->create("price_list_item", item);
  REQUIRE((one.ok() && two.ok()));
  a.send_to(b);
  // Offline, each device changes a different line.
  REQUIRE(a.replica->update("price_list_item", one->id, {{"price", cny(150)}}).ok());
  REQUIRE(b.replica->update("price_list_item", two->id, {{"price", cny(275)}}).ok());
  a.send_to(b);
  b.send_to(a);
  for (Device* d : {&a, &b}) {
    const StoreLookup lookup(d->replica->store());
    auto total = sum_money(lookup.children("price_list_item", list->id), "price", "CNY");
    REQUIRE(total.ok());
    CHECK(total.value() == Money{425, "CNY"});
  }
}
