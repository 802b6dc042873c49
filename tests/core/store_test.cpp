#include <catch2/catch.hpp>
#include <cstdio>
#include <filesystem>
#include <unistd.h>

#include "store/migrations.h"
#include "store/record_store.h"
#include "test_records.h"

using namespace crm;

namespace {
std::unique_ptr<RecordStore> open_memory() {
  auto s = RecordStore::open(":memory:");
  REQUIRE(s.ok());
  return std::move(s.value());
}
}  // namespace

TEST_CASE("A new store is migrated to the latest schema, and reopening is a no-op", "[core][store]") {
  auto path = std::filesystem::temp_directory_path() / ("crm_store_test_" + std::to_string(::getpid()) + ".db");
  std::filesystem::remove(path);
  {
    auto s = RecordStore::open(path.string());
    REQUIRE(s.ok());
    CHECK(schema_version(s.value()->db(), "records").value() == record_store_migrations().back().version);
    REQUIRE(s.value()->put(test::customer()).ok());
  }
  {
    auto s = RecordStore::open(path.string());
    REQUIRE(s.ok());
    CHECK(s.value()->count("customer").value() == 1);
  }
  std::filesystem::remove(path);
  std::filesystem::remove(path.string() + "-wal");
  std::filesystem::remove(path.string() + "-shm");
}

TEST_CASE("Migrations run in order and a newer database is refused", "[core][store]") {
  auto db = Database::open(":memory:");
  REQUIRE(db.ok());
  std::vector<Migration> v1 = {{1, "CREATE TABLE t(a INTEGER);"}};
  std::vector<Migration> v2 = {{1, "CREATE TABLE t(a INTEGER);"}, {2, "ALTER TABLE t ADD COLUMN b TEXT;"}};
  REQUIRE(migrate(*db.value(), "demo", v1).ok());
  REQUIRE(migrate(*db.value(), "demo", v2).ok());
  CHECK(schema_version(*db.value(), "demo").value() == 2);
  REQUIRE(db.value()->exec("INSERT INTO t(a, b) VALUES(1, 'x')").ok());
  auto refused = migrate(*db.value(), "demo", v1);
  CHECK(refused.error().code == "schema_too_new");
}

TEST_CASE("A failing migration leaves the schema at its previous version", "[core][store]") {
  auto db = Database::open(":memory:");
  REQUIRE(db.ok());
  std::vector<Migration> bad = {{1, "CREATE TABLE t(a);"}, {2, "CREATE TABLE t(a);"}};
  CHECK_FALSE(migrate(*db.value(), "demo", bad).ok());
  CHECK(schema_version(*db.value(), "demo").value() == 1);
}

TEST_CASE("Stored records come back identical, with conflicts listed", "[core][store]") {
  auto store = open_memory();
  RecordState a = test::customer(), b = a;
  test::edit(a, "devA", 2000, {{"city", "Berlin"}});
  test::edit(b, "devB", 3000, {{"city", "Paris"}});
  RecordState m = merge(a, b);
  REQUIRE(store->put(m).ok());
  auto got = store->get("customer", test::kId);
  REQUIRE(got.ok());
  REQUIRE(got.value().has_value());
  CHECK(*got.value() == m);
  auto conflicts = store->conflicts();
  REQUIRE(conflicts.ok());
  REQUIRE(conflicts->size() == 1);
  CHECK(conflicts->front().lost_value == "Berlin");
  CHECK(conflicts->front().winner_value == "Paris");
  // A resolved state clears its conflict rows.
  test::edit(m, "devA", 4000, {{"city", "Rome"}});
  REQUIRE(store->put(m).ok());
  CHECK(store->conflicts()->empty());
}

TEST_CASE("Changes come back in sequence order after a cursor", "[core][store]") {
  auto store = open_memory();
  RecordState r = test::customer();
  for (int i = 1; i <= 5; ++i) {
    RecordState s = r;
    s.id = "0193f0a2-7c1e-7abc-8def-00000000000" + std::to_string(i);
    REQUIRE(store->put(s, PutOptions{.seq = i}).ok());
  }
  auto page = store->changes_since(2, 2);
  REQUIRE(page.ok());
  REQUIRE(page->size() == 2);
  CHECK(page->at(0).seq == 3);
  CHECK(page->at(1).seq == 4);
  CHECK(store->max_seq().value() == 5);
}

TEST_CASE("The outbox keeps a record until an acknowledgement covers its latest edit", "[core][store]") {
  auto store = open_memory();
  RecordState s = test::customer();
  REQUIRE(store->put(s, PutOptions{.mark_dirty = true}).ok());
  VersionVector acked = s.vv;
  test::edit(s, "base", 2000, {{"city", "Oslo"}});  // edited again while the push was in flight
  REQUIRE(store->put(s, PutOptions{.mark_dirty = true}).ok());
  REQUIRE(store->acknowledge("customer", test::kId, acked).ok());
  CHECK(store->outbox_size().value() == 1);
  REQUIRE(store->acknowledge("customer", test::kId, s.vv).ok());
  CHECK(store->outbox_size().value() == 0);
}
