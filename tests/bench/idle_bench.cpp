// Idle-connection benchmark (run by scripts/bench.sh, not a test): how many kept-alive idle
// connections one crm-server holds, with what memory and threads, and how fast it still answers.
//
//   idle_bench [--connections 10000]
//
// Opens N connections to a fresh server on 127.0.0.1, each sending one health request and then
// idling (as devices between syncs do), and holds them. Reported: connections held (answered and
// still open at the end), server RSS and threads before and while holding, and the latency of
// health requests on a new connection while they are held.
#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "../server/process.h"
#include "../server/raw_http.h"

using namespace crm::test;
using Steady = std::chrono::steady_clock;

namespace {

struct ProcStatus {
  long rss_kb = 0, hwm_kb = 0, threads = 0;
};

ProcStatus read_status(int pid) {
  ProcStatus p;
  std::ifstream in("/proc/" + std::to_string(pid) + "/status");
  for (std::string line; std::getline(in, line);) {
    if (line.rfind("VmRSS:", 0) == 0) p.rss_kb = std::stol(line.substr(6));
    if (line.rfind("VmHWM:", 0) == 0) p.hwm_kb = std::stol(line.substr(6));
    if (line.rfind("Threads:", 0) == 0) p.threads = std::stol(line.substr(8));
  }
  return p;
}

const std::string kHealth = "GET /api/v1/health HTTP/1.1\r\nHost: bench\r\n\r\n";

// Milliseconds for `n` health requests, each on a new connection; sorted.
std::vector<double> health_latencies(int port, int n) {
  std::vector<double> out;
  for (int i = 0; i < n; ++i) {
    const auto t = Steady::now();
    RawConnection c(port);
    c.send(kHealth);
    const bool ok = status_of(c.read_answer(10000)) == 200;
    out.push_back(ok ? std::chrono::duration<double, std::milli>(Steady::now() - t).count() : 1e9);
  }
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  std::map<std::string, std::string> opt = {{"connections", "10000"}};
  for (int i = 1; i + 1 < argc; i += 2) opt[std::string(argv[i]).substr(2)] = argv[i + 1];
  const int n = std::stoi(opt["connections"]);
  rlimit lim{};
  getrlimit(RLIMIT_NOFILE, &lim);
  lim.rlim_cur = lim.rlim_max;
  setrlimit(RLIMIT_NOFILE, &lim);
  if (static_cast<long>(lim.rlim_cur) < n + 100) {
    std::fprintf(stderr, "idle_bench: the file limit (%ld) is below %d connections\n", static_cast<long>(lim.rlim_cur), n);
    return 1;
  }

  TempDir dir;
  ServerProcess server(dir.path() + "/server", {"--max-connections-per-address", std::to_string(n + 100),
                                                "--max-connections", std::to_string(n + 100),
                                                "--idle-timeout-ms", "600000"});
  const ProcStatus before = read_status(server.pid());
  const auto t0 = Steady::now();
  std::vector<std::unique_ptr<RawConnection>> held;
  held.reserve(n);
  int answered = 0;
  for (int i = 0; i < n; ++i) {
    auto c = std::make_unique<RawConnection>(server.port());
    if (!c->connected()) break;
    c->send(kHealth);
    answered += status_of(c->read_answer(10000)) == 200;
    held.push_back(std::move(c));
  }
  const double open_s = std::chrono::duration<double>(Steady::now() - t0).count();
  const ProcStatus holding = read_status(server.pid());
  const auto lat = health_latencies(server.port(), 200);
  int still_open = 0;
  for (auto& c : held) still_open += !c->closed_by_server(0);
  const ProcStatus end = read_status(server.pid());
  std::printf("idle connections: %d opened and answered in %.1f s, %d still open at the end\n", answered, open_s,
              still_open);
  std::printf("  server before: RSS %.1f MB, %ld threads\n", before.rss_kb / 1024.0, before.threads);
  std::printf("  server holding them: RSS %.1f MB (peak %.1f MB), %ld threads\n", holding.rss_kb / 1024.0,
              end.hwm_kb / 1024.0, end.threads);
  std::printf("  health on a new connection meanwhile: p50 %.2f ms, p99 %.2f ms, max %.2f ms\n", lat[lat.size() / 2],
              lat[lat.size() * 99 / 100], lat.back());
  return answered == n && still_open == n ? 0 : 1;
}
