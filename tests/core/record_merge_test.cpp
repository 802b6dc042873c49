// Merging two customers (sales/record_merge.h, replica/record_merge_apply.h): the kept record's
// values filled and joined, every child moved, the other tombstoned with merged_into, nothing
// lost; and a child added offline to the merged-away customer following it after sync.
#include <catch2/catch.hpp>

#include "replica/record_merge_apply.h"
#include "test_replica.h"

using namespace crm;

namespace {

const Actor kAlice{"alice", "sales"};

struct Device : TestReplica {
  explicit Device(uint64_t seed) : TestReplica(seed) { replica->set_actor(kAlice); }
  std::string add(const std::string& entity, const FieldValues& values) {
    auto r = replica->create(entity, values);
    INFO((r ? "" : r.error().code + " " + r.error().message));
    REQUIRE(r.ok());
    return r->id;
  }
  RecordState state(const std::string& entity, const std::string& id) {
    auto s = replica->store().get(entity, id);
    REQUIRE(s.ok());
    REQUIRE(s.value().has_value());
    return *s.value();
  }
};

void send_all(Device& from, Device& to) {
  auto tx = Transaction::begin(to.replica->store().db());
  REQUIRE(tx.ok());
  for (const auto& schema : all_schemas()) {
    auto all = from.replica->store().list(schema.name, ListOptions{.include_deleted = true});
    REQUIRE(all.ok());
    for (auto& s : all.value()) REQUIRE(to.replica->apply_remote(s).ok());
  }
  REQUIRE(to.replica->save_clock().ok());
  REQUIRE(tx.value()->commit().ok());
}

}  // namespace

TEST_CASE("Merging moves every child to the kept customer, fills its empty fields and keeps the other's notes",
          "[core][sales][merge]") {
  Device d(1);
  const std::string keep = d.add("customer", {{"kind", "company"}, {"name", "Suzhou Optics"}, {"owner", "alice"},
                                             {"phone", "+86 512 6666 0101"}, {"tags", Json::array({"vip"})},
                                             {"notes", "Met at the fair."}});
  const std::string other = d.add("customer", {{"kind", "company"}, {"name", "Suzhou Optics Co., Ltd."},
                                              {"owner", "alice"}, {"email", "info@suzhou-optics.example"},
                                              {"city", "Suzhou"}, {"phone", "0512 6666 0101"},
                                              {"tags", Json::array({"optics", "vip"})}, {"notes", "Wants a quote."}});
  const std::string contact = d.add("contact", {{"customer_id", other}, {"name", "Li Wei"}});
  const std::string activity = d.add("activity", {{"customer_id", other}, {"kind", "call"},
                                                 {"at", "2026-11-20T10:00:00Z"}, {"subject", "First call"}});
  const std::string opp = d.add("opportunity", {{"customer_id", other}, {"name", "Lenses"}, {"stage", "proposal"}});
  const std::string ticket = d.add("ticket", {{"customer_id", other}, {"subject", "Broken lens"}, {"status", "reported"}});
  const std::string stays = d.add("contact", {{"customer_id", keep}, {"name", "Zhang San"}});

  auto plan = merge_records(*d.replica, "customer", keep, other);
  INFO((plan ? "" : plan.error().code + " " + plan.error().message));
  REQUIRE(plan.ok());
  CHECK(plan->moves.size() == 4);
  for (auto [entity, id] : std::vector<std::pair<std::string, std::string>>{
           {"contact", contact}, {"activity", activity}, {"opportunity", opp}, {"ticket", ticket}, {"contact", stays}})
    CHECK(d.state(entity, id).value("customer_id") == keep);

  const RecordState kept = d.state("customer", keep);
  CHECK(kept.value("name") == "Suzhou Optics");         // the kept record's value wins
  CHECK(kept.value("phone") == "+86 512 6666 0101");
  CHECK(kept.value("email") == "info@suzhou-optics.example");  // filled from the other
  CHECK(kept.value("city") == "Suzhou");
  CHECK(kept.value("tags") == Json::array({"vip", "optics"}));
  CHECK(kept.value("notes") == "Met at the fair.\n\nWants a quote.");

  const RecordState gone = d.state("customer", other);
  CHECK(gone.deleted());
  CHECK(gone.value("merged_into") == keep);
  CHECK(gone.value("name") == "Suzhou Optics Co., Ltd.");  // still under the tombstone
  CHECK(d.replica->store().count("customer").value() == 1);
  CHECK(d.replica->store().count("contact").value() == 2);
}

TEST_CASE("A merge is refused with a code and writes nothing", "[core][sales][merge]") {
  Device d(2);
  const std::string a = d.add("customer", {{"kind", "company"}, {"name", "A"}, {"owner", "alice"}});
  CHECK(merge_records(*d.replica, "customer", a, a).error().code == "same_record");
  CHECK(merge_records(*d.replica, "customer", a, "0193f0a2-7c1e-7abc-8def-000000000009").error().code == "not_found");
  const std::string b = d.add("customer", {{"kind", "company"}, {"name", "B"}, {"owner", "alice"},
                                          {"notes", std::string(3000, 'x')}});
  REQUIRE(d.replica->update("customer", a, {{"notes", std::string(3000, 'y')}}).ok());
  const std::string c = d.add("contact", {{"customer_id", b}, {"name", "Kept where it was"}});
  // The joined notes would be too long: nothing moves, nothing is deleted.
  CHECK(merge_records(*d.replica, "customer", a, b).error().code == "too_long");
  CHECK(d.state("contact", c).value("customer_id") == b);
  CHECK_FALSE(d.state("customer", b).deleted());
  CHECK(sales::plan_merge("nothing", "a", {}, "b", {}, {}).error().code == "unknown_entity");
}

TEST_CASE("A contact added offline to a customer merged away elsewhere follows it to the kept customer",
          "[core][sales][merge]") {
  Device a(3), b(4);
  const std::string keep = a.add("customer", {{"kind", "company"}, {"name", "Acme"}, {"owner", "alice"}});
  const std::string other = a.add("customer", {{"kind", "company"}, {"name", "ACME GmbH"}, {"owner", "alice"}});
  send_all(a, b);
  REQUIRE(merge_records(*a.replica, "customer", keep, other).ok());
  const std::string late = b.add("contact", {{"customer_id", other}, {"name", "Late Contact"}});
  send_all(a, b);
  send_all(b, a);
  for (Device* d : {&a, &b}) {
    CHECK(d->state("customer", other).deleted());
    CHECK(repoint_merged_children(*d->replica).value() == 1);
    CHECK(d->state("contact", late).value("customer_id") == keep);
  }
  // Both devices moved it to the same customer: after they exchange, no conflict and nothing moves.
  send_all(a, b);
  send_all(b, a);
  for (Device* d : {&a, &b}) {
    CHECK(repoint_merged_children(*d->replica).value() == 0);
    CHECK(d->replica->store().conflicts().value().empty());
  }
}
