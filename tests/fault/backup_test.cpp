// crm-server backup and restore against a live server: devices keep syncing while `crm-server
// backup` runs several times. Each backup passes integrity_check, decodes whole, is a consistent
// prefix (its change log is contiguous up to its highest sequence and names every record change in
// it; everything acknowledged before the backup began is in it), and holds only writes that were
// made. A backup restored into a fresh data folder serves everything it held to a fresh device;
// restore refuses while a server runs on the folder, and replaces a crashed folder's database
// (stale write-ahead log included) by exactly the backup.
#include <catch2/catch.hpp>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <thread>

#include "../server/process.h"
#include "fault_device.h"
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

struct BackupContents {
  std::string integrity;
  std::map<RecordKeyText, RecordState> records;
  int64_t max_seq = 0;
  std::vector<std::string> problems;
};

// Reads a backup file directly with SQLite. The change-log check depends on the server's schema
// (sync_server/storage/sqlite_server_store.cpp: changes(first_seq, last_seq)); it is skipped if
// that table is gone.
BackupContents read_backup(const std::string& path) {
  BackupContents b;
  auto db = Database::open(path, OpenOptions{.wal = false});
  REQUIRE(db);
  auto check = db.value()->prepare("PRAGMA integrity_check");
  REQUIRE(check);
  auto row = check->step();
  b.integrity = row && row.value() ? check->column_text(0) : "no answer";
  check->reset();
  auto st = db.value()->prepare("SELECT entity, id, vv, fields, seq FROM records ORDER BY seq");
  REQUIRE(st);
  std::vector<int64_t> seqs;
  Status s = st->for_each_row([&](Statement& r) {
    RawRecord raw{r.column_text(0), r.column_text(1), r.column_text(2), r.column_text(3), r.column_int(4)};
    auto decoded = decode_raw(raw);
    if (!decoded) {
      b.problems.push_back("record " + raw.id + " does not decode: " + decoded.error().message);
      return;
    }
    b.records[key_of(raw.entity, raw.id)] = decoded.value();
    seqs.push_back(raw.seq);
    b.max_seq = std::max(b.max_seq, raw.seq);
  });
  REQUIRE(s);
  auto has_log = db.value()->query_int("SELECT count(*) FROM sqlite_master WHERE name = 'changes'");
  if (has_log && has_log.value() == 1) {
    auto log = db.value()->prepare("SELECT first_seq, last_seq FROM changes ORDER BY first_seq");
    REQUIRE(log);
    std::vector<std::pair<int64_t, int64_t>> ranges;
    REQUIRE(log->for_each_row([&](Statement& r) { ranges.emplace_back(r.column_int(0), r.column_int(1)); }));
    int64_t expect = 1;
    for (const auto& [first, last] : ranges) {
      if (first != expect) b.problems.push_back("change log jumps to " + std::to_string(first) + " after " + std::to_string(expect - 1));
      expect = last + 1;
    }
    if (expect - 1 != b.max_seq)
      b.problems.push_back("change log ends at " + std::to_string(expect - 1) + ", records at " + std::to_string(b.max_seq));
  }
  return b;
}

struct Writers {
  std::atomic<bool> stop{false};
  std::atomic<int64_t> syncs{0};
  std::vector<std::thread> threads;
  void start(std::vector<std::unique_ptr<Device>>& devices, WriteOracle& oracle) {
    for (size_t i = 0; i < devices.size(); ++i) {
      threads.emplace_back([&, i] {
        Device& d = *devices[i];
        std::vector<std::string> mine;
        int n = 0;
        while (!stop) {
          d.clock.set(wall_ms());
          Result<RecordState> r = make_error("skipped", "");
          if (mine.empty() || n % 3 == 0) {
            r = d.replica->create("customer", {{"kind", "company"}, {"name", "Backup " + std::to_string(n)}});
            if (r) mine.push_back(r->id);
          } else {
            r = d.replica->update("customer", mine[n % mine.size()], {{"notes", "edit " + std::to_string(n)}});
          }
          ++n;
          if (r) oracle.note(d.replica->id(), r.value());
          if (d.sync()) ++syncs;
        }
      });
    }
  }
  void join() {
    stop = true;
    for (auto& t : threads) t.join();
  }
};

}  // namespace

TEST_CASE("crm-server backup copies a live database consistently and restore brings it back", "[fault][backup]") {
  test::TempDir dir;
  const std::string data = dir.path() + "/server";
  add_admin_user(data);
  auto server = std::make_unique<test::ServerProcess>(data);
  WriteOracle oracle;
  std::vector<std::unique_ptr<Device>> devices;
  for (int i = 0; i < 3; ++i) devices.push_back(std::make_unique<Device>(700 + i, server->url(), &oracle));
  // Enough data that a backup takes many steps of kPagesPerStep pages while writers commit.
  devices[0]->clock.set(wall_ms());
  for (int i = 0; i < 3000; ++i) {
    auto r = devices[0]->replica->create(
        "customer", {{"kind", "company"}, {"name", "Preload " + std::to_string(i)}, {"notes", std::string(300, 'x')}});
    REQUIRE(r);
    oracle.note(devices[0]->replica->id(), r.value());
  }
  REQUIRE(devices[0]->sync());
  Writers writers;
  writers.start(devices, oracle);

  constexpr int kBackups = 6;
  std::vector<std::string> files;
  int64_t previous_seq = -1;
  for (int i = 0; i < kBackups; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    const auto acked_before = oracle.acked();
    const std::string out = dir.path() + "/backup-" + std::to_string(i) + ".db";
    auto r = test::run_command({test::server_binary(), "backup", "--data", data, "--out", out});
    INFO(r.out << r.err);
    REQUIRE(r.exit_code == 0);
    CHECK(r.out.find("integrity ok") != std::string::npos);
    BackupContents b = read_backup(out);
    CHECK(b.integrity == "ok");
    for (const auto& p : b.problems) FAIL_CHECK(p);
    CHECK(b.max_seq > previous_seq);  // the server kept taking pushes meanwhile
    previous_seq = b.max_seq;
    // Everything the server acknowledged before the backup began is in it.
    int64_t missing = 0;
    for (const auto& [key, vv] : acked_before) {
      auto it = b.records.find(key);
      if (it == b.records.end() || it->second.vv.compare(vv) == Order::kDominated ||
          it->second.vv.compare(vv) == Order::kConcurrent)
        ++missing;
    }
    CHECK(missing == 0);
    std::printf("backup %d: %zu records, changes up to %lld, %zu acknowledged records checked; %s", i, b.records.size(),
                (long long)b.max_seq, acked_before.size(), r.out.c_str());
    files.push_back(out);
  }
  writers.join();
  CHECK(writers.syncs > 0);

  // Refused while the server runs on the folder; the server is unharmed.
  auto refused = test::run_command({test::server_binary(), "restore", "--data", data, "--from", files[0]});
  CHECK(refused.exit_code != 0);
  CHECK(refused.err.find("server_running") != std::string::npos);
  REQUIRE(devices[0]->sync());

  // Into a fresh folder: a fresh device pulls exactly what the backup held.
  const BackupContents last = read_backup(files.back());
  const std::string fresh = dir.path() + "/restored";
  auto restored = test::run_command({test::server_binary(), "restore", "--data", fresh, "--from", files.back()});
  INFO(restored.err);
  REQUIRE(restored.exit_code == 0);
  {
    test::ServerProcess second(fresh);
    WriteOracle unused;
    Device newcomer(900, second.url(), &unused);
    REQUIRE(newcomer.sync());
    NativeHttpTransport t(second.url());
    auto pulled = pull_all(t, newcomer.token, 0);
    REQUIRE(pulled);
    CHECK(pulled->records.size() == last.records.size());
    int64_t differing = 0;
    for (const auto& [key, state] : last.records) {
      auto local = newcomer.replica->store().get(state.entity, state.id);
      if (!local || !local.value() || canonical(*local.value()) != canonical(state)) ++differing;
    }
    CHECK(differing == 0);
    std::printf("restore: a fresh device pulled %zu records from the restored server, %lld differ from the backup\n",
                pulled->records.size(), (long long)differing);
  }

  // Over a crashed folder (its write-ahead log still holds newer commits): exactly the backup.
  server->crash();
  const BackupContents first = read_backup(files[0]);
  auto over = test::run_command({test::server_binary(), "restore", "--data", data, "--from", files[0]});
  INFO(over.err);
  REQUIRE(over.exit_code == 0);
  CHECK_FALSE(fs::exists(data + "/crm.db-wal"));
  server = std::make_unique<test::ServerProcess>(data);
  NativeHttpTransport t(server->url());
  auto back = pull_all(t, devices[0]->token, 0);
  REQUIRE(back);
  CHECK(back->records.size() == first.records.size());
  CHECK(back->latest_cursor == first.max_seq);
  // Every write in every backup was made by a device: nothing invented or torn.
  for (const auto& file : files)
    for (const auto& p : oracle.foreign(read_backup(file).records)) FAIL_CHECK(p);
}
