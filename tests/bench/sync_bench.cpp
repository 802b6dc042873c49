// Sync throughput benchmark (run by scripts/bench.sh, not a test): pushes N customers in batches
// to a fresh crm-server, pulls them all into a fresh replica, and compares both rates with a raw
// SQLite upsert of the same rows in one transaction, measured in the same run. With "sales" as
// the third argument, each customer comes with two opportunities (children whose scope follows
// their customer, with money, a date and a state machine to check).
#include <sqlite3.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <string>

#include <unistd.h>

#include "../server/process.h"
#include "net/native_http_transport.h"
#include "core/uuid.h"
#include "replica/replica.h"
#include "store/record_store.h"
#include "crdt/merge.h"
#include "sync/protocol.h"
#include "crdt/record_codec.h"
#include "sync/sync_session.h"

using namespace crm;
using Clock_ = std::chrono::steady_clock;

namespace {

double seconds_since(Clock_::time_point t) {
  return std::chrono::duration<double>(Clock_::now() - t).count();
}

long peak_rss_kb(int pid) {
  std::ifstream f("/proc/" + std::to_string(pid) + "/status");
  std::string line;
  while (std::getline(f, line))
    if (line.rfind("VmHWM:", 0) == 0) return std::stol(line.substr(6));
  return -1;
}

std::vector<RecordState> make_customers(int n, const std::string& replica, Random& rnd) {
  static const char* cities[] = {"Berlin", "上海", "Paris", "Москва", "Madrid", "北京", "Lyon", "Hamburg"};
  std::vector<RecordState> out;
  out.reserve(n);
  for (int i = 0; i < n; ++i) {
    RecordState s;
    s.entity = "customer";
    s.id = make_uuid_v7(1763000000000 + i, rnd);
    apply_local_write(s, replica, HlcStamp{1763000000000 + i, 0},
                      {{"kind", i % 3 ? "company" : "individual"},
                       {"name", "Customer " + std::to_string(i)},
                       {"phone", "+49 30 " + std::to_string(1000000 + i)},
                       {"email", "buyer" + std::to_string(i) + "@example.com"},
                       {"city", cities[i % 8]},
                       {"address", std::to_string(i % 200) + " Main Street"},
                       {"grade", std::string(1, "ABCD"[i % 4])},
                       {"latitude", 52.5 + (i % 1000) * 0.001},
                       {"longitude", 13.4 - (i % 1000) * 0.001}});
    out.push_back(std::move(s));
  }
  return out;
}

std::vector<RecordState> make_opportunities(const std::vector<RecordState>& customers, const std::string& replica,
                                            Random& rnd) {
  static const char* stages[] = {"initial_contact", "needs_analysis", "proposal", "negotiation"};
  std::vector<RecordState> out;
  out.reserve(customers.size() * 2);
  for (size_t i = 0; i < customers.size() * 2; ++i) {
    RecordState s;
    s.entity = "opportunity";
    s.id = make_uuid_v7(1763100000000 + static_cast<int64_t>(i), rnd);
    apply_local_write(s, replica, HlcStamp{1763100000000 + static_cast<int64_t>(i), 0},
                      {{"customer_id", customers[i / 2].id},
                       {"name", "Deal " + std::to_string(i)},
                       {"amount", Json{{"minor", 100000 + static_cast<int64_t>(i % 977) * 1000}, {"currency", "CNY"}}},
                       {"expected_close", "2027-0" + std::to_string(1 + i % 9) + "-15"},
                       {"stage", stages[i % 4]}});
    out.push_back(std::move(s));
  }
  return out;
}

// The reference: the same rows (entity, id, vv, fields) upserted with the bare C API.
// Every timed phase starts with the disk cache flushed: otherwise the write-back of the previous
// phase's hundreds of megabytes throttles the next one, and figures swing by a factor of two.
void flush_disk_cache() { ::sync(); }

double raw_upsert_rate(const std::vector<RecordState>& rows, const std::string& path) {
  flush_disk_cache();
  sqlite3* db = nullptr;
  sqlite3_open(path.c_str(), &db);
  sqlite3_exec(db,
               "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;"
               "CREATE TABLE records(entity TEXT NOT NULL, id TEXT NOT NULL, vv TEXT NOT NULL, "
               "fields TEXT NOT NULL, seq INTEGER NOT NULL, PRIMARY KEY(entity, id));"
               "CREATE INDEX records_seq ON records(seq);",
               nullptr, nullptr, nullptr);
  std::vector<std::pair<std::string, std::string>> encoded;
  encoded.reserve(rows.size());
  for (const auto& r : rows) encoded.emplace_back(encode_vv(r.vv).dump(), encode_fields(r).dump());
  auto t0 = Clock_::now();
  sqlite3_stmt* st = nullptr;
  sqlite3_prepare_v2(db,
                     "INSERT INTO records(entity, id, vv, fields, seq) VALUES(?,?,?,?,?) "
                     "ON CONFLICT(entity, id) DO UPDATE SET vv = excluded.vv, fields = excluded.fields, "
                     "seq = excluded.seq",
                     -1, &st, nullptr);
  sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr);
  for (size_t i = 0; i < rows.size(); ++i) {
    sqlite3_bind_text(st, 1, rows[i].entity.c_str(), -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, rows[i].id.c_str(), -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, encoded[i].first.c_str(), -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 4, encoded[i].second.c_str(), -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 5, static_cast<int64_t>(i + 1));
    sqlite3_step(st);
    sqlite3_reset(st);
  }
  sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr);
  double secs = seconds_since(t0);
  sqlite3_finalize(st);
  sqlite3_close(db);
  return rows.size() / secs;
}

// Times the round trips, so the report can split server+network time from device-side time.
class TimedTransport final : public Transport {
 public:
  explicit TimedTransport(Transport& inner) : inner_(inner) {}
  Result<HttpResponse> send(const HttpRequest& r) override {
    auto t0 = Clock_::now();
    auto res = inner_.send(r);
    seconds += seconds_since(t0);
    return res;
  }
  double seconds = 0;

 private:
  Transport& inner_;
};

}  // namespace

int main(int argc, char** argv) {
  const int n = argc > 1 ? std::atoi(argv[1]) : 100000;
  const int batch = argc > 2 ? std::atoi(argv[2]) : 500;
  const bool sales = argc > 3 && std::string(argv[3]) == "sales";
  test::TempDir dir;
  const std::string data = dir.path() + "/server";
  auto added = test::run_command({test::server_binary(), "user", "add", "bench", "--data", data}, "quiet harbour 73\n");
  if (added.exit_code != 0) {
    std::fprintf(stderr, "cannot add user: %s\n", added.err.c_str());
    return 1;
  }
  test::ServerProcess server(data);
  NativeHttpTransport raw_http(server.url());
  TimedTransport http(raw_http);
  SystemClock clock;
  SeededRandom rnd(7);

  auto login_token = [&](const std::string& device) {
    LoginRequest req{"bench", "quiet harbour 73", device, "bench"};
    auto res = http.send(HttpRequest{"POST", "/api/v1/login", to_json(req).dump(), ""});
    return parse_login_response(res->body).value().token;
  };

  // Source device: N customers created offline, all in its outbox.
  auto source = Replica::open(dir.path() + "/source.db", clock, rnd).value();
  auto customers = make_customers(n, source->id(), rnd);
  if (sales) {
    auto opportunities = make_opportunities(customers, source->id(), rnd);
    customers.insert(customers.end(), opportunities.begin(), opportunities.end());
  }
  const int total = static_cast<int>(customers.size());
  {
    auto tx = Transaction::begin(source->store().db()).value();
    for (const auto& c : customers) (void)source->store().put(c, PutOptions{.mark_dirty = true});
    (void)tx->commit();
  }
  // The reference, median of three.
  std::vector<double> raws;
  for (int i = 0; i < 3; ++i) raws.push_back(raw_upsert_rate(customers, dir.path() + "/raw" + std::to_string(i) + ".db"));
  std::sort(raws.begin(), raws.end());
  const double raw = raws[1];

  const std::string src_token = login_token(source->id());
  flush_disk_cache();
  auto t0 = Clock_::now();
  auto pushed = sync_once(*source, http, src_token, SyncOptions{.push_batch = batch, .pull = false});
  const double push_secs = seconds_since(t0);
  if (!pushed || pushed->pushed != total) {
    std::fprintf(stderr, "push failed: %s\n", pushed ? "count mismatch" : pushed.error().message.c_str());
    return 1;
  }

  const double push_wire = http.seconds;
  http.seconds = 0;
  auto fresh = Replica::open(dir.path() + "/fresh.db", clock, rnd).value();
  const std::string fresh_token = login_token(fresh->id());
  flush_disk_cache();
  t0 = Clock_::now();
  auto pulled = sync_once(*fresh, http, fresh_token);
  const double pull_secs = seconds_since(t0);
  if (!pulled || pulled->pulled != total || fresh->store().count("customer").value() != n ||
      fresh->store().count("opportunity").value() != total - n) {
    std::fprintf(stderr, "pull failed\n");
    return 1;
  }
  const double pull_wire = http.seconds;
  const long rss_kb = peak_rss_kb(server.pid());
  server.terminate();

  const double push_rate = total / push_secs, pull_rate = total / pull_secs;
  std::printf("sync benchmark: %d customers%s, push batches of %d, pull pages of %d\n", n,
              sales ? (" and " + std::to_string(total - n) + " opportunities").c_str() : "", batch, kMaxPullLimit);
  std::printf("  raw SQLite upsert (reference)  %10.0f rows/s  (median of %.0f, %.0f, %.0f)\n", raw, raws[0], raws[1],
              raws[2]);
  std::printf("  push to crm-server             %10.0f records/s  ratio %.2f (aim >= 0.25)\n", push_rate,
              push_rate / raw);
  std::printf("  pull into a fresh replica      %10.0f records/s  ratio %.2f (aim >= 0.25)\n", pull_rate,
              pull_rate / raw);
  std::printf("  time waiting for the server: push %.0f%%, pull %.0f%% (the rest is device-side work)\n",
              100 * push_wire / push_secs, 100 * pull_wire / pull_secs);
  std::printf("  server peak RSS                %10.1f MB (aim < 300)\n", rss_kb / 1024.0);
  return 0;
}
