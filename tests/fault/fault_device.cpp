#include "fault_device.h"

#include <stdexcept>

#include "net/native_http_transport.h"

namespace crm::fault {

Device::Device(uint64_t identity_seed, const std::string& url, WriteOracle* oracle_in, const std::string& path)
    : random(identity_seed), oracle(oracle_in) {
  auto r = Replica::open(path, clock, random);
  if (!r) throw std::runtime_error("cannot open replica: " + r.error().message);
  replica = std::move(r.value());
  transport = std::make_unique<AckingTransport>(std::make_unique<NativeHttpTransport>(url),
                                                [this](const RecordKeyText& key, const VersionVector& vv) {
                                                  if (oracle) oracle->ack(key, vv);
                                                });
  // Sign-in may meet faults too: retry until it goes through.
  for (int attempt = 0; attempt < 50 && token.empty(); ++attempt) {
    auto t = sign_in(*transport, replica->id());
    if (t) token = t.value();
  }
  if (token.empty()) throw std::runtime_error("cannot sign in device " + replica->id());
}

Result<SyncStats> Device::sync(bool pull) {
  SyncOptions opts;
  opts.pull = pull;
  return sync_once(*replica, *transport, token, opts);
}

}  // namespace crm::fault
