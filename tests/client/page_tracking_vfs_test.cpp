// The browser's persistence: replaying the chunks the tracking VFS reports rebuilds the database
// file exactly, after every commit, and one edit costs a few chunks whatever the database size.
// Runs natively over real files and in WebAssembly over MEMFS (as in the browser).
#include <catch2/catch.hpp>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "core/clock.h"
#include "persist/page_tracking_vfs.h"
#include "replica/replica.h"
#include "store/sqlite_db.h"

using namespace crm;

namespace {

// What IndexedDB would hold: chunk index -> bytes, plus the file size.
struct ChunkStore final : CommitSink {
  std::map<int64_t, std::string> chunks;
  int64_t size = 0;
  int commits = 0;
  int64_t last_bytes = 0;
  void on_commit(const FileCommit& c) override {
    ++commits;
    last_bytes = 0;
    for (const auto& w : c.chunks) {
      chunks[w.index] = w.bytes;
      last_bytes += static_cast<int64_t>(w.bytes.size());
    }
    size = c.size;
    chunks.erase(chunks.lower_bound((size + kPersistChunkSize - 1) / kPersistChunkSize), chunks.end());
  }
  std::string image() const {
    std::string out(static_cast<size_t>(size), '\0');
    for (const auto& [i, b] : chunks) out.replace(static_cast<size_t>(i * kPersistChunkSize), b.size(), b);
    return out;
  }
};

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

std::string temp_db_path() {
  static int n = 0;
  const auto stamp = std::chrono::steady_clock::now().time_since_epoch().count();
  auto dir = std::filesystem::temp_directory_path() / ("crm-vfs-" + std::to_string(stamp) + "-" + std::to_string(++n));
  std::filesystem::create_directories(dir);
  return (dir / "local.db").string();
}

OpenOptions tracked_options() {
  OpenOptions o;
  o.wal = false;
  o.memory_journal = true;
  o.vfs = "crm-tracking-test";
  return o;
}

}  // namespace

TEST_CASE("Replaying reported chunks rebuilds the database after every commit", "[persist]") {
  ChunkStore store;
  REQUIRE(register_page_tracking_vfs("crm-tracking-test", &store));
  const std::string path = temp_db_path();
  ManualClock clock;
  SeededRandom random(7);
  {
    auto replica = Replica::open(path, clock, random, tracked_options());
    REQUIRE(replica);
    CHECK(store.image() == read_file(path));
    std::vector<std::string> ids;
    for (int i = 0; i < 300; ++i) {
      auto c = (*replica)->create("customer", {{"kind", "company"}, {"name", "客户 " + std::to_string(i)},
                                               {"notes", std::string(static_cast<size_t>(i % 7) * 300, 'x')}});
      REQUIRE(c);
      ids.push_back(c->id);
      if (i % 50 == 0) CHECK(store.image() == read_file(path));
    }
    CHECK(store.image() == read_file(path));
    // A transaction that fails rolls back: the stored image still matches the file.
    {
      auto tx = Transaction::begin((*replica)->store().db());
      REQUIRE(tx);
      REQUIRE((*replica)->store().db().exec("DELETE FROM records"));
    }
    CHECK(store.image() == read_file(path));
    CHECK((*replica)->store().count("customer").value() == 300);
    // Shrinking the file drops chunks past its end.
    for (size_t i = 0; i < 250; ++i) REQUIRE((*replica)->remove("customer", ids[i]));
    REQUIRE((*replica)->store().db().exec("DELETE FROM outbox; DELETE FROM records WHERE deleted = 1; VACUUM"));
    CHECK(store.image() == read_file(path));
  }
  CHECK(store.image() == read_file(path));
  // The rebuilt image opens as the same database.
  const std::string copy = path + ".replayed";
  std::ofstream(copy, std::ios::binary) << store.image();
  auto reopened = Replica::open(copy, clock, random, tracked_options());
  REQUIRE(reopened);
  CHECK((*reopened)->store().count("customer").value() == 50);
}

TEST_CASE("Saving one edit writes kilobytes, not the database", "[persist]") {
  ChunkStore store;
  REQUIRE(register_page_tracking_vfs("crm-tracking-test", &store));
  ManualClock clock;
  SeededRandom random(8);
  auto replica = Replica::open(temp_db_path(), clock, random, tracked_options());
  REQUIRE(replica);
  std::string last;
  {
    for (int i = 0; i < 5000; ++i) {
      auto c = (*replica)->create("customer", {{"kind", "company"}, {"name", "Customer " + std::to_string(i)},
                                               {"city", "Shanghai"}, {"phone", "+86 21 5555 " + std::to_string(1000 + i % 9000)}});
      REQUIRE(c);
      last = c->id;
    }
  }
  const int64_t db_size = store.size;
  REQUIRE(db_size > 2 * 1024 * 1024);
  const int before = store.commits;
  REQUIRE((*replica)->update("customer", last, {{"city", "Hangzhou"}}));
  CHECK(store.commits == before + 1);
  INFO("database " << db_size << " bytes, one edit wrote " << store.last_bytes << " bytes");
  CHECK(store.last_bytes > 0);
  CHECK(store.last_bytes <= 16 * kPersistChunkSize);
}
