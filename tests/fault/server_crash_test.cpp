// Server crashes under load: writer devices push and pull continuously while the crm-server is
// killed with SIGKILL at random moments, many times, and restarted on the same data folder
// (behind a FaultProxy without faults, which gives the devices one stable address). After every
// crash: a copy of the database as the crash left it passes PRAGMA integrity_check, and once the
// server is back, everything it had acknowledged before dying is still there. At the end: every
// write made is present (none lost, none invented), every device equals the server, and the
// database passes integrity_check after a clean stop.
//
// CRM_CRASHES=N changes the number of crashes (default 25).
#include <catch2/catch.hpp>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <random>
#include <thread>

#include "../server/process.h"
#include "fault_device.h"
#include "fault_proxy.h"
#include "net/native_http_transport.h"
#include "store/sqlite_db.h"

using namespace crm;
using namespace crm::fault;
namespace fs = std::filesystem;

namespace {

int64_t wall_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::string integrity_of(const std::string& path) {
  auto db = Database::open(path, OpenOptions{.wal = true});
  if (!db) return "cannot open: " + db.error().message;
  auto st = db.value()->prepare("PRAGMA integrity_check");
  if (!st) return st.error().message;
  std::string out;
  auto row = st->step();
  if (!row || !row.value()) return "no answer";
  out = st->column_text(0);
  st->reset();
  return out;
}

// The database as a crash left it (main file and log), checked on a copy so the restarted server
// itself recovers the original.
std::string integrity_after_crash(const std::string& data, const std::string& scratch) {
  fs::remove_all(scratch);
  fs::create_directories(scratch);
  for (const char* suffix : {"", "-wal"})
    if (fs::exists(data + "/crm.db" + suffix)) fs::copy_file(data + "/crm.db" + suffix, scratch + "/crm.db" + suffix);
  return integrity_of(scratch + "/crm.db");
}

struct SharedKeys {
  std::mutex mu;
  std::vector<RecordKey> keys;
  void add(RecordKey k) {
    std::lock_guard lock(mu);
    keys.push_back(std::move(k));
  }
  std::optional<RecordKey> pick(uint64_t r) {
    std::lock_guard lock(mu);
    if (keys.empty()) return std::nullopt;
    return keys[r % keys.size()];
  }
};

struct WriterStats {
  std::atomic<int64_t> edits{0}, syncs{0}, failed_syncs{0};
};

void writer_loop(Device& d, uint64_t seed, WriteOracle& oracle, SharedKeys& shared, std::atomic<bool>& stop,
                 WriterStats& stats) {
  std::mt19937_64 rng(seed);
  const char* cities[] = {"Berlin", "Rome", "Paris", "Oslo", "Lima"};
  int created = 0;
  while (!stop) {
    const int edits = 1 + static_cast<int>(rng() % 4);
    for (int i = 0; i < edits; ++i) {
      d.clock.set(wall_ms());
      const int roll = static_cast<int>(rng() % 100);
      Result<RecordState> r = make_error("skipped", "");
      if (roll < 30 || created < 3) {
        r = d.replica->create("customer", {{"kind", "company"},
                                           {"name", "Crash " + d.replica->id() + " " + std::to_string(created)},
                                           {"city", cities[rng() % 5]}});
        if (r) {
          ++created;
          shared.add({"customer", r->id});
        }
      } else if (auto k = shared.pick(rng())) {
        auto local = d.replica->store().get(k->entity, k->id);
        if (!local || !local.value() || local.value()->deleted()) continue;
        if (roll < 95) {
          r = d.replica->update(k->entity, k->id,
                                {{"city", cities[rng() % 5]}, {"notes", "edit " + std::to_string(rng() % 1000)}});
        } else {
          r = d.replica->remove(k->entity, k->id);
        }
      }
      if (r) {
        oracle.note(d.replica->id(), r.value());
        ++stats.edits;
      }
    }
    ++stats.syncs;
    if (!d.sync()) {
      ++stats.failed_syncs;
      std::this_thread::sleep_for(std::chrono::milliseconds(5 + rng() % 20));
    }
  }
}

}  // namespace

TEST_CASE("Nothing the server acknowledged is lost when it is killed during pushes under load", "[fault][slow]") {
  int crashes = 25;
  if (const char* s = std::getenv("CRM_CRASHES")) crashes = std::atoi(s);
  test::TempDir dir;
  const std::string data = dir.path() + "/server";
  add_admin_user(data);
  auto server = std::make_unique<test::ServerProcess>(data);
  FaultProxy proxy(server->port());  // fault rate 0: a stable address across restarts

  WriteOracle oracle;
  constexpr int kWriters = 4;
  std::vector<std::unique_ptr<Device>> devices;
  for (int i = 0; i < kWriters; ++i) devices.push_back(std::make_unique<Device>(500 + i, proxy.url(), &oracle));
  NativeHttpTransport probe_direct(proxy.url());
  auto probe_token = sign_in(probe_direct, "dcrashprobe");
  REQUIRE(probe_token);

  SharedKeys shared;
  WriterStats stats;
  std::atomic<bool> stop{false};
  std::vector<std::thread> writers;
  for (int i = 0; i < kWriters; ++i)
    writers.emplace_back([&, i] { writer_loop(*devices[i], 77 + i, oracle, shared, stop, stats); });

  std::mt19937_64 rng(4242);
  int survived = 0;
  int64_t acked_checked = 0;
  std::vector<std::string> problems;
  for (int c = 0; c < crashes && problems.empty(); ++c) {
    std::this_thread::sleep_for(std::chrono::milliseconds(80 + rng() % 400));
    server->crash();
    // Every answer the server sent came after its commit: all of it must survive.
    const auto acked = oracle.acked();
    const std::string integrity = integrity_after_crash(data, dir.path() + "/crash-copy");
    if (integrity != "ok") problems.push_back("crash " + std::to_string(c) + ": integrity_check: " + integrity);
    std::this_thread::sleep_for(std::chrono::milliseconds(rng() % 100));  // clients retry into a dead server
    server = std::make_unique<test::ServerProcess>(data);
    proxy.set_upstream(server->port());
    auto held = pull_all(probe_direct, probe_token.value(), 0);
    if (!held) {
      problems.push_back("crash " + std::to_string(c) + ": cannot read the server: " + held.error().message);
      break;
    }
    for (const auto& [key, vv] : acked) {
      auto it = held->records.find(key);
      for (const auto& [replica, n] : vv.entries()) {
        acked_checked += static_cast<int64_t>(n);  // n acknowledged writes of that replica
        if (it == held->records.end() || it->second.vv.get(replica) < n)
          problems.push_back("crash " + std::to_string(c) + ": " + key + ": acknowledged write " + replica + ":" +
                             std::to_string(n) + " is gone");
      }
    }
    ++survived;
  }
  stop = true;
  for (auto& t : writers) t.join();

  // Everyone syncs without crashes; then the server must hold every write, and every device equal it.
  oracle.acked_before = oracle.acked();
  for (int round = 0; round < 2; ++round)
    for (auto& d : devices) {
      auto s = d->sync();
      if (!s) problems.push_back("final sync of " + d->replica->id() + " failed: " + s.error().message);
    }
  auto final_state = pull_all(probe_direct, probe_token.value(), 0);
  REQUIRE(final_state);
  auto report = oracle.check(final_state->records);
  for (auto& p : report.problems) problems.push_back(p);
  if (final_state->records.size() != oracle.records())
    problems.push_back("the server holds " + std::to_string(final_state->records.size()) + " records, " +
                       std::to_string(oracle.records()) + " were created");
  for (auto& d : devices) {
    for (const auto& [key, state] : final_state->records) {
      auto local = d->replica->store().get(state.entity, state.id);
      if (!local || !local.value() || canonical(*local.value()) != canonical(state)) {
        problems.push_back(d->replica->id() + " differs from the server on " + key);
        break;
      }
    }
  }
  REQUIRE(server->terminate() == 0);
  const std::string integrity = integrity_of(data + "/crm.db");

  std::printf("server crashes: %d kill -9 survived under load (%lld edits, %lld syncs, %lld failed by crashes); "
              "acknowledged writes checked after crashes: %lld; final check: %lld writes (%lld acknowledged before the "
              "final sync), %lld lost, %zu records; integrity_check: %s\n",
              survived, (long long)stats.edits, (long long)stats.syncs, (long long)stats.failed_syncs,
              (long long)acked_checked, (long long)report.writes, (long long)report.acknowledged,
              (long long)report.lost, final_state->records.size(), integrity.c_str());
  for (size_t i = 0; i < problems.size() && i < 20; ++i) std::printf("  %s\n", problems[i].c_str());
  std::fflush(stdout);
  CHECK(problems.empty());
  CHECK(survived == crashes);
  CHECK(report.lost == 0);
  CHECK(integrity == "ok");
}
