// Fault injection: a store whose Nth record write fails. A push that hits the fault must answer
// 503 storage_error and leave nothing of its batch behind, and the next push must work.
#include <catch2/catch.hpp>

#include "api/api_service.h"
#include "auth/credentials.h"
#include "core/uuid.h"
#include "process.h"
#include "storage/sqlite_server_store.h"
#include "sync/merge.h"
#include "sync/protocol.h"
#include "sync/record_codec.h"

using namespace crm;
using namespace crm::server;

namespace {

// Delegates to a real store; the `fail_at`-th put (counted across transactions) fails.
class FailingStore final : public ServerStore {
 public:
  FailingStore(ServerStore& inner, int fail_at) : inner_(inner), fail_at_(fail_at) {}

  Status write(const ChangeAuthor& author, const std::function<Status(RecordTransaction&)>& fn) override {
    return inner_.write(author, [&](RecordTransaction& tx) {
      Faulty faulty(tx, *this);
      return fn(faulty);
    });
  }
  Result<std::vector<RawRecord>> changes_since(int64_t c, int l) override { return inner_.changes_since(c, l); }
  Result<int64_t> latest_seq() override { return inner_.latest_seq(); }
  Result<User> create_user(const std::string& u, const std::string& h, const std::string& r, int64_t n) override {
    return inner_.create_user(u, h, r, n);
  }
  Result<std::optional<User>> find_user(const std::string& u) override { return inner_.find_user(u); }
  Result<std::vector<User>> list_users() override { return inner_.list_users(); }
  Status set_password(const std::string& u, const std::string& h) override { return inner_.set_password(u, h); }
  Status register_device(const std::string& d, int64_t u, const std::string& n, int64_t t) override {
    return inner_.register_device(d, u, n, t);
  }
  Result<std::vector<Device>> list_devices() override { return inner_.list_devices(); }
  Status touch_device(const std::string& d, int64_t t) override { return inner_.touch_device(d, t); }
  Status store_token(const std::string& h, int64_t u, const std::string& d, int64_t e) override {
    return inner_.store_token(h, u, d, e);
  }
  Result<std::optional<Session>> find_session(const std::string& h, int64_t n) override {
    return inner_.find_session(h, n);
  }

  int puts = 0;

 private:
  class Faulty final : public RecordTransaction {
   public:
    Faulty(RecordTransaction& inner, FailingStore& owner) : inner_(inner), owner_(owner) {}
    Result<std::optional<RecordState>> get(const std::string& e, const std::string& id) override {
      return inner_.get(e, id);
    }
    Status put(const RecordState& s, const RecordState* prev) override {
      if (++owner_.puts == owner_.fail_at_) return make_error("storage_error", "injected: disk full");
      return inner_.put(s, prev);
    }

   private:
    RecordTransaction& inner_;
    FailingStore& owner_;
  };

  ServerStore& inner_;
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
  FailingStore store(*real.value(), /*fail_at=*/7);
  ManualClock clock;
  ApiService api(store, clock);
  Session session{1, "alice", "sales", "dev-1", 0};

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
