#include <catch2/catch.hpp>

#include "crdt/merge.h"
#include "test_records.h"

using namespace crm;
using test::edit;

TEST_CASE("A state that has seen the other one wins whole", "[core][merge]") {
  RecordState base = test::customer();
  RecordState newer = base;
  edit(newer, "devA", 2000, {{"name", "Acme Ltd"}});
  CHECK(merge(base, newer) == newer);
  CHECK(merge(newer, base) == newer);
  CHECK(merge(newer, newer) == newer);
}

TEST_CASE("Concurrent edits of different fields both survive without conflict", "[core][merge]") {
  RecordState a = test::customer(), b = a;
  edit(a, "devA", 2000, {{"city", "Berlin"}});
  edit(b, "devB", 1500, {{"phone", "+49 30 123456"}});
  RecordState m = merge(a, b);
  CHECK(m.value("city") == "Berlin");
  CHECK(m.value("phone") == "+49 30 123456");
  CHECK_FALSE(m.has_conflicts());
  CHECK(m.vv == VersionVector({{"base", 1}, {"devA", 1}, {"devB", 1}}));
}

TEST_CASE("Concurrent edits of one field: newest HLC wins and the loser is kept", "[core][merge]") {
  RecordState a = test::customer(), b = a;
  edit(a, "devA", 2000, {{"city", "Berlin"}});
  edit(b, "devB", 3000, {{"city", "Paris"}});
  RecordState m1 = merge(a, b), m2 = merge(b, a);
  CHECK(m1 == m2);
  CHECK(m1.value("city") == "Paris");
  auto conflicts = conflicts_of(m1);
  REQUIRE(conflicts.size() == 1);
  CHECK(conflicts[0].field == "city");
  CHECK(conflicts[0].lost.value == "Berlin");
  CHECK(conflicts[0].winner.value == "Paris");
}

TEST_CASE("Equal HLC stamps are broken by replica id, the same way everywhere", "[core][merge]") {
  RecordState a = test::customer(), b = a;
  edit(a, "devA", 2000, {{"city", "Berlin"}});
  edit(b, "devB", 2000, {{"city", "Paris"}});
  CHECK(merge(a, b).value("city") == "Paris");
  CHECK(merge(b, a).value("city") == "Paris");
}

TEST_CASE("An older write that saw the other one still wins: causality beats clocks", "[core][merge]") {
  RecordState a = test::customer();
  edit(a, "devA", 5000, {{"city", "Berlin"}});
  RecordState b = a;                           // devB pulled devA's edit
  edit(b, "devB", 1000, {{"city", "Paris"}});  // devB's clock is behind, but it saw Berlin
  CHECK(merge(a, b).value("city") == "Paris");
  CHECK_FALSE(merge(a, b).has_conflicts());
}

TEST_CASE("Resolving a conflict is a new write that dominates both values", "[core][merge]") {
  RecordState a = test::customer(), b = a;
  edit(a, "devA", 2000, {{"city", "Berlin"}});
  edit(b, "devB", 3000, {{"city", "Paris"}});
  RecordState m = merge(a, b);
  RecordState resolved = m;
  edit(resolved, "devA", 4000, {{"city", "Berlin"}});
  CHECK_FALSE(resolved.has_conflicts());
  // Another replica still holding the conflict converges to the resolution.
  CHECK(merge(m, resolved) == resolved);
  CHECK(merge(resolved, merge(a, b)) == resolved);
  CHECK(merge(b, resolved).value("city") == "Berlin");
}

TEST_CASE("A delete concurrent with an edit keeps the record and records the delete", "[core][merge]") {
  RecordState a = test::customer(), b = a;
  edit(a, "devA", 2000, {{kDeletedField, Json{{"seen", Json{{"base", 1}}}}}});
  REQUIRE(a.deleted());
  edit(b, "devB", 1500, {{"notes", "visited today, wants a quote"}});
  RecordState m = merge(a, b);
  CHECK_FALSE(m.deleted());
  CHECK(m.value("notes") == "visited today, wants a quote");
  auto conflicts = conflicts_of(m);
  REQUIRE(conflicts.size() == 1);
  CHECK(conflicts[0].kind == ConflictKind::kDeleteVsEdit);
  CHECK(merge(b, a) == m);
}

TEST_CASE("A delete that saw every edit deletes the record everywhere", "[core][merge]") {
  RecordState a = test::customer();
  edit(a, "devB", 1500, {{"notes", "n"}});
  RecordState b = a;
  edit(b, "devA", 2000, {{kDeletedField, Json{{"seen", Json{{"base", 1}, {"devB", 1}}}}}});
  CHECK(merge(a, b).deleted());
  CHECK(merge(b, a).deleted());
  CHECK_FALSE(merge(a, b).has_conflicts());
}

namespace {
Json tombstone(std::initializer_list<std::pair<const std::string, uint64_t>> seen) {
  Json s = Json::object();
  for (const auto& [k, v] : seen) s[k] = v;
  return Json{{"seen", s}};
}
}  // namespace

TEST_CASE("Two concurrent deletes delete the record, with no conflict", "[core][merge][delete]") {
  RecordState a = test::customer(), b = a;
  edit(a, "devA", 2000, {{kDeletedField, tombstone({{"base", 1}})}});
  edit(b, "devB", 2100, {{kDeletedField, tombstone({{"base", 1}})}});
  RecordState m = merge(a, b);
  CHECK(m.deleted());
  CHECK_FALSE(m.has_conflicts());
  CHECK(conflicts_of(m).empty());
  CHECK(merge(b, a) == m);
}

TEST_CASE("Two devices that each edit then delete: the deletes together saw every edit, so it is deleted",
          "[core][merge][delete]") {
  RecordState a = test::customer(), b = a;
  edit(a, "devA", 2000, {{"city", "Berlin"}});
  edit(a, "devA", 2001, {{kDeletedField, tombstone({{"base", 1}, {"devA", 1}})}});
  edit(b, "devB", 2000, {{"city", "Paris"}});
  edit(b, "devB", 2002, {{kDeletedField, tombstone({{"base", 1}, {"devB", 1}})}});
  RecordState m = merge(a, b);
  CHECK(m.deleted());
  CHECK_FALSE(m.has_conflicts());
  CHECK(conflicts_of(m).empty());  // not a concurrent_write on city nor on _deleted
  CHECK(merge(b, a) == m);
}

TEST_CASE("Two deletes and an edit neither saw: the record stays, with one delete_vs_edit conflict",
          "[core][merge][delete]") {
  RecordState a = test::customer(), b = a, c = a;
  edit(a, "devA", 2000, {{kDeletedField, tombstone({{"base", 1}})}});
  edit(b, "devB", 2000, {{kDeletedField, tombstone({{"base", 1}})}});
  edit(c, "devC", 1500, {{"notes", "wants a quote"}});
  RecordState m = merge(merge(a, b), c);
  CHECK_FALSE(m.deleted());
  auto conflicts = conflicts_of(m);
  REQUIRE(conflicts.size() == 1);
  CHECK(conflicts[0].kind == ConflictKind::kDeleteVsEdit);
  CHECK(m.has_conflicts());
  // Deleting again after seeing the edit resolves it for everyone.
  RecordState again = m;
  edit(again, "devC", 3000, {{kDeletedField, Json{{"seen", Json{{"base", 1}, {"devA", 1}, {"devB", 1}, {"devC", 1}}}}}});
  CHECK(again.deleted());
  CHECK(merge(m, again) == again);
}

TEST_CASE("A restore concurrent with a delete keeps the record and shows the delete as a conflict",
          "[core][merge][delete]") {
  RecordState base = test::customer();
  edit(base, "devA", 1500, {{kDeletedField, tombstone({{"base", 1}})}});
  REQUIRE(base.deleted());
  RecordState a = base, b = base;
  edit(a, "devA", 2000, {{kDeletedField, Json()}});                                  // restore
  edit(b, "devB", 2500, {{kDeletedField, tombstone({{"base", 1}, {"devA", 1}})}});  // delete again
  RecordState m = merge(a, b);
  CHECK_FALSE(m.deleted());
  auto conflicts = conflicts_of(m);
  REQUIRE(conflicts.size() == 1);
  CHECK(conflicts[0].kind == ConflictKind::kDeleteVsEdit);
}
