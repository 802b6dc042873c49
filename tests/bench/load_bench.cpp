// Load benchmark (run by scripts/bench.sh, not a test): many simulated devices syncing against one
// real crm-server on loopback at the same time.
//
//   load_bench [--devices 200] [--seconds 60] [--think-ms 3000] [--users 8] [--connection keep-alive|close]
//
// Each device is a crm::Replica (its own SQLite file) with a SyncSession over HTTP, on its own
// thread. During the measured window a device edits a few records (customers, contacts,
// activities, visits: mostly 1-20 per sync, now and then a batch of a few hundred, as after a day
// offline), runs a sync round (push the outbox, pull what the others changed), then waits an
// exponentially distributed think time with mean think_ms (0: no wait, a saturating load). With
// --connection close a device drops its connection after each round instead of keeping it alive
// (to tell the server's handling of idle kept-alive connections apart from its request work).
//
// Phases: users are added and the server started on a fresh data folder; an office device seeds
// customers and contacts; every device signs in (argon2id is deliberately slow and memory-hard, so
// sign-ins happen before the window, as a storm of their own that is reported apart) and makes its
// first full sync; one device alone runs the saturating mix for a few seconds (the reference);
// then all devices run for the window; then every device syncs twice more and must hold exactly
// the server's records ("converged").
//
// Reported: requests/s, latency p50/p99/max per request kind, errors by code, server peak RSS
// (VmHWM of the server process, reset after the sign-in storm), server CPU, and the slowest
// seconds of the window (a WAL checkpoint or a starved thread pool shows there).
#include <sys/resource.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <mutex>
#include <random>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "../server/process.h"
#include "net/native_http_transport.h"
#include "replica/replica.h"
#include "store/record_store.h"
#include "sync/protocol.h"
#include "sync/sync_session.h"

using namespace crm;
using Steady = std::chrono::steady_clock;

namespace {

// ---- The protocol details this bench depends on, in one place ---------------------------------

const char* kPassword = "load-bench-password";

// Signs a device in and returns its bearer token. Every user is an admin: whatever data scope the
// server applies to roles, admins see every record, so every device must converge to all of them.
Result<std::string> sign_in(Transport& http, const std::string& user, const std::string& device_id) {
  LoginRequest req{user, kPassword, device_id, "load bench " + device_id};
  auto res = http.send(HttpRequest{"POST", "/api/v1/login", to_json(req).dump(), ""});
  if (!res) return res.error();
  if (res->status != 200) return parse_error_body(res->status, res->body);
  auto parsed = parse_login_response(res->body);
  if (!parsed) return parsed.error();
  return parsed->token;
}

std::string request_kind(const std::string& path) {
  auto slash = path.rfind('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);  // login, push, pull
}

// ---- Measurement ------------------------------------------------------------------------------

struct Sample {
  std::string kind;    // login, push, pull
  double start_s = 0;  // since the bench's time origin
  double ms = 0;
  std::string error;   // empty on 200; else the error code (network errors: their cause)
};

Steady::time_point g_origin = Steady::now();
double now_s() { return std::chrono::duration<double>(Steady::now() - g_origin).count(); }

// Times every request and classifies its outcome. One per device (one thread): no locking.
class MeasuredTransport final : public Transport {
 public:
  explicit MeasuredTransport(const std::string& url) : inner_(std::make_unique<NativeHttpTransport>(url)), url_(url) {}
  Result<HttpResponse> send(const HttpRequest& r) override {
    Sample s{request_kind(r.path), now_s(), 0, {}};
    auto res = inner_->send(r);
    s.ms = (now_s() - s.start_s) * 1000;
    if (!res) {
      const std::string& m = res.error().message;
      auto colon = m.rfind(": ");
      s.error = "network_error (" + (colon == std::string::npos ? m : m.substr(colon + 2)) + ")";
    } else if (res->status != 200) {
      s.error = std::to_string(res->status) + " " + parse_error_body(res->status, res->body).code;
    }
    if (recording) samples.push_back(std::move(s));
    return res;
  }
  // Closes the kept-alive connection (a new one is opened by the next request).
  void disconnect() { inner_ = std::make_unique<NativeHttpTransport>(url_); }

  bool recording = true;
  std::vector<Sample> samples;

 private:
  std::unique_ptr<NativeHttpTransport> inner_;
  std::string url_;
};

double percentile(std::vector<double>& v, double p) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  size_t i = static_cast<size_t>(std::ceil(p * v.size())) - 1;
  return v[std::min(i, v.size() - 1)];
}

struct ProcStatus {
  long rss_kb = 0, hwm_kb = 0, threads = 0;
  double cpu_s = 0;  // user + system
};

ProcStatus read_proc(int pid) {
  ProcStatus p;
  std::ifstream f("/proc/" + std::to_string(pid) + "/status");
  std::string line;
  while (std::getline(f, line)) {
    if (line.rfind("VmRSS:", 0) == 0) p.rss_kb = std::stol(line.substr(6));
    if (line.rfind("VmHWM:", 0) == 0) p.hwm_kb = std::stol(line.substr(6));
    if (line.rfind("Threads:", 0) == 0) p.threads = std::stol(line.substr(8));
  }
  std::ifstream st("/proc/" + std::to_string(pid) + "/stat");
  std::string all((std::istreambuf_iterator<char>(st)), std::istreambuf_iterator<char>());
  auto close = all.rfind(')');
  if (close != std::string::npos) {
    std::istringstream in(all.substr(close + 2));
    std::string field;
    long utime = 0, stime = 0;
    for (int i = 3; in >> field; ++i) {
      if (i == 14) utime = std::stol(field);
      if (i == 15) {
        stime = std::stol(field);
        break;
      }
    }
    p.cpu_s = double(utime + stime) / sysconf(_SC_CLK_TCK);
  }
  return p;
}

// Resets VmHWM to the current RSS (Linux: writing 5 to clear_refs), so the window's peak is not
// the sign-in storm's. Returns false where the kernel refuses it.
bool reset_peak_rss(int pid) {
  std::ofstream f("/proc/" + std::to_string(pid) + "/clear_refs");
  f << "5";
  f.flush();
  return static_cast<bool>(f);
}

// Samples the server every 250 ms: RSS, threads, CPU, WAL size.
class ServerMonitor {
 public:
  ServerMonitor(int pid, std::string wal) : pid_(pid), wal_(std::move(wal)) {
    thread_ = std::thread([this] {
      while (!stop_) {
        ProcStatus p = read_proc(pid_);
        std::error_code ec;
        auto wal = std::filesystem::file_size(wal_, ec);
        {
          std::lock_guard lock(mu_);
          max_rss_kb = std::max(max_rss_kb, p.rss_kb);
          max_threads = std::max(max_threads, p.threads);
          if (!ec) max_wal_bytes = std::max<uint64_t>(max_wal_bytes, wal);
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(250));
      }
    });
  }
  ~ServerMonitor() { stop(); }
  void stop() {
    stop_ = true;
    if (thread_.joinable()) thread_.join();
  }
  void reset() {
    std::lock_guard lock(mu_);
    max_rss_kb = max_threads = 0;
    max_wal_bytes = 0;
  }
  long max_rss_kb = 0, max_threads = 0;
  uint64_t max_wal_bytes = 0;

 private:
  int pid_;
  std::string wal_;
  std::atomic<bool> stop_{false};
  std::mutex mu_;
  std::thread thread_;
};

// ---- The workload -----------------------------------------------------------------------------

std::string iso_time(int64_t ms) {
  std::time_t t = ms / 1000;
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

const char* kCities[] = {"Berlin", "上海", "Paris", "Москва", "Madrid", "北京", "Lyon", "Hamburg"};

// One field device: its replica, its connection, and what it edits.
struct Device {
  int index = 0;
  std::string user, token;
  std::unique_ptr<Replica> replica;
  std::unique_ptr<MeasuredTransport> http;
  std::mt19937_64 rng;
  std::vector<std::string> own_customers, open_visits, own_activities;
  int syncs = 0, failed_syncs = 0;
  int64_t edits = 0;

  int pick(int n) { return static_cast<int>(rng() % static_cast<uint64_t>(n)); }
  bool chance(double p) { return std::uniform_real_distribution<double>(0, 1)(rng) < p; }

  // A customer to work on: mostly the shared ones everyone edits (conflicts happen), else its own.
  std::string some_customer(const std::vector<std::string>& shared) {
    if (own_customers.empty() || chance(0.7)) return shared[pick(static_cast<int>(shared.size()))];
    return own_customers[pick(static_cast<int>(own_customers.size()))];
  }

  // One edit of the kinds a sales person makes in the field. Returns false if it was refused.
  std::map<std::string, int> refused;  // local edits the core refused, by error code

  bool edit(const std::vector<std::string>& shared) {
    const int64_t now = replica->clock().now_ms();
    const int roll = pick(100);
    Result<RecordState> r = make_error("none", "");
    if (roll < 25) {  // log an activity
      r = replica->create("activity", {{"customer_id", some_customer(shared)},
                                       {"kind", std::vector<std::string>{"call", "message", "meeting", "email", "note"}[pick(5)]},
                                       {"subject", "Follow-up " + std::to_string(edits)},
                                       {"at", iso_time(now)},
                                       {"notes", std::string(pick(400), 'n')}});
      if (r) own_activities.push_back(r->id);
    } else if (roll < 45) {  // update a customer
      FieldValues change;
      if (chance(0.5)) change["phone"] = "+49 30 " + std::to_string(1000000 + pick(8999999));
      if (chance(0.5)) change["grade"] = std::string(1, "ABCD"[pick(4)]);
      if (change.empty() || chance(0.3)) change["notes"] = "Visited; " + std::string(pick(300), 'x');
      r = replica->update("customer", some_customer(shared), change);
    } else if (roll < 60) {  // check in at a customer
      r = replica->create("visit", {{"customer_id", some_customer(shared)},
                                    {"user", user},
                                    {"purpose", "Quarterly review"},
                                    {"checkin_at", iso_time(now)},
                                    {"latitude", 52.5 + pick(1000) * 0.001},
                                    {"longitude", 13.4 - pick(1000) * 0.001},
                                    {"accuracy_m", 12.5},
                                    {"position_age_ms", pick(5000)},
                                    {"distance_m", 40.0 + pick(200)},
                                    {"geofence_radius_m", 200},
                                    {"inside_geofence", true}});
      if (r) open_visits.push_back(r->id);
    } else if (roll < 72 && !open_visits.empty()) {  // check out
      const std::string id = open_visits.back();
      open_visits.pop_back();
      r = replica->update("visit", id, {{"checkout_at", iso_time(now)}, {"duration_s", 600 + pick(3000)}});
    } else if (roll < 88) {  // a new contact
      r = replica->create("contact", {{"customer_id", some_customer(shared)},
                                      {"name", "Contact " + std::to_string(index) + "-" + std::to_string(edits)},
                                      {"title", "Buyer"},
                                      {"phone", "+86 21 " + std::to_string(10000000 + pick(89999999))},
                                      {"email", "c" + std::to_string(index) + "x" + std::to_string(edits) + "@example.com"}});
    } else if (roll < 97) {  // a new customer
      r = replica->create("customer", {{"kind", chance(0.7) ? "company" : "individual"},
                                       {"name", "Lead " + std::to_string(index) + "-" + std::to_string(edits)},
                                       {"city", kCities[pick(8)]},
                                       {"phone", "+49 40 " + std::to_string(1000000 + pick(8999999))},
                                       {"status", "prospect"}});
      if (r) own_customers.push_back(r->id);
    } else if (!own_activities.empty()) {  // delete an activity logged by mistake
      const std::string id = own_activities.back();
      own_activities.pop_back();
      r = replica->remove("activity", id);
    } else {
      return true;
    }
    ++edits;
    if (!r) ++refused[r.error().code + (r.error().field.empty() ? "" : " (" + r.error().field + ")")];
    return static_cast<bool>(r);
  }

  // How many records the next sync carries: mostly a handful, up to 20; 1 in 100 a few hundred.
  int batch_size() {
    if (chance(0.01)) return 100 + pick(201);
    return std::min(20, 1 + static_cast<int>(std::geometric_distribution<int>(0.2)(rng)));
  }

  Result<SyncStats> sync() {
    ++syncs;
    auto r = sync_once(*replica, *http, token);
    if (!r) ++failed_syncs;
    return r;
  }
};

// Requests started in [from, to): latencies and errors count them all, also those that ended after
// `to` (a starved request must not vanish from the figures); the rate counts those done by `to`.
struct Summary {
  double seconds = 0;
  std::map<std::string, std::vector<double>> ms;  // per kind, successful or not
  std::map<std::string, int64_t> errors;
  int64_t requests = 0, completed = 0, late = 0;
  double rate() const { return completed / seconds; }
};

Summary summarize(const std::vector<Device*>& devices, double from, double to) {
  Summary s;
  s.seconds = to - from;
  for (auto* d : devices)
    for (const auto& x : d->http->samples) {
      if (x.start_s < from || x.start_s >= to) continue;
      ++s.requests;
      if (x.start_s + x.ms / 1000 <= to) ++s.completed;
      else ++s.late;
      s.ms[x.kind].push_back(x.ms);
      s.ms["all"].push_back(x.ms);
      if (!x.error.empty()) ++s.errors[x.kind + ": " + x.error];
    }
  return s;
}

void print_errors(const Summary& s) {
  if (s.errors.empty()) std::printf("    errors: none\n");
  for (auto& [k, n] : s.errors) std::printf("    error %-45s %lld\n", k.c_str(), (long long)n);
}

void print_latencies(Summary& s) {
  for (auto& [kind, v] : s.ms) {
    const size_t n = v.size();
    const double p50 = percentile(v, 0.50), p99 = percentile(v, 0.99), max = v.empty() ? 0 : v.back();
    std::printf("    %-5s %7zu requests   p50 %8.1f ms  p99 %8.1f ms  max %8.1f ms\n", kind.c_str(), n, p50, p99, max);
  }
}

// A digest of every record a store holds (entity, id, version vector, writes), to compare stores.
struct StoreDigest {
  int64_t records = 0;
  uint64_t hash = 1469598103934665603ull;
};

StoreDigest digest(Database& db) {
  StoreDigest d;
  auto st = db.prepare("SELECT entity, id, vv, fields FROM records ORDER BY entity, id");
  if (!st) return d;
  (void)st->for_each_row([&](const Statement& row) {
    ++d.records;
    for (int i = 0; i < 4; ++i) {
      for (unsigned char c : row.column_view(i)) d.hash = (d.hash ^ c) * 1099511628211ull;
      d.hash = (d.hash ^ 0xff) * 1099511628211ull;
    }
  });
  return d;
}

double cpu_seconds_self() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return u.ru_utime.tv_sec + u.ru_stime.tv_sec + (u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6;
}

template <class F>
void run_all(std::vector<std::unique_ptr<Device>>& devices, F fn) {
  std::vector<std::thread> threads;
  threads.reserve(devices.size());
  for (auto& d : devices) threads.emplace_back([&, dev = d.get()] { fn(*dev); });
  for (auto& t : threads) t.join();
}

}  // namespace

int main(int argc, char** argv) {
  std::map<std::string, std::string> opt = {
      {"devices", "200"}, {"seconds", "60"}, {"think-ms", "3000"}, {"users", "8"}, {"connection", "keep-alive"}};
  for (int i = 1; i < argc; i += 2) {
    std::string key = argv[i];
    if (key.rfind("--", 0) != 0 || !opt.count(key.substr(2)) || i + 1 >= argc) {
      std::fprintf(stderr,
                   "usage: load_bench [--devices N] [--seconds S] [--think-ms T] [--users U] "
                   "[--connection keep-alive|close]\n");
      return 2;
    }
    opt[key.substr(2)] = argv[i + 1];
  }
  const int n_devices = std::max(1, std::stoi(opt["devices"]));
  const double window_s = std::stod(opt["seconds"]);
  const double think_ms = std::stod(opt["think-ms"]);
  const int n_users = std::max(1, std::min(n_devices, std::stoi(opt["users"])));
  const bool keep_alive = opt["connection"] != "close";
  const int seed_customers = 1000, seed_contacts = 2000;
  std::printf("load benchmark: %d devices, %d users (admin), %.0f s window, think time %s, connections %s\n",
              n_devices, n_users, window_s,
              think_ms > 0 ? ("exponential, mean " + std::to_string(int(think_ms)) + " ms").c_str() : "none (saturating)",
              keep_alive ? "kept alive between rounds" : "closed after each round");
  std::fflush(stdout);

  test::TempDir dir;
  const std::string data = dir.path() + "/server";
  for (int u = 0; u < n_users; ++u) {
    auto added = test::run_command(
        {test::server_binary(), "user", "add", "field" + std::to_string(u), "--role", "admin", "--data", data},
        std::string(kPassword) + "\n");
    if (added.exit_code != 0) {
      std::fprintf(stderr, "cannot add user: %s\n", added.err.c_str());
      return 1;
    }
  }
  // All devices connect from 127.0.0.1: the per-address cap must let them all in.
  test::ServerProcess server(data, {"--max-connections-per-address", std::to_string(2 * n_devices + 100)});
  ServerMonitor monitor(server.pid(), data + "/crm.db-wal");
  SystemClock clock;
  const OpenOptions device_db{.wal = true, .synchronous_full = false, .cache_kib = 2048};

  // The office seeds the shared customers and their contacts.
  std::vector<std::string> shared;
  {
    SeededRandom rnd(1);
    auto office = Replica::open(dir.path() + "/office.db", clock, rnd, device_db).value();
    for (int i = 0; i < seed_customers; ++i) {
      auto c = office->create("customer", {{"kind", i % 3 ? "company" : "individual"},
                                           {"name", "Customer " + std::to_string(i)},
                                           {"phone", "+49 30 " + std::to_string(1000000 + i)},
                                           {"email", "buyer" + std::to_string(i) + "@example.com"},
                                           {"city", kCities[i % 8]},
                                           {"address", std::to_string(i % 200) + " Main Street"},
                                           {"grade", std::string(1, "ABCD"[i % 4])},
                                           {"latitude", 52.5 + (i % 1000) * 0.001},
                                           {"longitude", 13.4 - (i % 1000) * 0.001}});
      shared.push_back(c->id);
    }
    for (int i = 0; i < seed_contacts; ++i)
      (void)office->create("contact", {{"customer_id", shared[i % seed_customers]},
                                       {"name", "Person " + std::to_string(i)},
                                       {"email", "p" + std::to_string(i) + "@example.com"}});
    MeasuredTransport http(server.url());
    auto token = sign_in(http, "field0", office->id());
    auto pushed = token ? sync_once(*office, http, token.value()) : Result<SyncStats>(token.error());
    if (!pushed) {
      std::fprintf(stderr, "seeding failed: %s\n", pushed.error().message.c_str());
      return 1;
    }
  }

  std::vector<std::unique_ptr<Device>> devices;
  std::vector<std::unique_ptr<SeededRandom>> randoms;
  for (int i = 0; i < n_devices; ++i) {
    auto d = std::make_unique<Device>();
    d->index = i;
    d->user = "field" + std::to_string(i % n_users);
    d->rng.seed(1000 + i);
    randoms.push_back(std::make_unique<SeededRandom>(2000 + i));
    auto r = Replica::open(dir.path() + "/device" + std::to_string(i) + ".db", clock, *randoms.back(), device_db);
    if (!r) {
      std::fprintf(stderr, "cannot open device %d: %s\n", i, r.error().message.c_str());
      return 1;
    }
    d->replica = std::move(r.value());
    d->http = std::make_unique<MeasuredTransport>(server.url());
    devices.push_back(std::move(d));
  }
  std::vector<Device*> all;
  for (auto& d : devices) all.push_back(d.get());

  // Sign-in storm: every device at once. Each closes its connection afterwards, so a kept-alive
  // idle connection does not hold one of the server's workers through the next phase.
  double t0 = now_s();
  std::atomic<int> login_failures{0};
  run_all(devices, [&](Device& d) {
    // A refused or reset sign-in is retried after a pause, as the app does; every failure counts.
    // The server checks two passwords at a time and answers the rest "busy" or "too many" within
    // seconds, so a storm of a thousand takes its time: retried for up to 10 minutes.
    for (int attempt = 0; d.token.empty() && now_s() - t0 < 600; ++attempt) {
      if (attempt) std::this_thread::sleep_for(std::chrono::milliseconds(250 + d.rng() % 1000));
      auto t = sign_in(*d.http, d.user, d.replica->id());
      if (t) d.token = t.value();
      else ++login_failures;
      d.http->disconnect();
    }
  });
  const double login_s = now_s() - t0;
  Summary logins = summarize(all, t0, now_s());
  const long login_hwm = read_proc(server.pid()).hwm_kb;
  int signed_out = 0;
  for (auto* d : all) signed_out += d->token.empty();
  std::printf("  sign-in storm: %d sign-ins at once in %.1f s (%d attempts failed and were retried, %d devices "
              "never signed in), server peak RSS %.0f MB, %ld threads\n",
              n_devices, login_s, login_failures.load(), signed_out, login_hwm / 1024.0, monitor.max_threads);
  print_latencies(logins);
  print_errors(logins);
  if (signed_out > 0) return 1;

  // First full sync of every device (pulls the seed), as a fleet installed at once.
  t0 = now_s();
  run_all(devices, [&](Device& d) {
    (void)d.sync();
    d.http->disconnect();
  });
  int first_failed = 0;
  for (auto* d : all) first_failed += d->failed_syncs;
  Summary first = summarize(all, t0, now_s() + 1);
  std::printf("  first sync of %d devices at once (%d records each): %.1f s, %d rounds failed (retried in the window)\n",
              n_devices, seed_customers + seed_contacts, now_s() - t0, first_failed);
  print_latencies(first);
  print_errors(first);
  for (auto* d : all) {
    d->http->samples.clear();
    d->syncs = d->failed_syncs = 0;
  }

  // The reference: one device alone, no think time, the same mix.
  const double ref_s = std::min(10.0, std::max(3.0, window_s / 6));
  Summary ref;
  {
    Device& d = *devices[0];
    t0 = now_s();
    while (now_s() - t0 < ref_s) {
      for (int k = d.batch_size(); k > 0; --k) d.edit(shared);
      (void)d.sync();
    }
    ref = summarize({&d}, t0, now_s());
    d.http->samples.clear();
    d.syncs = d.failed_syncs = 0;
    d.edits = 0;
    d.refused.clear();
    d.http->disconnect();
  }
  const double ref_rate = ref.rate();
  std::vector<double> ref_all = ref.ms["all"];
  const double ref_p50 = percentile(ref_all, 0.5);

  // The window.
  const bool hwm_reset = reset_peak_rss(server.pid());
  monitor.reset();
  const double server_cpu0 = read_proc(server.pid()).cpu_s;
  const double self_cpu0 = cpu_seconds_self();
  std::atomic<int64_t> refused_edits{0};
  t0 = now_s();
  const double end = t0 + window_s;
  run_all(devices, [&](Device& d) {
    std::exponential_distribution<double> think(think_ms > 0 ? 1000.0 / think_ms : 1.0);
    // Devices do not all start in the same millisecond.
    if (think_ms > 0) std::this_thread::sleep_for(std::chrono::duration<double>(d.pick(1000) / 1000.0 * think_ms / 1000));
    while (now_s() < end) {
      for (int k = d.batch_size(); k > 0; --k)
        if (!d.edit(shared)) ++refused_edits;
      auto r = d.sync();
      if (!keep_alive) d.http->disconnect();
      double wait = think_ms > 0 ? think(d.rng) : (r ? 0 : 0.2);
      wait = std::min(wait, std::max(0.0, end - now_s()));
      if (wait > 0) std::this_thread::sleep_for(std::chrono::duration<double>(wait));
    }
  });
  const double window_end = now_s();
  const double server_cpu = read_proc(server.pid()).cpu_s - server_cpu0;
  const double self_cpu = cpu_seconds_self() - self_cpu0;
  const ProcStatus after = read_proc(server.pid());
  monitor.stop();
  Summary load = summarize(all, t0, t0 + window_s);
  int syncs = 0, failed = 0;
  int64_t edits = 0;
  std::map<std::string, int> refused_codes;
  for (auto* d : all) {
    syncs += d->syncs;
    failed += d->failed_syncs;
    edits += d->edits;
    for (auto& [code, n] : d->refused) refused_codes[code] += n;
  }
  // Worst seconds: p99 latency per second of the window, to see stalls.
  std::map<int, std::vector<double>> per_second;
  for (auto* d : all)
    for (const auto& x : d->http->samples)
      if (x.start_s >= t0 && x.start_s < t0 + window_s) per_second[int(x.start_s - t0)].push_back(x.ms);
  std::vector<std::pair<double, int>> worst;
  for (auto& [sec, v] : per_second) worst.emplace_back(percentile(v, 0.99), sec);
  std::sort(worst.rbegin(), worst.rend());

  // Convergence: every device syncs twice more (the second round pulls what others pushed in
  // the first), then holds exactly what the server holds.
  for (int round = 0; round < 2; ++round)
    run_all(devices, [&](Device& d) {
      d.http->recording = false;
      auto r = d.sync();
      if (!r) r = d.sync();  // one retry, as the app's scheduler would
      d.http->disconnect();
    });
  const int server_status = server.terminate();
  StoreDigest server_digest;
  {
    auto store = RecordStore::open(data + "/crm.db", OpenOptions{.wal = true, .cache_kib = 2048});
    if (store) server_digest = digest(store.value()->db());
  }
  int converged = 0, with_outbox = 0;
  for (auto* d : all) {
    StoreDigest dd = digest(d->replica->store().db());
    auto outbox = d->replica->store().outbox_size();
    if (!outbox || outbox.value() > 0) ++with_outbox;
    if (dd.records == server_digest.records && dd.hash == server_digest.hash && outbox && outbox.value() == 0)
      ++converged;
  }

  std::printf("  reference: 1 device alone, no think time, %.0f s: %.1f requests/s, p50 %.1f ms\n", ref.seconds,
              ref_rate, ref_p50);
  print_latencies(ref);
  std::printf("  load window: %d devices for %.0f s: %d sync rounds (%d failed), %lld local edits (%lld refused)\n",
              n_devices, window_s, syncs, failed, (long long)edits, (long long)refused_edits.load());
  std::printf("    %.1f requests/s completed in the window = %.2f x the single device's rate\n", load.rate(),
              load.rate() / ref_rate);
  print_latencies(load);
  std::vector<double> all_ms = load.ms["all"];
  std::printf("    p50 latency = %.1f x the single device's p50\n", percentile(all_ms, 0.5) / ref_p50);
  std::printf("    requests started in the window and still running at its end: %lld (the last ended at %.1f s)\n",
              (long long)load.late, window_end - t0);
  print_errors(load);
  for (auto& [code, n] : refused_codes) std::printf("    local edit refused: %-30s %d\n", code.c_str(), n);
  std::printf("    slowest seconds (p99 of requests started then):");
  for (size_t i = 0; i < std::min<size_t>(5, worst.size()); ++i)
    std::printf(" s%d %.0f ms%s", worst[i].second, worst[i].first, i + 1 < std::min<size_t>(5, worst.size()) ? "," : "\n");
  std::printf("  server: peak RSS in the window %.1f MB (%s), at the end %.1f MB; up to %ld threads; "
              "largest WAL %.1f MB\n",
              (hwm_reset ? after.hwm_kb : monitor.max_rss_kb) / 1024.0,
              hwm_reset ? "VmHWM, reset after sign-ins" : "sampled VmRSS", after.rss_kb / 1024.0,
              monitor.max_threads, monitor.max_wal_bytes / 1048576.0);
  std::printf("  CPU in the window (2 cores = 200%%): server %.0f%%, the simulated devices %.0f%%\n",
              100 * server_cpu / (window_end - t0), 100 * self_cpu / (window_end - t0));
  std::printf("  converged: %s (%d of %d devices hold exactly the server's %lld records; %d with a non-empty "
              "outbox); server exit status %d\n",
              converged == n_devices ? "yes" : "NO", converged, n_devices, (long long)server_digest.records,
              with_outbox, server_status);
  return converged == n_devices ? 0 : 1;
}
