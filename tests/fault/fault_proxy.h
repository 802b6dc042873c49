// FaultProxy: an HTTP-aware proxy on a free 127.0.0.1 port in front of a real crm-server, which
// breaks the traffic between devices and the server on purpose, the way networks do.
//
// Every request is read whole from the client, sent to the server on a fresh connection, and the
// answer read whole before it is passed back (both sides are told `Connection: close`, and
// `Accept-Encoding` is dropped so bodies travel uncompressed and a cut lands inside JSON). For each
// request a seeded RNG decides whether a fault is injected (with the schedule's fault rate) and
// which one (FaultKind, uniformly). With one client thread the decisions of a schedule are
// replayable from its seed.
//
// Faults and what the client sees:
//   drop_request       never reaches the server; the connection closes without an answer
//   drop_response      the server answered (a push committed); the client gets no answer
//   delay              1..max_delay_ms before forwarding; otherwise normal
//   duplicate          the server receives the request twice; the client gets one of the answers
//   reorder            held; the client gets no answer; delivered after the next request that
//                      passes (from any client), or at flush_held(): a stale request arriving late
//   truncate_request   the body is cut and Content-Length set to match: the server gets bad JSON
//   truncate_response  the answer's body is cut and Content-Length set to match: the client gets
//                      a 200 with bad JSON
//   cut_request        the connection to the server is closed halfway through the body
//   cut_response       the answer stops halfway through its body (Content-Length unchanged)
//
// Thread-safe: one thread accepts, one thread per connection. The destructor stops accepting and
// waits for connections in flight.
#pragma once

#include <array>
#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <mutex>
#include <random>
#include <string>
#include <thread>

namespace crm::fault {

enum class FaultKind {
  kDropRequest,
  kDropResponse,
  kDelay,
  kDuplicate,
  kReorder,
  kTruncateRequest,
  kTruncateResponse,
  kCutRequest,
  kCutResponse,
};
inline constexpr int kFaultKinds = 9;
const char* to_string(FaultKind kind);

using FaultCounts = std::array<int64_t, kFaultKinds>;

class FaultProxy {
 public:
  // Forwards to 127.0.0.1:upstream_port. Starts transparent (fault rate 0).
  explicit FaultProxy(int upstream_port);
  ~FaultProxy();
  FaultProxy(const FaultProxy&) = delete;
  FaultProxy& operator=(const FaultProxy&) = delete;

  int port() const { return port_; }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }
  // Points the proxy at a restarted server.
  void set_upstream(int upstream_port) { upstream_port_ = upstream_port; }

  // Starts a schedule: the RNG restarts from `seed`; each request gets a fault with probability
  // `fault_rate` (0: transparent). Held (reordered) requests of an earlier schedule stay held.
  void schedule(uint64_t seed, double fault_rate);
  void set_fault_rate(double fault_rate);
  void set_max_delay_ms(int ms) { max_delay_ms_ = ms; }
  // Delivers every held request to the server now (answers are discarded); returns how many.
  int flush_held();

  FaultCounts counts() const;
  int64_t requests() const { return requests_; }

 private:
  void accept_loop();
  void handle(int client_fd);
  // Picks the fault for the next request (nullopt-like: -1 for none) and a cut point source.
  int pick_fault();
  uint64_t random_below(uint64_t n);
  void deliver_held();

  int listen_fd_ = -1;
  int port_ = 0;
  std::atomic<int> upstream_port_;
  std::atomic<int> max_delay_ms_{20};
  std::atomic<bool> stopping_{false};
  std::thread acceptor_;

  mutable std::mutex mu_;  // guards rng_, rate_, held_, active_
  std::condition_variable idle_;
  std::mt19937_64 rng_{1};
  double rate_ = 0;
  std::deque<std::string> held_;  // whole requests, held for reordering
  int active_ = 0;

  std::array<std::atomic<int64_t>, kFaultKinds> counts_{};
  std::atomic<int64_t> requests_{0};
};

}  // namespace crm::fault
