// Fault injection: a store whose Nth record write fails. A push that hits the fault must answer
// 503 storage_error and leave nothing of its batch behind, and the next push must work.
#include <catch2/catch.hpp>

#include "api/api_service.h"
#include "auth/credentials.h"
#include "core/uuid.h"
#include "forwarding_store.h"
#include "process.h"
#include "storage/sqlite_server_store.h"
#include "crdt/merge.h"
#include "sync/protocol.h"
#include "crdt/record_codec.h"

using namespace crm;
using namespace crm::server;

namespace {

// Delegates to a real store; the `fail_at`-th put (counted across transactions) fails.
class FailingStore final : public test::ForwardingStore {
 public:
  FailingStore(ServerStore& inner, int fail_at) : ForwardingStore(inner), fail_at_(fail_at) {}

  Status write(const ChangeAuthor& author, const std::function<Status(RecordTransaction&)>& fn) override {
    return inner_.write(author, [&](RecordTransaction& tx) {
      Faulty faulty(tx, *this);
      return fn(faulty);
    });
  }

  int puts = 0;

 private:
  class Faulty final : public RecordTransaction {
   public:
    Faulty(RecordTransaction& inner, FailingStore& owner) : inner_(inner), owner_(owner) {}
    Result<std::optional<RecordState>> get(const std::string& e, const std::string& id) override {
      return inner_.get(e, id);
    }
    Result<std::optional<RecordScope>> scope(const std::string& e, const std::string& id) override {
      return inner_.scope(e, id);
    }
    Status put(const RecordState& s, const RecordState* prev, const RecordScope& scope) override {
      if (++owner_.puts == owner_.fail_at_) return make_error("storage_error", "injected: disk full");
      return inner_.put(s, prev, scope);
    }
    Result<std::vector<std::pair<RecordKey, RecordScope>>> children(const RecordKey& p) override {
      return inner_.children(p);
    }
    Result<bool> has_child(const RecordKey& p, const std::string& c) override { return inner_.has_child(p, c); }
    Status move(const RecordKey& k, const RecordScope& s, const std::vector<int64_t>& l) override {
      return inner_.move(k, s, l);
    }
    Status audit(const std::vector<AuditEntry>& f) override { return inner_.audit(f); }
    Result<std::vector<RecordState>> list(const std::string& e) override { return inner_.list(e); }
    Result<int64_t> count_owned(const std::string& e, int64_t o) override { return inner_.count_owned(e, o); }
    Result<int64_t> counter(const std::string& n) override { return inner_.counter(n); }
    Status set_counter(const std::string& n, int64_t v) override { return inner_.set_counter(n, v); }

   private:
    RecordTransaction& inner_;
    FailingStore& owner_;
  };

  int fail_at_;
};

std::string push_of(int first, int count, const std::string& device) {
  SeededRandom rnd(first);
  PushRequest req;
  for (int i = first; i < first + count; ++i) {
    RecordState s;
    s.entity = "customer";
    s.id = make_uuid_v7(1763000000000 + i, rnd);
    apply_local_write(s, device, HlcStamp{1763000000000 + i, 0}, {{"kind", "company"}, {"name", "C" + std::to_string(i)}});
    req.records.push_back(s);
  }
  return to_body(req);
}

}  // namespace

TEST_CASE("A storage failure in the middle of a batch stores nothing of it", "[server][fault]") {
  REQUIRE(init_crypto().ok());
  test::TempDir dir;
  auto real = SqliteServerStore::open(dir.path() + "/crm.db");
  REQUIRE(real.ok());
  auto alice = real.value()->create_user("alice", "unused-hash", "sales", 0);
  REQUIRE(alice.ok());
  FailingStore store(*real.value(), /*fail_at=*/7);
  ManualClock clock{1'800'000'000'000};  // after every stamp the tests push, so none is "ahead" (clock_ahead)
  ApiService api(store, clock);
  Session session{alice->id, "alice", "sales", "dev-1", 0};

  auto ok = api.push(session, push_of(0, 5, "dev-1"));  // puts 1..5
  REQUIRE(ok.status == 200);
  auto failed = api.push(session, push_of(100, 5, "dev-1"));  // the 2nd record here is put 7
  CHECK(failed.status == 503);
  CHECK(Json::parse(failed.body)["code"] == "storage_error");
  CHECK(Json::parse(failed.body)["message"].get<std::string>().find("injected") == std::string::npos);

  auto all = real.value()->changes_since(0, 1000);
  REQUIRE(all.ok());
  CHECK(all->size() == 5);  // only the first batch

  auto retry = api.push(session, push_of(100, 5, "dev-1"));
  CHECK(retry.status == 200);
  CHECK(real.value()->changes_since(0, 1000)->size() == 10);
  CHECK(real.value()->changes_since(5, 1000)->front().seq == 6);  // no gap left by the failed batch
}
