// Sales acts on two offline devices, through a live server: converting the same lead
// (replica/lead_conversion_apply.h) ends with one customer, one contact and one opportunity and no
// conflict once the conversion time is settled; merging two customers (replica/record_merge_apply.h)
// while another device adds a contact to the merged-away one ends with the contact under the kept
// customer on every device.
#include "core/time_format.h"
#include "net/native_http_transport.h"
#include "replica/lead_conversion_apply.h"
#include "replica/record_merge_apply.h"
#include "server_fixture.h"
#include "sync/sync_session.h"

using namespace crm;
using namespace crm::test;

namespace {

// A device of alice's: its own replica file, clock and token.
struct Phone {
  ManualClock clock;
  SeededRandom random;
  std::unique_ptr<Replica> replica;
  std::string token;

  Phone(LiveServer& s, const std::string& name, int64_t now_ms, uint64_t seed) : clock(now_ms), random(seed) {
    auto r = Replica::open(s.dir.path() + "/" + name + ".db", clock, random);
    REQUIRE(r.ok());
    replica = std::move(r.value());
    replica->set_actor(Actor{"alice", "sales"});
    token = s.token(replica->id());
  }
  void sync(LiveServer& s) {
    NativeHttpTransport http(s.server->url());
    SyncSession session(*replica, token);
    while (auto req = session.next()) session.on_response(http.send(*req));
    INFO((session.failed() ? session.error().message : std::string()));
    REQUIRE_FALSE(session.failed());
    CHECK(session.stats().rejected == 0);
  }
  int64_t count(const std::string& entity) { return replica->store().count(entity).value(); }
  Json value(const std::string& entity, const std::string& id, const std::string& field) {
    auto s = replica->store().get(entity, id).value();
    REQUIRE(s.has_value());
    return s->value(field);
  }
};

}  // namespace

TEST_CASE("Two devices convert the same lead offline: one customer, contact and opportunity after sync",
          "[server][sales][conversion]") {
  LiveServer s;  // alice: sales
  Phone a(s, "phone_a", 1764000000000, 1), b(s, "phone_b", 1764000000000, 2);
  auto lead = a.replica->create("lead", {{"person_name", "Li Wei"}, {"company", "Suzhou Optics"},
                                         {"phone", "+86 512 6666 0101"}, {"owner", "alice"}, {"status", "qualified"}});
  REQUIRE(lead.ok());
  a.sync(s);
  b.sync(s);
  REQUIRE(b.count("lead") == 1);

  // Both convert while offline, b a few minutes later, both with an opportunity.
  sales::ConversionOptions o;
  o.create_opportunity = true;
  o.amount = Json{{"minor", 900000}, {"currency", "CNY"}};
  b.clock.advance(5 * 60 * 1000);
  auto on_a = convert_lead(*a.replica, lead->id, o, Actor{"alice", "sales"});
  auto on_b = convert_lead(*b.replica, lead->id, o, Actor{"alice", "sales"});
  REQUIRE(on_a.ok());
  REQUIRE(on_b.ok());
  CHECK(on_a->customer_id == on_b->customer_id);

  a.sync(s);
  b.sync(s);
  a.sync(s);
  // The conversion times differ (two clocks): the device that sees both settles on the earlier.
  for (Phone* p : {&a, &b}) REQUIRE(settle_conversion(*p->replica, lead->id).ok());
  b.sync(s);
  a.sync(s);

  for (Phone* p : {&a, &b}) {
    CHECK(p->count("customer") == 1);
    CHECK(p->count("contact") == 1);
    CHECK(p->count("opportunity") == 1);
    CHECK(p->replica->store().conflicts().value().empty());
    CHECK(p->value("lead", lead->id, "status") == "converted");
    CHECK(p->value("lead", lead->id, "converted_customer_id") == on_a->customer_id);
    CHECK(p->value("lead", lead->id, "converted_at") == iso8601_utc(1764000000000));
    CHECK(p->value("customer", on_a->customer_id, "name") == "Suzhou Optics");
    CHECK(p->value("opportunity", on_a->opportunity_id, "amount") == o.amount);
    CHECK(p->replica->store().outbox_size().value() == 0);
  }
  // A third device signing in later sees the same one customer.
  Phone c(s, "phone_c", 1764000600000, 3);
  c.sync(s);
  CHECK(c.count("customer") == 1);
  CHECK(c.count("opportunity") == 1);
  CHECK(c.replica->store().conflicts().value().empty());
}

TEST_CASE("A contact added offline to a customer merged away on another device ends under the kept customer",
          "[server][sales][merge]") {
  LiveServer s;  // alice: sales
  Phone a(s, "merge_a", 1764000000000, 4), b(s, "merge_b", 1764000000000, 5);
  // The same customer typed on both devices offline.
  auto on_a = a.replica->create("customer", {{"kind", "company"}, {"name", "Acme"}, {"owner", "alice"},
                                             {"phone", "+49 30 1234567"}});
  auto on_b = b.replica->create("customer", {{"kind", "company"}, {"name", "ACME GmbH"}, {"owner", "alice"},
                                             {"email", "info@acme.example"}});
  REQUIRE(on_a.ok());
  REQUIRE(on_b.ok());
  REQUIRE(b.replica->create("activity", {{"customer_id", on_b->id}, {"kind", "call"}, {"subject", "Intro"},
                                         {"at", "2025-11-24T09:00:00Z"}}).ok());
  a.sync(s);
  b.sync(s);
  a.sync(s);
  REQUIRE(a.count("customer") == 2);

  // a merges b's customer into its own; meanwhile b, offline, adds a contact to its customer.
  auto merged = merge_records(*a.replica, "customer", on_a->id, on_b->id);
  REQUIRE(merged.ok());
  auto late = b.replica->create("contact", {{"customer_id", on_b->id}, {"name", "Late Contact"}});
  REQUIRE(late.ok());
  a.sync(s);
  b.sync(s);
  // The merge-aware step after sync (App does it) moves the late contact on b, and a learns it.
  CHECK(repoint_merged_children(*b.replica).value() == 1);
  b.sync(s);
  a.sync(s);
  CHECK(repoint_merged_children(*a.replica).value() == 0);

  for (Phone* p : {&a, &b}) {
    CHECK(p->count("customer") == 1);
    CHECK(p->value("contact", late->id, "customer_id") == on_a->id);
    CHECK(p->value("customer", on_a->id, "email") == "info@acme.example");
    CHECK(p->replica->store().count("activity").value() == 1);
    CHECK(p->replica->store().conflicts().value().empty());
    CHECK(p->replica->store().outbox_size().value() == 0);
  }
  auto acts = a.replica->store().list("activity").value();
  REQUIRE(acts.size() == 1);
  CHECK(acts[0].value("customer_id") == on_a->id);
}
