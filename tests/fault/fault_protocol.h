// What the fault tests need to know of the sync protocol, kept in one place so a protocol change
// is adjusted here only: signing a device in, noticing which writes the server acknowledged, and
// reading the server's records (through the API, as an admin device, who sees everything).
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <string>

#include "core/result.h"
#include "crdt/record.h"
#include "sync/transport.h"

namespace crm::fault {

inline constexpr const char* kAdminUser = "faultadmin";
inline constexpr const char* kAdminPassword = "fault-test-password-42";

// Adds the admin user to a data folder (before the server starts). Throws on failure.
void add_admin_user(const std::string& data_dir);

// Signs `device_id` in as the admin user; returns the bearer token. Errors: whatever the server
// answered, or network_error.
Result<std::string> sign_in(Transport& transport, const std::string& device_id);

using RecordKeyText = std::string;  // "entity/id"
inline RecordKeyText key_of(const std::string& entity, const std::string& id) { return entity + "/" + id; }

// A transport that reports every push the server acknowledged: for each pushed record the server
// accepted (not rejected), on_ack(key, the server's version vector). An answer that does not parse
// (a truncated body) acknowledges nothing, as for the device itself.
class AckingTransport final : public Transport {
 public:
  using AckFn = std::function<void(const RecordKeyText&, const VersionVector&)>;
  AckingTransport(std::unique_ptr<Transport> inner, AckFn on_ack) : inner_(std::move(inner)), on_ack_(std::move(on_ack)) {}
  Result<HttpResponse> send(const HttpRequest& request) override;

 private:
  std::unique_ptr<Transport> inner_;
  AckFn on_ack_;
};

struct ServerRecords {
  std::map<RecordKeyText, RecordState> records;
  int64_t latest_cursor = 0;
  int64_t duplicates = 0;  // records sent more than once in one pass
};

// Every record the server changed after `cursor`, pulled page by page (no faults expected).
Result<ServerRecords> pull_all(Transport& transport, const std::string& token, int64_t cursor);

// The canonical text of a record state (what "identical" means between replicas and server).
std::string canonical(const RecordState& state);

}  // namespace crm::fault
