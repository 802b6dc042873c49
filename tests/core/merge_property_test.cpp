#include <catch2/catch.hpp>
#include <rapidcheck/catch.h>

#include "merge_simulation.h"

using namespace crm;

TEST_CASE("Merge is commutative, associative and idempotent", "[core][merge][property]") {
  rc::prop("over states reached by random histories", [] {
    const int n = *rc::gen::inRange(2, 5);
    auto sim = test::simulate(n, *rc::gen::inRange(1, 40));
    const auto& a = sim.replicas[*rc::gen::inRange(0, n)];
    const auto& b = sim.replicas[*rc::gen::inRange(0, n)];
    const auto& c = sim.replicas[*rc::gen::inRange(0, n)];
    RC_ASSERT(merge(a, b) == merge(b, a));
    RC_ASSERT(merge(merge(a, b), c) == merge(a, merge(b, c)));
    RC_ASSERT(merge(a, a) == a);
    RC_ASSERT(merge(merge(a, b), b) == merge(a, b));
    // Visible outcome agrees too (winner and deletion are functions of the state).
    RC_ASSERT(merge(a, b).deleted() == merge(b, a).deleted());
  });
}

TEST_CASE("Replicas that exchange everything in any order end identical", "[core][merge][property]") {
  rc::prop("random edits, random merge orders", [] {
    const int n = *rc::gen::inRange(2, 6);
    auto sim = test::simulate(n, *rc::gen::inRange(1, 60));
    // Gossip in a random order until every replica has merged every other one at least once
    // after the last edit: two full random rounds suffice for merges of full states.
    std::vector<int> order(n);
    for (int round = 0; round < 2; ++round) {
      for (int k = 0; k < n; ++k) order[k] = k;
      for (int k = n - 1; k > 0; --k) std::swap(order[k], order[*rc::gen::inRange(0, k + 1)]);
      for (int i : order)
        for (int j : order) sim.replicas[i] = merge(sim.replicas[i], sim.replicas[j]);
    }
    for (int i = 1; i < n; ++i) RC_ASSERT(sim.replicas[i] == sim.replicas[0]);
  });
}

TEST_CASE("No write is silently lost: each is kept, in conflict, or knowingly overwritten",
          "[core][merge][property]") {
  rc::prop("every logged write", [] {
    const int n = *rc::gen::inRange(2, 5);
    auto sim = test::simulate(n, *rc::gen::inRange(1, 50));
    RecordState all = sim.replicas[0];
    for (const auto& r : sim.replicas) all = merge(all, r);
    for (const auto& w : sim.writes) {
      auto it = all.fields.find(w.field);
      RC_ASSERT(it != all.fields.end());
      bool kept = false, overwritten_knowingly = false;
      for (const auto& held : it->second) {
        if (held.dot == w.dot) kept = true;
      }
      if (!kept) {
        // Some later write to the field, made by a replica that had seen w, replaced it.
        for (const auto& other : sim.writes)
          if (other.field == w.field && other.seen_before.covers(w.dot)) overwritten_knowingly = true;
      }
      RC_ASSERT(kept || overwritten_knowingly);
    }
    // Every surviving loser of a field race that holds another value than the winner is in the
    // conflict list (equal values agree), unless the record is deleted (its deletes saw every
    // value); concurrent deletes and restores are one delete_vs_edit.
    size_t losers = 0;
    for (const auto& [name, writes] : all.fields)
      if (name != kDeletedField)
        for (size_t i = 1; i < writes.size(); ++i) losers += writes[i].value != writes[0].value;
    size_t listed = 0, delete_conflicts = 0;
    for (const auto& c : conflicts_of(all))
      (c.kind == ConflictKind::kConcurrentWrite ? listed : delete_conflicts) += 1;
    if (all.deleted()) {
      RC_ASSERT(listed + delete_conflicts == 0u);
    } else {
      RC_ASSERT(listed == losers);
      RC_ASSERT(delete_conflicts == (all.has_tombstone() ? 1u : 0u));
    }
  });
}
