// A push's outcome does not depend on the order of the records in its batch: every permutation of
// one batch gets the same answers (per record) and leaves the same stored state, as seen by every
// user's pull. Run in-process (ApiService on a real SqliteServerStore; HTTP is not the subject),
// each permutation on its own copy of one prepared database file.
#include <rapidcheck.h>
#include <rapidcheck/catch.h>

#include <algorithm>
#include <filesystem>

#include "admin/admin_commands.h"
#include "api/api_service.h"
#include "auth/credentials.h"
#include "process.h"
#include "server_fixture.h"
#include "storage/sqlite_server_store.h"
#include "crdt/merge.h"
#include "sync/protocol.h"
#include "crdt/record_codec.h"

using namespace crm;
using namespace crm::server;
using crm::test::id_n;
using FieldValues = std::map<std::string, Json>;

namespace {

constexpr int64_t kNow = 1'800'000'000'000;

RecordState made(const std::string& entity, const std::string& id, const std::string& device, int64_t at,
                 const FieldValues& values) {
  RecordState s;
  s.entity = entity;
  s.id = id;
  apply_local_write(s, device, HlcStamp{at, 0}, values);
  s.normalize();
  return s;
}

RecordState edited(RecordState s, const std::string& device, int64_t at, const FieldValues& changes) {
  apply_local_write(s, device, HlcStamp{at, 0}, changes);
  s.normalize();
  return s;
}

std::string push_body(const std::vector<RecordState>& records) {
  Json a = Json::array();
  for (const auto& r : records) a.push_back(encode_record(r));
  return Json{{"protocol", kProtocolVersion}, {"records", a}}.dump();
}

// One database prepared once: users, and records as an admin left them. Alice's device then holds
// the candidates below, some new, some edits of what it pulled.
struct World {
  crm::test::TempDir dir;
  std::string base = dir.path() + "/base.db";
  ManualClock clock{kNow};
  std::map<std::string, Session> sessions;
  std::vector<RecordState> candidates;

  World() {
    REQUIRE(init_crypto());
    auto store = SqliteServerStore::open(base);
    REQUIRE(store);
    for (const auto& [name, role] : std::vector<std::pair<std::string, std::string>>{
             {"root", "admin"}, {"alice", "sales"}, {"bob", "sales"}, {"sam", "service"}}) {
      REQUIRE(add_user(*store.value(), clock, name, "batch order 42", role));
      auto u = store.value()->find_user(name);
      REQUIRE(u);
      sessions[name] = Session{u.value()->id, name, role, "dev-" + name, 0};
    }
    ApiService api(*store.value(), clock);
    const RecordState a1 = made("customer", id_n(1), "dev-root", kNow - 9000,
                                {{"kind", "company"}, {"name", "Alice's"}, {"owner", "alice"}});
    const RecordState b1 = made("customer", id_n(2), "dev-root", kNow - 9000,
                                {{"kind", "company"}, {"name", "Bob's"}, {"owner", "bob"}});
    // A contact of Alice's, which an admin then re-points to a customer only Alice's device holds.
    const RecordState kr = made("contact", id_n(3), "dev-root", kNow - 9000, {{"customer_id", id_n(1)}, {"name", "Re"}});
    const RecordState kr_admin = edited(kr, "dev-root", kNow - 8000, {{"customer_id", id_n(10)}});
    for (const auto& r : {a1, b1, kr, kr_admin}) {
      ApiResponse res = api.push(sessions["root"], push_body({r}));
      REQUIRE(res.status == 200);
    }
    candidates = {
        made("customer", id_n(10), "dev-alice", kNow - 5000, {{"kind", "company"}, {"name", "New X"}, {"owner", "alice"}}),
        edited(kr, "dev-alice", kNow - 4000, {{"phone", "+49 30 1"}}),
        made("contact", id_n(11), "dev-alice", kNow - 4000, {{"customer_id", id_n(10)}, {"name", "On X"}}),
        made("visit", id_n(12), "dev-alice", kNow - 4000,
             {{"customer_id", id_n(1)}, {"checkin_at", "2026-11-23T10:00:00Z"}}),
        edited(a1, "dev-alice", kNow - 3000, {{"city", "Berlin"}}),
        edited(b1, "dev-alice", kNow - 3000, {{"city", "Taken"}}),                       // forbidden
        made("contact", id_n(13), "dev-alice", kNow - 3000, {{"customer_id", id_n(2)}, {"name", "Bob's"}}),
        made("customer", id_n(14), "dev-alice", kNow - 3000, {{"kind", "company"}, {"name", "Pool"}}),
        made("customer", id_n(15), "dev-alice", kNow - 3000,
             {{"kind", "company"}, {"name", "Nobody's"}, {"owner", "nobody"}}),          // unknown_owner
        made("customer", id_n(16), "dev-alice", kNow + 3 * kDefaultMaxClockAheadMs,
             {{"kind", "company"}, {"name", "Future"}, {"owner", "alice"}}),             // clock_ahead
        made("contact", id_n(17), "dev-alice", kNow - 3000, {{"customer_id", id_n(14)}, {"name", "In the pool"}}),
        // The same record twice, in two states the device held one after the other.
        made("customer", id_n(18), "dev-alice", kNow - 3000, {{"kind", "company"}, {"name", "Twice"}, {"owner", "alice"}}),
        edited(made("customer", id_n(18), "dev-alice", kNow - 3000,
                    {{"kind", "company"}, {"name", "Twice"}, {"owner", "alice"}}),
               "dev-alice", kNow - 2000, {{"name", "Twice, edited"}}),
    };
  }

  // Pushes `batch` as alice on a fresh copy of the prepared database. Returns the answer's
  // results (each as JSON text, in batch order) and every user's full pull.
  struct Outcome {
    std::vector<std::string> results;
    std::map<std::string, std::string> pulls;
  };
  Outcome run(const std::vector<RecordState>& batch) {
    const std::string path = dir.path() + "/trial.db";
    for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path + suffix);
    std::filesystem::copy_file(base, path);
    auto store = SqliteServerStore::open(path);
    REQUIRE(store);
    ApiService api(*store.value(), clock);
    ApiResponse res = api.push(sessions["alice"], push_body(batch));
    INFO(res.body);
    REQUIRE(res.status == 200);
    Outcome out;
    const Json answer = Json::parse(res.body);
    for (const auto& r : answer["results"]) out.results.push_back(r.dump());
    for (const auto& [name, session] : sessions) {
      ApiResponse p = api.pull(session, R"({"protocol":1,"cursor":0,"limit":1000})");
      REQUIRE(p.status == 200);
      out.pulls[name] = p.body;
    }
    return out;
  }
};

World& world() {
  static World w;
  return w;
}

}  // namespace

TEST_CASE("A contact pushed before the customer it was re-pointed to is accepted, in either order",
          "[server][batch_order]") {
  World& w = world();
  const RecordState& x = w.candidates[0];
  const RecordState& kr = w.candidates[1];
  for (const auto& batch : {std::vector<RecordState>{kr, x}, std::vector<RecordState>{x, kr}}) {
    auto out = w.run(batch);
    for (const auto& r : out.results) {
      INFO(r);
      CHECK_FALSE(Json::parse(r).contains("rejected"));
    }
  }
}

TEST_CASE("Each refusal in a batch has its own code, and the rest of the batch is stored", "[server][batch_order]") {
  World& w = world();
  auto out = w.run(w.candidates);
  std::map<std::string, std::string> code;
  for (const auto& text : out.results) {
    Json r = Json::parse(text);
    if (r.contains("rejected")) code[r["id"].get<std::string>()] = r["rejected"]["code"].get<std::string>();
  }
  CHECK(code == std::map<std::string, std::string>{{id_n(2), "forbidden"},
                                                   {id_n(13), "forbidden"},
                                                   {id_n(15), "unknown_owner"},
                                                   {id_n(16), "clock_ahead"}});
  Json alice = Json::parse(out.pulls["alice"]);
  std::set<std::string> held;
  for (const auto& r : alice["records"]) held.insert(r["id"].get<std::string>());
  for (int n : {1, 3, 10, 11, 12, 14, 17, 18}) CHECK(held.count(id_n(n)));
  for (int n : {15, 16}) CHECK_FALSE(held.count(id_n(n)));
}

TEST_CASE("Any permutation of a batch gets the same answers and leaves the same stored state",
          "[server][batch_order][property]") {
  World& w = world();
  rc::prop("permuted batch == batch", [&w] {
    const auto picks = *rc::gen::container<std::vector<bool>>(w.candidates.size(), rc::gen::arbitrary<bool>());
    std::vector<RecordState> batch;
    for (size_t i = 0; i < picks.size(); ++i)
      if (picks[i]) batch.push_back(w.candidates[i]);
    RC_PRE(!batch.empty());
    std::vector<size_t> perm(batch.size());
    for (size_t i = 0; i < perm.size(); ++i) perm[i] = i;
    const auto keys = *rc::gen::container<std::vector<int>>(perm.size(), rc::gen::arbitrary<int>());
    std::stable_sort(perm.begin(), perm.end(), [&](size_t a, size_t b) { return keys[a] < keys[b]; });
    std::vector<RecordState> permuted;
    for (size_t i : perm) permuted.push_back(batch[i]);
    auto a = w.run(batch), b = w.run(permuted);
    // The answer to permuted[i] is the answer to batch[perm[i]].
    for (size_t i = 0; i < perm.size(); ++i) RC_ASSERT(b.results[i] == a.results[perm[i]]);
    RC_ASSERT(a.pulls == b.pulls);
  });
}
