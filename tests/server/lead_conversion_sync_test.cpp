// Converting a lead on two offline devices, through a live server (replica/lead_conversion_apply.h):
// after both sync there is one customer, one contact and one opportunity, every device holds the
// same records, and no conflict is left once the conversion time is settled.
#include "core/time_format.h"
#include "net/native_http_transport.h"
#include "replica/lead_conversion_apply.h"
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
