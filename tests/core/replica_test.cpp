#include <catch2/catch.hpp>
#include <filesystem>
#include <unistd.h>

#include "replica/replica.h"
#include "test_replica.h"

using namespace crm;

namespace {
struct Device : TestReplica {
  explicit Device(uint64_t seed) : TestReplica(seed) {}
};
}  // namespace

TEST_CASE("Creating a customer validates it, stores it and queues it for sync", "[core][replica]") {
  Device d(1);
  auto bad = d.replica->create("customer", {{"kind", "company"}, {"email", "x"}});
  REQUIRE_FALSE(bad.ok());
  CHECK(bad.error().field == "name");
  CHECK(d.replica->store().count("customer").value() == 0);

  auto ok = d.replica->create("customer", {{"kind", "company"}, {"name", "Acme"}});
  REQUIRE(ok.ok());
  CHECK(ok->vv.get(d.replica->id()) == 1);
  CHECK(d.replica->store().outbox_size().value() == 1);
  auto stored = d.replica->store().get("customer", ok->id);
  REQUIRE(stored.value().has_value());
  CHECK(*stored.value() == ok.value());
}

TEST_CASE("An edit bumps the version only for real changes", "[core][replica]") {
  Device d(2);
  auto c = d.replica->create("customer", {{"kind", "company"}, {"name", "Acme"}});
  REQUIRE(c.ok());
  auto same = d.replica->update("customer", c->id, {{"name", "Acme"}});
  REQUIRE(same.ok());
  CHECK(same->vv == c->vv);
  auto changed = d.replica->update("customer", c->id, {{"city", "Berlin"}});
  REQUIRE(changed.ok());
  CHECK(changed->vv.get(d.replica->id()) == 2);
  CHECK(changed->value("name") == "Acme");
  auto invalid = d.replica->update("customer", c->id, {{"phone", "abc"}});
  CHECK(invalid.error().code == "invalid_phone");
  auto cleared = d.replica->update("customer", c->id, {{"name", nullptr}});
  CHECK(cleared.error().code == "required");
}

TEST_CASE("A deleted record is hidden and cannot be edited", "[core][replica]") {
  Device d(3);
  auto c = d.replica->create("customer", {{"kind", "individual"}, {"name", "Wang Fang"}});
  REQUIRE(c.ok());
  REQUIRE(d.replica->remove("customer", c->id).ok());
  CHECK(d.replica->store().count("customer").value() == 0);
  CHECK(d.replica->update("customer", c->id, {{"city", "X"}}).error().code == "not_found");
  CHECK(d.replica->remove("customer", c->id).error().code == "not_found");
}

TEST_CASE("The replica id and clock survive reopening the store", "[core][replica]") {
  auto path = std::filesystem::temp_directory_path() / ("crm_replica_test_" + std::to_string(::getpid()) + ".db");
  std::filesystem::remove(path);
  ManualClock clock(1700000000000);
  SeededRandom rnd(4);
  std::string id;
  HlcStamp written;
  {
    auto r = Replica::open(path.string(), clock, rnd);
    REQUIRE(r.ok());
    id = r.value()->id();
    auto c = r.value()->create("customer", {{"kind", "company"}, {"name", "A"}});
    REQUIRE(c.ok());
    written = c->max_hlc();
  }
  clock.set(1700000000000 - 3600 * 1000);  // the device clock jumped back an hour (within the HLC's bound)
  {
    auto r = Replica::open(path.string(), clock, rnd);
    REQUIRE(r.ok());
    CHECK(r.value()->id() == id);
    auto c = r.value()->create("customer", {{"kind", "company"}, {"name", "B"}});
    REQUIRE(c.ok());
    CHECK(c->max_hlc() > written);
  }
  std::filesystem::remove(path);
  std::filesystem::remove(path.string() + "-wal");
  std::filesystem::remove(path.string() + "-shm");
}

TEST_CASE("Resolving a delete conflict can keep or delete the record", "[core][replica]") {
  Device a(5), b(6);
  auto c = a.replica->create("customer", {{"kind", "company"}, {"name", "Acme"}});
  REQUIRE(c.ok());
  REQUIRE(b.replica->apply_remote(c.value()).ok());
  auto deleted = a.replica->remove("customer", c->id);
  auto edited = b.replica->update("customer", c->id, {{"notes", "keep me"}});
  REQUIRE(deleted.ok());
  REQUIRE(edited.ok());
  REQUIRE(a.replica->apply_remote(edited.value()).ok());
  auto conflicts = a.replica->store().conflicts();
  REQUIRE(conflicts->size() == 1);
  CHECK(conflicts->front().kind == ConflictKind::kDeleteVsEdit);
  CHECK(a.replica->store().count("customer").value() == 1);

  auto kept = a.replica->resolve("customer", c->id, kDeletedField, false);
  REQUIRE(kept.ok());
  CHECK_FALSE(kept->deleted());
  CHECK(a.replica->store().conflicts()->empty());
  auto gone = a.replica->resolve("customer", c->id, kDeletedField, true);
  REQUIRE(gone.ok());
  CHECK(gone->deleted());
}
