// A device of one user for sync tests through a real server (server_fixture.h): its own replica
// file, manual clock and token; sync() runs a whole sync session over HTTP and requires that
// nothing was refused; get() reads a record's visible values.
#pragma once

#include "net/native_http_transport.h"
#include "server_fixture.h"
#include "sync/sync_session.h"

namespace crm::test {

struct ReplicaDevice {
  ManualClock clock;
  SeededRandom random;
  std::unique_ptr<Replica> replica;
  std::string token;

  ReplicaDevice(LiveServer& s, const std::string& name, int64_t now_ms, uint64_t seed,
                const std::string& user = "alice", const std::string& role = kRoleSales)
      : clock(now_ms), random(seed) {
    auto r = Replica::open(s.dir.path() + "/" + name + ".db", clock, random);
    REQUIRE(r.ok());
    replica = std::move(r.value());
    replica->set_actor(Actor{user, role});
    token = s.token(replica->id(), user);
  }
  void sync(LiveServer& s) {
    NativeHttpTransport http(s.server->url());
    SyncSession session(*replica, token);
    while (auto req = session.next()) session.on_response(http.send(*req));
    INFO((session.failed() ? session.error().message : std::string()));
    REQUIRE_FALSE(session.failed());
    REQUIRE(session.stats().rejected == 0);
  }
  FieldValues get(const std::string& entity, const std::string& id) {
    auto st = replica->store().get(entity, id);
    REQUIRE(st.ok());
    REQUIRE(st.value());
    return Replica::visible_values(**st);
  }
  std::string create(const std::string& entity, const FieldValues& values) {
    auto r = replica->create(entity, values);
    INFO((r.ok() ? std::string() : r.error().code + ": " + r.error().message));
    REQUIRE(r.ok());
    return r->id;
  }
};

}  // namespace crm::test
