// A family of entities defined only here (a site, its visits, their notes: a parent, children
// and grandchildren, plus a plain reference; and a personal draft) syncs between devices through
// the server's API and real store with the right scope for each role. No code for these entities
// exists outside this file: the schema is the whole of it. Its own binary, so the registry of
// other tests is untouched.
#include <catch2/catch.hpp>
#include <set>

#include "api/api_service.h"
#include "auth/credentials.h"
#include "in_process_server.h"
#include "replica/replica.h"
#include "sync/sync_session.h"

using namespace crm;
using namespace crm::server;

namespace {

void register_family() {
  using T = FieldType;
  register_schema(EntitySchema{
      .name = "trial_site",
      .label = "Trial site",
      .fields = {{.name = "name", .type = T::kText, .required = true},
                 {.name = "owner", .type = T::kText, .writers = {kRoleManager, kRoleAdmin}},
                 {.name = "budget", .type = T::kMoney}},
      .summary_fields = {"name"},
      .access = {.kind = AccessKind::kOwned, .field = "owner"},
  });
  register_schema(EntitySchema{
      .name = "trial_visit",
      .label = "Trial visit",
      .fields = {{.name = "site_id",
                  .type = T::kReference,
                  .required = true,
                  .reference_entity = "trial_site",
                  .parent = true},
                 {.name = "product_id", .type = T::kReference, .reference_entity = "product"},
                 {.name = "on", .type = T::kDate, .required = true}},
      .summary_fields = {"on"},
      .access = {.kind = AccessKind::kInherited, .field = "site_id"},
  });
  register_schema(EntitySchema{
      .name = "trial_draft",
      .label = "Trial draft",
      .fields = {{.name = "text", .type = T::kLongText, .required = true}},
      .summary_fields = {"text"},
      .access = {.kind = AccessKind::kPersonal},
  });
  register_schema(EntitySchema{
      .name = "trial_note",
      .label = "Trial note",
      .fields = {{.name = "visit_id",
                  .type = T::kReference,
                  .required = true,
                  .reference_entity = "trial_visit",
                  .parent = true},
                 {.name = "text", .type = T::kLongText, .required = true}},
      .summary_fields = {"text"},
      .access = {.kind = AccessKind::kInherited, .field = "visit_id"},
  });
}

// The server's API as a transport: what the HTTP routes would call, minus HTTP.
class ApiTransport final : public Transport {
 public:
  explicit ApiTransport(ApiService& api) : api_(api) {}
  Result<HttpResponse> send(const HttpRequest& r) override {
    auto session = api_.authenticate("Bearer " + r.bearer_token);
    if (!session) return HttpResponse{401, error_body(session.error())};
    ApiResponse out = r.path == "/api/v1/push" ? api_.push(session.value(), r.body)
                                               : api_.pull(session.value(), r.body);
    return HttpResponse{out.status, out.body};
  }

 private:
  ApiService& api_;
};

struct Server : test::InProcessServer {
  std::unique_ptr<ApiTransport> transport = std::make_unique<ApiTransport>(*api);

  Server() {
    REQUIRE(init_crypto().ok());
    team("north");
    team("south", "north");
  }
};

// A device (phone) of one user: its own replica, signed in with a token the store issued.
struct Phone {
  Server& server;
  ManualClock clock{1764000000000};
  SeededRandom random;
  std::unique_ptr<Replica> replica;
  std::string token;

  Phone(Server& s, int64_t user_id, const std::string& name, const std::string& role, uint64_t seed)
      : server(s), random(seed) {
    auto r = Replica::open(":memory:", clock, random);
    REQUIRE(r.ok());
    replica = std::move(r.value());
    replica->set_actor(Actor{name, role});
    REQUIRE(s.store->register_device(replica->id(), user_id, name, 0).ok());
    token = new_token();
    REQUIRE(s.store
                ->store_token(token_hash(token), TokenKind::kAccess, user_id, replica->id(),
                              INT64_MAX / 2)
                .ok());
  }
  SyncStats sync() {
    auto stats = sync_once(*replica, *server.transport, token);
    REQUIRE(stats.ok());
    return stats.value();
  }
  std::set<std::string> holds(const std::string& entity) {
    std::set<std::string> out;
    auto list = replica->store().list(entity);
    REQUIRE(list.ok());
    for (const auto& s : list.value())
      out.insert(s.value("text").is_string()   ? s.value("text").get<std::string>()
                 : s.value("name").is_string() ? s.value("name").get<std::string>()
                                               : s.value("on").get<std::string>());
    return out;
  }
};

}  // namespace

TEST_CASE("An entity family defined only in a test syncs with the right scope for each role",
          "[server][schema][family]") {
  register_family();
  CHECK(inheritance_depth(*find_schema("trial_note")) == 2);
  Server s;
  const int64_t alice_id = s.user("alice", "sales", "north").user_id;
  const int64_t bob_id = s.user("bob", "sales", "south").user_id;
  const int64_t mia_id = s.user("mia", "manager", "north").user_id;
  Phone alice(s, alice_id, "alice", "sales", 1), alice2(s, alice_id, "alice", "sales", 2);
  Phone bob(s, bob_id, "bob", "sales", 3), mia(s, mia_id, "mia", "manager", 4);

  auto site = alice.replica->create("trial_site",
                                    {{"name", "Lakeside"},
                                     {"owner", "alice"},
                                     {"budget", Json{{"minor", 500000}, {"currency", "EUR"}}}});
  REQUIRE(site.ok());
  auto visit = alice.replica->create("trial_visit", {{"site_id", site->id}, {"on", "2026-12-01"}});
  REQUIRE(visit.ok());
  REQUIRE(
      alice.replica->create("trial_note", {{"visit_id", visit->id}, {"text", "Soil is wet"}}).ok());
  CHECK(alice.sync().rejected == 0);
  // A sales person cannot give the site away, refused on the device once the
  // server holds it (the same check the server makes).
  auto given = alice.replica->update("trial_site", site->id, {{"owner", "bob"}});
  REQUIRE_FALSE(given.ok());
  CHECK(given.error().code == "field_forbidden");

  alice2.sync();
  CHECK(alice2.holds("trial_note") == std::set<std::string>{"Soil is wet"});
  CHECK(alice2.holds("trial_visit") == std::set<std::string>{"2026-12-01"});
  bob.sync();
  CHECK(bob.holds("trial_site").empty());
  CHECK(bob.holds("trial_note").empty());
  mia.sync();  // the manager of north and of its sub-team south
  CHECK(mia.holds("trial_note") == std::set<std::string>{"Soil is wet"});

  // The manager hands the site to bob: the site, its visit and the visit's note (depth 2) leave
  // alice's devices and arrive on bob's.
  REQUIRE(mia.replica->update("trial_site", site->id, {{"owner", "bob"}}).ok());
  CHECK(mia.sync().rejected == 0);
  CHECK(alice2.sync().removed == 3);
  CHECK(alice2.holds("trial_site").empty());
  CHECK(alice2.holds("trial_note").empty());
  bob.sync();
  CHECK(bob.holds("trial_site") == std::set<std::string>{"Lakeside"});
  CHECK(bob.holds("trial_note") == std::set<std::string>{"Soil is wet"});
  // bob adds a note offline-first; alice's other device never receives it.
  auto bob_visits = bob.replica->store().list("trial_visit");
  REQUIRE(bob_visits.ok());
  REQUIRE(bob_visits->size() == 1);
  REQUIRE(bob.replica
              ->create("trial_note", {{"visit_id", bob_visits->front().id}, {"text", "Dried out"}})
              .ok());
  bob.sync();
  alice2.sync();
  CHECK(alice2.holds("trial_note").empty());
  mia.sync();
  CHECK(mia.holds("trial_note") == std::set<std::string>{"Soil is wet", "Dried out"});

  // A personal record reaches its author's other devices and nobody else, not even a manager.
  REQUIRE(alice.replica->create("trial_draft", {{"text", "Call the mayor"}}).ok());
  alice.sync();
  alice2.sync();
  mia.sync();
  bob.sync();
  CHECK(alice2.holds("trial_draft") == std::set<std::string>{"Call the mayor"});
  CHECK(mia.holds("trial_draft").empty());
  CHECK(bob.holds("trial_draft").empty());
}
