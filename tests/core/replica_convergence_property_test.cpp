#include <catch2/catch.hpp>
#include <rapidcheck/catch.h>

#include "replica/replica.h"
#include "crdt/merge.h"
#include "crdt/record_codec.h"

using namespace crm;

// Devices with real (in-memory SQLite) stores edit a small set of customers and exchange states
// through a hub that merges like the server does; they must end with identical stores.
TEST_CASE("Device replicas with stores converge through a hub in any order", "[core][replica][property]") {
  rc::prop("random edits, deletes and sync orders", [] {
    const int n = *rc::gen::inRange(2, 5);
    std::vector<std::unique_ptr<ManualClock>> clocks;
    std::vector<std::unique_ptr<SeededRandom>> randoms;
    std::vector<std::unique_ptr<Replica>> devices;
    for (int i = 0; i < n; ++i) {
      clocks.push_back(std::make_unique<ManualClock>(1700000000000 + *rc::gen::inRange(0, 50)));
      randoms.push_back(std::make_unique<SeededRandom>(i + 1));
      auto r = Replica::open(":memory:", *clocks.back(), *randoms.back());
      RC_ASSERT(r.ok());
      devices.push_back(std::move(r.value()));
    }
    std::map<std::string, RecordState> hub;
    auto sync = [&](Replica& d) {
      auto out = d.store().outbox(1000);
      RC_ASSERT(out.ok());
      for (const auto& raw : out.value()) {
        const RecordState s = decode_raw(raw).value();
        auto key = s.entity + "/" + s.id;
        hub[key] = hub.count(key) ? merge(hub[key], s) : s;
        RC_ASSERT(d.store().acknowledge(s.entity, s.id, hub[key].vv).ok());
      }
      for (const auto& [key, s] : hub) RC_ASSERT(d.apply_remote(s).ok());
      RC_ASSERT(d.save_clock().ok());
    };
    std::vector<std::string> ids;
    const int steps = *rc::gen::inRange(1, 40);
    for (int step = 0; step < steps; ++step) {
      const int i = *rc::gen::inRange(0, n);
      Replica& d = *devices[i];
      clocks[i]->advance(*rc::gen::inRange(0, 3));
      const int op = *rc::gen::inRange(0, 10);
      if (op < 2 || ids.empty()) {
        auto c = d.create("customer", {{"kind", "company"}, {"name", "c" + std::to_string(step)}});
        RC_ASSERT(c.ok());
        ids.push_back(c->id);
      } else if (op < 6) {
        const auto& id = ids[*rc::gen::inRange<size_t>(0, ids.size())];
        (void)d.update("customer", id, {{"city", "city" + std::to_string(*rc::gen::inRange(0, 5))}});
      } else if (op == 6) {
        (void)d.remove("customer", ids[*rc::gen::inRange<size_t>(0, ids.size())]);
      } else {
        sync(d);
      }
    }
    for (int round = 0; round < 2; ++round)
      for (auto& d : devices) sync(*d);
    auto dump = [](Replica& d) {
      auto all = d.store().list("customer", ListOptions{.include_deleted = true});
      RC_ASSERT(all.ok());
      Json j = Json::array();
      for (const auto& s : all.value()) j.push_back(encode_record(s));
      return j.dump() + std::to_string(d.store().conflicts()->size());
    };
    const std::string first = dump(*devices[0]);
    for (int i = 1; i < n; ++i) RC_ASSERT(dump(*devices[i]) == first);
    for (auto& d : devices) RC_ASSERT(d->store().outbox_size().value() == 0);
  });
}
