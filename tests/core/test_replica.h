// A device's replica for tests: a manual clock, a seeded random source and a replica opened on
// them (in memory unless a path is given). Tests derive their Device from it and add what they
// watch (views, a directory, an actor).
#pragma once

#include <catch2/catch.hpp>
#include <memory>
#include <string>

#include "core/clock.h"
#include "replica/replica.h"

namespace crm {

struct TestReplica {
  ManualClock clock{1700000000000};
  SeededRandom random;
  std::unique_ptr<Replica> replica;

  explicit TestReplica(uint64_t seed, const std::string& path = ":memory:") : random(seed) {
    auto r = Replica::open(path, clock, random);
    REQUIRE(r.ok());
    replica = std::move(r.value());
  }
};

}  // namespace crm
