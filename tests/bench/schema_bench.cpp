// Schema platform costs (run by scripts/bench.sh, not a test), each against a reference measured
// in the same run: encoding the same record as the store and the wire do (record_text).
//   - deriving a record's scope when the server stores it (access/record_scope.h), for an owned
//     customer, an inherited contact (one lookup) and an attachment of a contact (polymorphic);
//   - rebuilding the registry's schemas from a configuration of custom fields and picklist values
//     (model/configuration.h), as a device does after a pull that brought some and the server
//     after a push that stored some.
#include <chrono>
#include <cstdio>
#include <map>

#include "access/record_scope.h"
#include "core/uuid.h"
#include "crdt/merge.h"
#include "crdt/record_codec.h"
#include "model/configuration.h"

using namespace crm;
using namespace crm::server;
using Clock_ = std::chrono::steady_clock;

namespace {

template <typename F>
double ns_per(int n, F&& f) {
  auto t0 = Clock_::now();
  for (int i = 0; i < n; ++i) f(i);
  return std::chrono::duration<double, std::nano>(Clock_::now() - t0).count() / n;
}

RecordState record(const std::string& entity, const std::string& id, const FieldValues& values) {
  RecordState s{entity, id, {}, {}};
  apply_local_write(s, "dbench0000000001", HlcStamp{1763000000000, 0}, values);
  s.normalize();
  return s;
}

volatile size_t sink = 0;

}  // namespace

int main(int argc, char** argv) {
  const int n = argc > 1 ? std::atoi(argv[1]) : 200000;
  SeededRandom rnd(11);
  const Org org({{1, "alice", "sales", 0}, {2, "bob", "sales", 0}}, {});
  const std::string cust_id = make_uuid_v7(1763000000000, rnd), contact_id = make_uuid_v7(1763000000001, rnd);
  const RecordState customer = record("customer", cust_id,
                                      {{"kind", "company"}, {"name", "Acme"}, {"owner", "alice"}, {"city", "Berlin"},
                                       {"phone", "+49 30 1234567"}, {"grade", "A"}});
  const RecordState contact = record("contact", contact_id, {{"customer_id", cust_id}, {"name", "Li Na"}});
  const RecordState attachment = record(
      "attachment", make_uuid_v7(1763000000002, rnd),
      {{"record_entity", "contact"}, {"record_id", contact_id},
       {"sha256", "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"}, {"mime", "image/jpeg"},
       {"size", 1024}});
  // The server's lookup reads the stored scope by key; a map stands in for its prepared statement.
  std::map<RecordKey, RecordScope> held = {
      {RecordKey{"customer", cust_id}, RecordScope{AccessKind::kOwned, 1, {"customer", cust_id}, {}}},
      {RecordKey{"contact", contact_id},
       RecordScope{AccessKind::kOwned, 1, {"customer", cust_id}, {"customer", cust_id}}}};
  const ScopeLookup lookup = [&](const RecordKey& k) -> Result<std::optional<RecordScope>> {
    auto it = held.find(k);
    return it == held.end() ? std::optional<RecordScope>() : std::optional<RecordScope>(it->second);
  };

  const double encode = ns_per(n, [&](int) { sink = sink + fields_text(customer).size(); });
  auto scope_cost = [&](const RecordState& r) {
    return ns_per(n, [&](int) { sink = sink + derive_scope(r, org, lookup, 2, std::nullopt)->owner_id; });
  };
  const double owned = scope_cost(customer), inherited = scope_cost(contact), poly = scope_cost(attachment);

  // An organisation's configuration: 40 custom fields over customers and contacts, 10 picklists
  // of 20 values.
  std::vector<ConfigRecord> records;
  int next = 0;
  auto id = [&] { return make_uuid_v7(1763000000000 + ++next, rnd); };
  for (int i = 0; i < 40; ++i)
    records.push_back(ConfigRecord{kCustomFieldEntity, id(),
                                   {{"entity", i % 2 ? "customer" : "contact"},
                                    {"name", "cf_field_" + std::to_string(i)},
                                    {"type", i % 4 ? "text" : "choice"},
                                    {"label", "Field " + std::to_string(i)},
                                    {"picklist", "list_" + std::to_string(i % 10)}}});
  for (int l = 0; l < 10; ++l)
    for (int v = 0; v < 20; ++v)
      records.push_back(ConfigRecord{kPicklistValueEntity, id(),
                                     {{"picklist", "list_" + std::to_string(l)}, {"value", "v" + std::to_string(v)},
                                      {"position", v}}});
  const Configuration config = make_configuration(records);
  const std::deque<EntitySchema> base = base_schemas();
  const int rebuilds = std::max(1, n / 1000);
  const double rebuild = ns_per(rebuilds, [&](int) { sink = sink + configured_schemas(base, config).size(); });

  std::printf("schema benchmark: %d records, %d rebuilds (reference: encoding one customer, %.0f ns)\n", n, rebuilds,
              encode);
  std::printf("  scope derivation, owned customer         %8.0f ns  ratio %.2f\n", owned, owned / encode);
  std::printf("  scope derivation, inherited contact      %8.0f ns  ratio %.2f\n", inherited, inherited / encode);
  std::printf("  scope derivation, attachment (polymorphic) %6.0f ns  ratio %.2f\n", poly, poly / encode);
  std::printf("  schema rebuild, 40 custom fields, 200 picklist values  %8.1f us  (%.0f record encodings)\n",
              rebuild / 1000, rebuild / encode);
  return 0;
}
