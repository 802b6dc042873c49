// Configuration as data and attachments against a live server (model/configuration.h,
// docs/adding-an-entity.md): an admin adds fields and picklist values at run time, devices
// validate and sync them after their next pull, a device that has not learned them keeps and
// forwards their values, and attachments take the scope of the record they belong to.
#include "net/native_http_transport.h"
#include "replica/replica.h"
#include "server_fixture.h"
#include "sync/sync_session.h"

using namespace crm;
using namespace crm::test;

namespace {

Json shown(LiveServer& s, const std::string& db, const std::string& entity, const std::string& id) {
  return Json::parse(s.cli_ok(db, {"show", entity, id}))["values"];
}

// One sync of an in-process replica against the live server.
void sync_replica(LiveServer& s, Replica& r, const std::string& token, SyncStats* stats = nullptr) {
  NativeHttpTransport http(s.server->url());
  SyncSession session(r, token);
  while (auto req = session.next()) session.on_response(http.send(*req));
  INFO((session.failed() ? session.error().message : std::string()));
  REQUIRE_FALSE(session.failed());
  if (stats) *stats = session.stats();
}

const char* kSha = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

}  // namespace

TEST_CASE("An admin's custom fields and picklist values reach every device; an older device loses nothing",
          "[server][configuration]") {
  LiveServer s;  // alice: sales
  server_cmd(s, {"user", "add", "root", "--role", "admin"});
  s.login("adm", "root");
  s.login("a");

  // The admin adds a choice field (values from a picklist) and a money field to customers.
  s.cli_ok("adm", {"add", "picklist_value", "picklist=segment", "value=retail", "position=1"});
  s.cli_ok("adm", {"add", "custom_field", "entity=customer", "name=cf_segment", "type=choice", "label=Segment",
                   "picklist=segment"});
  const std::string budget_field = trim_line(
      s.cli_ok("adm", {"add", "custom_field", "entity=customer", "name=cf_budget", "type=money", "label=Budget"}));
  s.cli_ok("adm", {"sync"});

  // Before its next pull the sales device knows neither field.
  CHECK(s.cli("a", {"add", "customer", "kind=company", "name=Early", "cf_segment=retail"}).exit_code != 0);
  s.cli_ok("a", {"sync"});
  // After it, offline, it validates them like built-in fields.
  auto bad = s.cli("a", {"add", "customer", "kind=company", "name=Acme", "cf_segment=nonsense"});
  CHECK(bad.exit_code != 0);
  CHECK(bad.err.find("invalid_choice") != std::string::npos);
  const std::string acme =
      trim_line(s.cli_ok("a", {"add", "customer", "kind=company", "name=Acme", "cf_segment=retail", "cf_budget=1500 CNY"}));
  CHECK(s.cli_ok("a", {"sync"}).find("rejected 0") != std::string::npos);
  s.cli_ok("adm", {"sync"});
  Json on_admin = shown(s, "adm", "customer", acme);
  CHECK(on_admin["cf_segment"] == "retail");
  CHECK(on_admin["cf_budget"] == Json({{"minor", 150000}, {"currency", "CNY"}}));

  // A device that has not learned the configuration (a build from before it, simulated by a
  // replica that never applies it: this process's schemas have no custom field).
  SystemClock clock;
  SeededRandom random(42);
  auto opened = Replica::open(s.dir.path() + "/older.db", clock, random);
  REQUIRE(opened.ok());
  Replica& older = *opened.value();
  older.set_follow_configuration(false);
  const std::string older_token = s.token(older.id());
  sync_replica(s, older, older_token);
  REQUIRE(find_schema("customer")->field("cf_segment") == nullptr);

  // Meanwhile the admin adds a picklist value and moves Acme to it.
  s.cli_ok("adm", {"add", "picklist_value", "picklist=segment", "value=wholesale", "position=2"});
  s.cli_ok("adm", {"set", "customer", acme, "cf_segment=wholesale"});
  s.cli_ok("adm", {"sync"});
  sync_replica(s, older, older_token);
  REQUIRE(older.store().get("customer", acme).value()->value("cf_segment") == "wholesale");

  // The older device edits another field: it keeps the values it does not know and pushes them back.
  auto edited = older.update("customer", acme, {{"phone", "+86 21 5555 0199"}});
  REQUIRE(edited.ok());
  CHECK(edited->value("cf_segment") == "wholesale");
  SyncStats stats;
  sync_replica(s, older, older_token, &stats);
  CHECK(stats.pushed == 1);
  CHECK(stats.rejected == 0);
  s.cli_ok("adm", {"sync"});
  on_admin = shown(s, "adm", "customer", acme);
  CHECK(on_admin["phone"] == "+86 21 5555 0199");
  CHECK(on_admin["cf_segment"] == "wholesale");
  CHECK(on_admin["cf_budget"] == Json({{"minor", 150000}, {"currency", "CNY"}}));

  // Deactivating a field hides it without losing what records hold.
  s.cli_ok("adm", {"set", "custom_field", budget_field, "active=false"});
  s.cli_ok("adm", {"sync"});
  s.cli_ok("a", {"sync"});
  CHECK(shown(s, "a", "customer", acme)["cf_budget"] == Json({{"minor", 150000}, {"currency", "CNY"}}));
  s.cli_ok("a", {"set", "customer", acme, "city=Suzhou"});
  CHECK(s.cli_ok("a", {"sync"}).find("rejected 0") != std::string::npos);

  // The server keeps the configuration across a restart.
  s.restart();
  s.login("a");
  s.cli_ok("a", {"set", "customer", acme, "cf_segment=retail"});
  CHECK(s.cli_ok("a", {"sync"}).find("rejected 0") != std::string::npos);
}

TEST_CASE("The server refuses custom fields that would break a schema, and sales people's configuration",
          "[server][configuration]") {
  LiveServer s;
  server_cmd(s, {"user", "add", "root", "--role", "admin"});
  RawDevice admin(s, "dev-root", "root");
  RawDevice sales(s, "dev-alice", "alice");
  auto code = [](const Json& result) { return result.contains("rejected") ? result["rejected"]["code"] : Json(); };
  const FieldValues field = {{"entity", "customer"}, {"name", "cf_size"}, {"type", "text"}, {"label", "Size"}};
  auto with = [&](const std::string& k, Json v) {
    FieldValues x = field;
    x[k] = std::move(v);
    return x;
  };
  CHECK(code(admin.write("custom_field", id_n(1), with("name", "industry"))) == "invalid_name");
  CHECK(code(admin.write("custom_field", id_n(2), with("entity", "nothing"))) == "unknown_entity");
  CHECK(code(admin.write("custom_field", id_n(3), with("type", "hologram"))) == "invalid_choice");
  CHECK(code(admin.write("custom_field", id_n(4), with("type", "choice"))) == "picklist_required");
  CHECK(code(sales.write("custom_field", id_n(5), field)) == "forbidden");
  CHECK(code(sales.write("picklist_value", id_n(6), {{"picklist", "segment"}, {"value", "x"}})) == "forbidden");
  CHECK(code(admin.write("custom_field", id_n(7), field)).is_null());
  // A customer using the new field, and one using a field nobody defined.
  CHECK(code(sales.write("customer", id_n(8), {{"kind", "company"}, {"name", "A"}, {"owner", "alice"}, {"cf_size", "L"}}))
            .is_null());
  CHECK(code(sales.write("customer", id_n(9), {{"kind", "company"}, {"name", "B"}, {"owner", "alice"}, {"cf_nope", "L"}})) ==
        "unknown_field");
}

TEST_CASE("An attachment has the scope of the record it is attached to, for every role", "[server][attachment]") {
  LiveServer s;  // alice: sales in team north
  server_cmd(s, {"team", "add", "north"});
  server_cmd(s, {"user", "set", "alice", "--team", "north"});
  server_cmd(s, {"user", "add", "bob"});
  server_cmd(s, {"user", "add", "carol", "--role", "manager", "--team", "north"});
  server_cmd(s, {"user", "add", "root", "--role", "admin"});
  RawDevice alice(s, "dev-alice", "alice"), bob(s, "dev-bob", "bob"), carol(s, "dev-carol", "carol"),
      root(s, "dev-root", "root");
  auto attach = [&](RawDevice& d, int n, const std::string& entity, const std::string& record) {
    return d.write("attachment", id_n(n),
                   {{"record_entity", entity}, {"record_id", record}, {"sha256", kSha}, {"mime", "image/jpeg"},
                    {"size", 1024}, {"file_name", "front.jpg"}});
  };
  // Alice's customer and a contact of it; a product (organisation-wide).
  REQUIRE_FALSE(alice.write("customer", id_n(1), {{"kind", "company"}, {"name", "Acme"}, {"owner", "alice"}}).contains("rejected"));
  REQUIRE_FALSE(alice.write("contact", id_n(2), {{"customer_id", id_n(1)}, {"name", "Li"}}).contains("rejected"));
  REQUIRE_FALSE(root.write("product", id_n(3), {{"code", "P1"}, {"name", "Pump"}, {"unit", "piece"},
                                                {"list_price", {{"minor", 100}, {"currency", "CNY"}}}})
                    .contains("rejected"));
  CHECK_FALSE(attach(alice, 10, "customer", id_n(1)).contains("rejected"));
  CHECK_FALSE(attach(alice, 11, "contact", id_n(2)).contains("rejected"));
  CHECK_FALSE(attach(root, 12, "product", id_n(3)).contains("rejected"));
  // Bob may not attach to Alice's customer, nor a sales person to a product.
  CHECK(attach(bob, 13, "customer", id_n(1))["rejected"]["code"] == "forbidden");
  CHECK(attach(alice, 14, "product", id_n(3))["rejected"]["code"] == "forbidden");

  const std::string on_customer = "attachment/" + id_n(10), on_contact = "attachment/" + id_n(11),
                    on_product = "attachment/" + id_n(12);
  auto pulled = [](RawDevice& d) { return d.pull(50); };
  auto a = pulled(alice), b = pulled(bob), c = pulled(carol), r = pulled(root);
  for (const auto& key : {on_customer, on_contact, on_product}) {
    INFO(key);
    CHECK(a.count(key));
    CHECK(c.count(key));  // a manager sees the team's records
    CHECK(r.count(key));
  }
  CHECK_FALSE(b.count(on_customer));
  CHECK_FALSE(b.count(on_contact));
  CHECK(b.count(on_product));

  // An admin moves the customer to Bob: its attachments, at any depth, move with it.
  root.local["customer/" + id_n(1)] = alice.local["customer/" + id_n(1)];  // as root's device pulled it
  Json moved = root.write("customer", id_n(1), {{"owner", "bob"}});
  INFO(moved.dump());
  REQUIRE_FALSE(moved.contains("rejected"));
  b = pulled(bob);
  CHECK(b.count(on_customer));
  CHECK(b.count(on_contact));
  a = pulled(alice);
  CHECK(a[on_customer] == false);  // removed
  CHECK(a[on_contact] == false);
}
