// What an independent client written from docs/sync-protocol.md found, against a live server:
// no legal stamp may wedge a device (writes far ahead of the server's clock are refused per record
// as clock_ahead, and devices do not adopt them), a pull page never lists one record both in
// `records` and in `removed`, a batch's order does not change its outcome, and two deletes delete.
#include <chrono>

#include "server_fixture.h"

using namespace crm;
using namespace crm::test;

namespace {

int64_t wall_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// A customer whose every write carries the stamp `at`.
RecordState customer_at(const std::string& id, const std::string& device, HlcStamp at) {
  RecordState s;
  s.entity = "customer";
  s.id = id;
  apply_local_write(s, device, at, {{"kind", "company"}, {"name", "Stamped"}, {"owner", "alice"}});
  return s;
}

std::string key(const Json& k) { return k["entity"].get<std::string>() + "/" + k["id"].get<std::string>(); }

}  // namespace

TEST_CASE("A write stamped more than a day ahead of the server's clock is refused per record as clock_ahead",
          "[server][protocol][clock]") {
  LiveServer s;
  RawDevice d(s, "dev-a", "alice");
  const int64_t now = wall_ms(), hour = 3600 * 1000;
  const HlcStamp largest{int64_t{(uint64_t{1} << 53) - 1}, 4294967295u};
  auto results = d.push({customer_at(id_n(1), d.id, largest), customer_at(id_n(2), d.id, {now + 23 * hour, 0}),
                         customer_at(id_n(3), d.id, {now + 25 * hour, 0})});
  REQUIRE(results.size() == 3);
  INFO(results.dump());
  CHECK(results[0]["rejected"]["code"] == "clock_ahead");
  CHECK(results[0]["rejected"]["message"].get<std::string>().find("clock") != std::string::npos);
  CHECK(results[0]["rejected"].contains("field"));
  CHECK_FALSE(results[1].contains("rejected"));
  CHECK(results[2]["rejected"]["code"] == "clock_ahead");
  auto held = d.pull(100);
  CHECK(held.count("customer/" + id_n(2)));
  CHECK_FALSE(held.count("customer/" + id_n(1)));  // nothing of a refused record is stored
  CHECK_FALSE(held.count("customer/" + id_n(3)));
}

TEST_CASE("A device that pulls the largest legal stamp keeps pushing", "[server][protocol][clock]") {
  // A server from before the bound held such a stamp; today's server, with the bound lifted, can
  // still be made to store one.
  LiveServer s;
  s.server->terminate();
  s.server = std::make_unique<ServerProcess>(s.data, std::vector<std::string>{"--max-clock-ahead-hours", "3000000000"});
  {
    RawDevice old(s, "dev-old", "alice");
    auto r = old.push({customer_at(id_n(1), old.id, {int64_t{(uint64_t{1} << 53) - 1}, 4294967295u})});
    REQUIRE_FALSE(r[0].contains("rejected"));
  }
  s.restart();  // the default bound again
  s.login("fresh");
  s.cli_ok("fresh", {"sync"});
  s.cli_ok("fresh", {"set", "customer", id_n(1), "city=Berlin"});
  const std::string out = s.cli_ok("fresh", {"sync"});
  CHECK(out.find("rejected 0") != std::string::npos);
  // The device's new write carries a stamp near the wall clock, not beyond the pulled one.
  Json dump = Json::parse(s.cli_ok("fresh", {"dump"}));
  bool found = false;
  for (const auto& r : dump)
    if (r["id"] == id_n(1)) {
      const int64_t t = r["fields"]["city"][0]["t"].get<int64_t>();
      CHECK(t < wall_ms() + 3600 * 1000);
      found = true;
    }
  CHECK(found);
  s.cli_ok("fresh", {"set", "customer", id_n(1), "city=Paris"});
  CHECK(s.cli_ok("fresh", {"sync"}).find("rejected 0") != std::string::npos);
}

TEST_CASE("A record that left a user's scope and came back is sent once per pull page, in its final state",
          "[server][protocol][pull]") {
  LiveServer s;
  server_cmd(s, {"user", "add", "bob"});
  server_cmd(s, {"user", "add", "root", "--role", "admin"});
  RawDevice alice(s, "dev-alice", "alice"), root(s, "dev-root", "root");
  alice.write("customer", id_n(1), {{"kind", "company"}, {"name", "Alice's"}, {"owner", "alice"}});
  root.write("customer", id_n(2), {{"kind", "company"}, {"name", "Bob's"}, {"owner", "bob"}});
  alice.write("contact", id_n(3), {{"customer_id", id_n(1)}, {"name", "Moves"}});
  root.local["contact/" + id_n(3)] = alice.local["contact/" + id_n(3)];
  root.write("contact", id_n(3), {{"customer_id", id_n(2)}});  // out of alice's scope
  root.write("contact", id_n(3), {{"customer_id", id_n(1)}});  // and back
  for (int limit : {1, 2, 3, 1000}) {
    INFO("page limit " << limit);
    RawDevice fresh(s, "dev-fresh-" + std::to_string(limit), "alice");
    auto seen = fresh.pull(limit, [](const Json& page) {
      std::set<std::string> listed;
      for (const auto& r : page["records"]) listed.insert(key(r));
      for (const auto& k : page.value("removed", Json::array())) CHECK_FALSE(listed.count(key(k)));
    });
    CHECK(seen["contact/" + id_n(3)]);  // applied page by page, it ends present
  }
}

TEST_CASE("A contact re-pointed to a customer only the device holds is accepted whatever the batch order",
          "[server][protocol][batch]") {
  LiveServer s;
  server_cmd(s, {"user", "add", "root", "--role", "admin"});
  RawDevice alice(s, "dev-alice", "alice"), root(s, "dev-root", "root");
  alice.write("customer", id_n(1), {{"kind", "company"}, {"name", "Alice's"}, {"owner", "alice"}});
  alice.write("contact", id_n(2), {{"customer_id", id_n(1)}, {"name", "Re-pointed"}});
  root.local["contact/" + id_n(2)] = alice.local["contact/" + id_n(2)];
  root.write("contact", id_n(2), {{"customer_id", id_n(9)}});  // customer 9 exists on alice's device only
  RecordState x;
  x.entity = "customer";
  x.id = id_n(9);
  apply_local_write(x, alice.id, HlcStamp{++alice.t, 0}, {{"kind", "company"}, {"name", "Only here"}, {"owner", "alice"}});
  RecordState k = alice.local["contact/" + id_n(2)];
  apply_local_write(k, alice.id, HlcStamp{++alice.t, 0}, {{"phone", "+49 30 5"}});
  auto results = alice.push({k, x});  // the contact first
  INFO(results.dump());
  CHECK_FALSE(results[0].contains("rejected"));
  CHECK_FALSE(results[1].contains("rejected"));
  RawDevice again(s, "dev-alice-2", "alice");
  CHECK(again.pull(100)["contact/" + id_n(2)]);
}

TEST_CASE("Two devices that each edit and then delete a record concurrently delete it, with no conflict",
          "[server][protocol][delete]") {
  LiveServer s;
  RawDevice a(s, "dev-a", "alice"), b(s, "dev-b", "alice");
  a.write("customer", id_n(1), {{"kind", "company"}, {"name", "Doomed"}, {"owner", "alice"}});
  b.local["customer/" + id_n(1)] = a.local["customer/" + id_n(1)];
  for (RawDevice* d : {&a, &b}) {
    RecordState& st = d->local["customer/" + id_n(1)];
    apply_local_write(st, d->id, HlcStamp{++d->t, 0}, {{"city", d->id}});
    apply_local_write(st, d->id, HlcStamp{++d->t, 0}, {{kDeletedField, Json{{"seen", encode_vv(st.vv)}}}});
  }
  a.push({a.local["customer/" + id_n(1)]});
  auto r = b.push({b.local["customer/" + id_n(1)]});
  REQUIRE(r[0].contains("state"));
  RecordState merged = decode_record(r[0]["state"]).value();
  CHECK(merged.deleted());
  CHECK(conflicts_of(merged).empty());
  CHECK(merged.fields.at(kDeletedField).size() == 2);  // both deletes kept: neither saw the other
}

TEST_CASE("A cursor beyond the server's newest change is refused clearly, and a device pulls again from 0",
          "[server][protocol][pull]") {
  LiveServer s;
  RawDevice raw(s, "dev-raw", "alice");
  auto res = raw.post("/api/v1/pull", R"({"protocol":1,"cursor":99,"limit":10})");
  REQUIRE(res);
  CHECK(res->status == 409);
  CHECK(Json::parse(res->body)["code"] == "cursor_ahead");
  res = raw.post("/api/v1/pull", R"({"protocol":1,"cursor":9007199254740992,"limit":10})");
  REQUIRE(res);
  CHECK(res->status == 400);
  // A server restored from a backup older than the device's last pull.
  s.login("dev");
  s.cli_ok("dev", {"add", "customer", "kind=company", "name=Before the backup"});
  s.cli_ok("dev", {"sync"});
  const std::string backup = s.dir.path() + "/backup.db";
  server_cmd(s, {"backup", "--out", backup});
  for (int i = 0; i < 3; ++i) s.cli_ok("dev", {"add", "customer", "kind=company", "name=After " + std::to_string(i)});
  s.cli_ok("dev", {"sync"});
  const int port = s.server->port();  // the device keeps the server's address
  REQUIRE(s.server->terminate() == 0);
  server_cmd(s, {"restore", "--from", backup});
  s.server = std::make_unique<ServerProcess>(s.data, std::vector<std::string>{"--port", std::to_string(port)});
  auto again = s.cli("dev", {"sync"});
  INFO(again.out << again.err);
  CHECK(again.exit_code == 0);
  // Nothing on the device was dropped.
  CHECK(Json::parse(s.cli_ok("dev", {"dump"})).size() == 4);
}
