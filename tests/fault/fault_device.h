// A simulated device for the fault tests: a Replica in SQLite :memory: with a hand-set clock and a
// re-seedable random stream (so one schedule can be replayed alone), signed in as the admin user,
// syncing through whatever URL it is given (usually a FaultProxy).
#pragma once

#include <memory>
#include <random>
#include <string>

#include "core/clock.h"
#include "fault_oracle.h"
#include "fault_protocol.h"
#include "replica/replica.h"
#include "sync/sync_session.h"

namespace crm::fault {

class ReseedableRandom final : public Random {
 public:
  explicit ReseedableRandom(uint64_t seed) : gen_(seed) {}
  void seed(uint64_t s) { gen_.seed(s); }
  uint64_t next_u64() override { return gen_(); }

 private:
  std::mt19937_64 gen_;
};

struct Device {
  // `identity_seed` fixes the replica id; acknowledgements go to `oracle` (may be null).
  // Throws if the replica cannot be opened or signed in.
  Device(uint64_t identity_seed, const std::string& url, WriteOracle* oracle, const std::string& path = ":memory:");

  // One sync session through the device's transport. Errors: those of SyncSession.
  Result<SyncStats> sync(bool pull = true);

  ManualClock clock;
  ReseedableRandom random;
  std::unique_ptr<Replica> replica;
  std::string token;
  bool offline = false;
  WriteOracle* oracle;
  std::unique_ptr<Transport> transport;
};

}  // namespace crm::fault
