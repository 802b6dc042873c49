// Clock skew: devices whose clocks are hours and days apart, in both directions, against a real
// crm-server. Version vectors decide what happened after what; clocks (hybrid logical clocks) only
// pick a deterministic winner between writes that did not see each other. So: every replica and the
// server converge to the same state whatever the sync order, a causally later write wins even from
// a device whose clock is days slow, and concurrent losers stay as conflicts, never dropped.
#include <catch2/catch.hpp>

#include <chrono>
#include <cstdio>

#include "../server/process.h"
#include "fault_device.h"
#include "net/native_http_transport.h"
#include "crdt/merge.h"
#include "sync/protocol.h"

using namespace crm;
using namespace crm::fault;

namespace {

constexpr int64_t kHour = 3600 * 1000, kDay = 24 * kHour;

int64_t wall_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// A server and devices with skewed clocks. Device i's clock is `now + offsets[i]`, advanced by
// hand; identity seeds are fixed, so two worlds with the same `now` replay the same writes.
struct SkewWorld {
  test::TempDir dir;
  std::string data = dir.path() + "/server";
  std::unique_ptr<test::ServerProcess> server;
  WriteOracle oracle;
  std::vector<std::unique_ptr<Device>> devices;
  std::vector<int64_t> offsets;

  // The server accepts stamps up to ten days ahead of its clock (the default is one day), so that
  // devices days apart can all write.
  SkewWorld(int64_t now, std::vector<int64_t> offs) : offsets(std::move(offs)) {
    add_admin_user(data);
    server = std::make_unique<test::ServerProcess>(data, std::vector<std::string>{"--max-clock-ahead-hours", "240"});
    for (size_t i = 0; i < offsets.size(); ++i) {
      devices.push_back(std::make_unique<Device>(300 + i, server->url(), &oracle));
      devices.back()->clock.set(now + offsets[i]);
    }
  }
  Device& dev(size_t i) { return *devices[i]; }
  void tick() {
    for (auto& d : devices) d->clock.advance(1000);
  }
  void sync(size_t i) {
    auto s = dev(i).sync();
    INFO((s.ok() ? std::string() : s.error().message));
    REQUIRE(s);
  }
  void sync_all(const std::vector<size_t>& order) {
    for (int round = 0; round < 2; ++round)
      for (size_t i : order) sync(i);
  }
  RecordState local(size_t i, const RecordKey& k) {
    auto s = dev(i).replica->store().get(k.entity, k.id);
    REQUIRE(s);
    REQUIRE(s.value());
    return *s.value();
  }
  RecordState on_server(const RecordKey& k) {
    NativeHttpTransport t(server->url());
    auto all = pull_all(t, dev(0).token, 0);
    REQUIRE(all);
    REQUIRE(all->records.count(key_of(k.entity, k.id)));
    return all->records.at(key_of(k.entity, k.id));
  }
  // Every device equals the server on `k`, and no write made is missing.
  RecordState check_converged(const RecordKey& k) {
    NativeHttpTransport t(server->url());
    auto all = pull_all(t, dev(0).token, 0);
    REQUIRE(all);
    REQUIRE(all->records.count(key_of(k.entity, k.id)));
    RecordState s = all->records.at(key_of(k.entity, k.id));
    for (size_t i = 0; i < devices.size(); ++i) {
      INFO("device " << i << " (clock offset " << offsets[i] / kHour << " h)");
      CHECK(canonical(local(i, k)) == canonical(s));
    }
    auto report = oracle.check(all->records);
    for (const auto& p : report.problems) FAIL_CHECK(p);
    CHECK(report.lost == 0);
    return s;
  }
  RecordKey create(size_t i, const std::string& name) {
    auto r = dev(i).replica->create("customer", {{"kind", "company"}, {"name", name}, {"city", "Start"}});
    REQUIRE(r);
    oracle.note(dev(i).replica->id(), r.value());
    return {"customer", r->id};
  }
  void edit(size_t i, const RecordKey& k, FieldValues changes) {
    auto r = dev(i).replica->update(k.entity, k.id, changes);
    REQUIRE(r);
    REQUIRE(oracle.note(dev(i).replica->id(), r.value()));
  }
  void remove(size_t i, const RecordKey& k) {
    auto r = dev(i).replica->remove(k.entity, k.id);
    REQUIRE(r);
    REQUIRE(oracle.note(dev(i).replica->id(), r.value()));
  }
};

std::vector<Json> values_of(const RecordState& s, const std::string& field) {
  std::vector<Json> out;
  for (const auto& w : s.fields.at(field)) out.push_back(w.value);
  return out;
}

// Devices: 0 on time, 1 five hours slow, 2 three days fast, 3 two days slow.
const std::vector<int64_t> kOffsets = {0, -5 * kHour, 3 * kDay, -2 * kDay};

// All four edit `city` (and each another field) without seeing each other, then sync in `order`.
std::string concurrent_scenario(int64_t now, const std::vector<size_t>& order) {
  SkewWorld w(now, kOffsets);
  RecordKey k = w.create(0, "Skewed Ltd");
  w.sync_all({0, 1, 2, 3});
  w.tick();
  const char* cities[] = {"Rome", "Oslo", "Paris", "Lima"};
  const char* other[] = {"grade", "status", "phone", "notes"};
  const Json other_values[] = {"A", "active", "+49 30 1234", "from the slow device"};
  for (size_t i = 0; i < 4; ++i) w.edit(i, k, {{"city", cities[i]}, {other[i], other_values[i]}});
  w.sync_all(order);
  RecordState s = w.check_converged(k);
  // The device three days ahead has the newest stamp; the three others stay as conflicts.
  auto city = values_of(s, "city");
  CHECK(city.size() == 4);
  CHECK(city.front() == "Paris");
  for (const char* c : cities) CHECK(std::find(city.begin(), city.end(), Json(c)) != city.end());
  // Fields only one device wrote have no conflict, whatever that device's clock.
  CHECK(s.value("grade") == "A");
  CHECK(s.value("notes") == "from the slow device");
  CHECK(conflicts_of(s).size() == 3);
  return canonical(s);
}

}  // namespace

TEST_CASE("Concurrent edits from devices hours and days apart converge identically in any sync order", "[fault][clock]") {
  const int64_t now = wall_ms();
  const std::string a = concurrent_scenario(now, {0, 1, 2, 3});
  const std::string b = concurrent_scenario(now, {3, 2, 1, 0});
  const std::string c = concurrent_scenario(now, {1, 3, 0, 2});
  CHECK(a == b);
  CHECK(a == c);
}

TEST_CASE("A causally later write from a device days slow wins over the write it has seen", "[fault][clock]") {
  SkewWorld w(wall_ms(), kOffsets);
  RecordKey k = w.create(0, "Causal Ltd");
  w.sync_all({0, 1, 2, 3});
  // The fast device writes; the slow device sees it, then overwrites it.
  w.edit(2, k, {{"city", "Paris"}});
  w.sync(2);
  w.sync(3);
  w.edit(3, k, {{"city", "Lima"}});
  w.sync_all({3, 0, 1, 2});
  RecordState s = w.check_converged(k);
  CHECK(values_of(s, "city") == std::vector<Json>{"Lima"});
  CHECK(conflicts_of(s).empty());
  // Version vectors decided: the slow device's stamp stays near its own wall clock, five days
  // behind the write it replaced (a hybrid clock adopts no stamp 12 hours or more ahead of its
  // wall clock), and it still wins.
  CHECK(s.fields.at("city")[0].hlc.ms <= w.dev(3).clock.now_ms() + 2000);
  CHECK(s.fields.at("city")[0].hlc.ms < w.dev(2).clock.now_ms() - 4 * kDay);
}

TEST_CASE("Version vectors, not stamps, decide: a write that saw another replaces it even with an older stamp",
          "[fault][clock]") {
  // A client that does not keep a hybrid clock (the protocol does not force one) stamps with its
  // slow wall clock only. Its write was made after seeing Paris, so Paris must go, not win.
  SkewWorld w(wall_ms(), {0, 3 * kDay});
  RecordKey k = w.create(0, "Raw Ltd");
  w.sync_all({0, 1});
  w.edit(1, k, {{"city", "Paris"}});
  w.sync(1);

  NativeHttpTransport raw(w.server->url());
  const std::string raw_id = "drawclient00000001";
  auto token = sign_in(raw, raw_id);
  REQUIRE(token);
  RecordState seen = w.on_server(k);
  RecordState later = seen;
  const int64_t slow_clock = wall_ms() - 2 * kDay;
  apply_local_write(later, raw_id, HlcStamp{slow_clock, 0}, {{"city", "Lima"}});
  later.normalize();
  REQUIRE(later.fields.at("city")[0].hlc < seen.fields.at("city")[0].hlc);
  auto res = raw.send(HttpRequest{"POST", "/api/v1/push", to_body(PushRequest{{later}}), token.value()});
  REQUIRE(res);
  INFO(res->body);
  REQUIRE(res->status == 200);
  w.sync_all({0, 1});
  RecordState s = w.on_server(k);
  CHECK(values_of(s, "city") == std::vector<Json>{"Lima"});
  CHECK(conflicts_of(s).empty());
  for (size_t i = 0; i < 2; ++i) CHECK(canonical(w.local(i, k)) == canonical(s));
}

TEST_CASE("A delete and a concurrent edit from devices days apart: the edit keeps the record, the delete stays visible",
          "[fault][clock]") {
  SkewWorld w(wall_ms(), kOffsets);
  // The fast device deletes while the slow one edits, and the other way round.
  RecordKey fast_deletes = w.create(0, "Fast deletes");
  RecordKey slow_deletes = w.create(0, "Slow deletes");
  w.sync_all({0, 1, 2, 3});
  w.remove(2, fast_deletes);
  w.edit(3, fast_deletes, {{"city", "Edited while deleted"}});
  w.remove(3, slow_deletes);
  w.edit(2, slow_deletes, {{"city", "Edited on the fast device"}});
  w.sync_all({2, 3, 0, 1});
  for (const RecordKey& k : {fast_deletes, slow_deletes}) {
    RecordState s = w.check_converged(k);
    CHECK_FALSE(s.deleted());
    auto conflicts = conflicts_of(s);
    REQUIRE(conflicts.size() == 1);
    CHECK(conflicts[0].kind == ConflictKind::kDeleteVsEdit);
  }
}

TEST_CASE("A device whose clock is years ahead is refused per record, pins no one's clock, and pushes once corrected",
          "[fault][clock]") {
  // One wildly wrong clock used to move every device's hybrid clock years ahead for good. Now the
  // server refuses writes stamped beyond its bound (clock_ahead), the record waits under "needs
  // attention" on that device, and once the clock is right, "Try again" restamps and pushes it.
  const int64_t now = wall_ms();
  SkewWorld w(now, {0, 10 * 365 * kDay, 0});
  RecordKey k = w.create(0, "Future Ltd");
  w.sync_all({0, 1, 2});
  w.edit(1, k, {{"notes", "from the future"}});
  auto st = w.dev(1).sync();
  REQUIRE(st);
  CHECK(st->rejected == 1);
  auto attention = w.dev(1).replica->store().attention();
  REQUIRE(attention);
  REQUIRE(attention->size() == 1);
  CHECK(attention->front().code == "clock_ahead");
  // The others' clocks stay near the wall clock: their edits keep ordinary stamps.
  w.sync(0);
  w.tick();
  w.edit(0, k, {{"city", "On time"}});
  w.sync(0);
  CHECK(w.on_server(k).fields.at("city").front().hlc.ms < now + kDay);
  // Retrying with the clock still wrong is refused again; with the clock corrected it goes through.
  REQUIRE(w.dev(1).replica->restamp_future_writes(k).ok());
  REQUIRE(w.dev(1).replica->store().requeue(k));
  CHECK(w.dev(1).sync()->rejected == 1);
  w.dev(1).clock.set(now + 5000);
  auto restamped = w.dev(1).replica->restamp_future_writes(k);
  REQUIRE(restamped);
  CHECK(restamped.value());
  REQUIRE(w.dev(1).replica->store().requeue(k));
  REQUIRE(w.oracle.note(w.dev(1).replica->id(), w.local(1, k)));
  CHECK(w.dev(1).sync()->rejected == 0);
  w.sync_all({0, 1, 2});
  RecordState s = w.check_converged(k);
  CHECK(s.value("notes") == "from the future");
  CHECK(s.value("city") == "On time");
  CHECK(s.max_hlc().ms < now + kDay);
}

TEST_CASE("Observing a stamp with the largest logical part keeps the hybrid clock ahead of it", "[fault][clock]") {
  // Regression: the logical part is 32 bits and the protocol accepts l = 4294967295; observe()
  // used to wrap it to 0, leaving the clock behind a stamp it had seen. It now carries into ms.
  ManualClock clock(1000);
  HybridLogicalClock hlc(clock);
  const HlcStamp remote{5000, 4294967295u};
  hlc.observe(remote);
  CHECK(hlc.last() > remote);
  CHECK(hlc.now() > remote);
}
