// The HTTP layer against attacks, on a real crm-server: slow and idle connections, huge and
// nested bodies, chunked bodies past the limit, header floods, ambiguous framing, connection
// caps, static-file tricks, and the headers every answer must carry (issue 12).
#include <catch2/catch.hpp>

#include <chrono>
#include <filesystem>
#include <memory>
#include <thread>
#include <vector>

#include "raw_http.h"
#include "server_fixture.h"

using namespace crm::test;
using Clock = std::chrono::steady_clock;

#if defined(__has_feature)
#if __has_feature(address_sanitizer)
#define CRM_TEST_UNDER_ASAN 1
#endif
#endif
#if defined(__SANITIZE_ADDRESS__) || defined(CRM_TEST_UNDER_ASAN)
constexpr long kPeakRssBoundKib = 400 * 1024;
#else
constexpr long kPeakRssBoundKib = 120 * 1024;
#endif

namespace {

struct EdgeServer {
  TempDir dir;
  std::string data = dir.path() + "/server";
  std::unique_ptr<ServerProcess> server;

  explicit EdgeServer(std::vector<std::string> args = {}) {
    auto r = run_command({server_binary(), "user", "add", "alice", "--data", data}, std::string(kPassword) + "\n");
    REQUIRE(r.exit_code == 0);
    server = std::make_unique<ServerProcess>(data, args);
  }
  int port() const { return server->port(); }
  std::string exchange(const std::string& request, int timeout_ms = 5000) {
    RawConnection c(port());
    REQUIRE(c.connected());
    c.send(request);
    return c.read_answer(timeout_ms);
  }
  std::string token() {
    const std::string body = nlohmann::json{{"protocol", 1}, {"username", "alice"}, {"password", kPassword},
                                            {"device_id", "edge-dev"}}.dump();
    auto a = exchange("POST /api/v1/login HTTP/1.1\r\nHost: x\r\nContent-Length: " + std::to_string(body.size()) +
                      "\r\n\r\n" + body);
    REQUIRE(status_of(a) == 200);
    return nlohmann::json::parse(body_of(a))["token"];
  }
};

std::string code_of(const std::string& answer) {
  auto j = nlohmann::json::parse(body_of(answer), nullptr, false);
  return j.is_object() ? j.value("code", "") : "";
}

int64_t millis_since(Clock::time_point t) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - t).count();
}

}  // namespace

TEST_CASE("Slow clients trickling headers do not slow down anyone else", "[server][edge]") {
  EdgeServer s({"--header-timeout-ms", "3000"});
  const std::string token = s.token();
  std::vector<std::unique_ptr<RawConnection>> slow;
  for (int i = 0; i < 500; ++i) {
    slow.push_back(std::make_unique<RawConnection>(s.port()));
    REQUIRE(slow.back()->connected());
    slow.back()->send("POST /api/v1/pull HTTP/1.1\r\n");
  }
  const std::string pull = R"({"protocol":1,"cursor":0})";
  const auto start = Clock::now();
  int64_t worst = 0;
  while (millis_since(start) < 6000) {
    for (auto& c : slow) c->send("X");  // one header byte at a time, never finishing
    auto t = Clock::now();
    auto health = s.exchange("GET /api/v1/health HTTP/1.1\r\nHost: x\r\n\r\n");
    CHECK(status_of(health) == 200);
    auto p = s.exchange("POST /api/v1/pull HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + token +
                        "\r\nContent-Length: " + std::to_string(pull.size()) + "\r\n\r\n" + pull);
    CHECK(status_of(p) == 200);
    worst = std::max(worst, millis_since(t));
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
  }
  CHECK(worst < 1000);
  // The header timeout (3 s here) closed every slow request long ago.
  int closed = 0;
  for (auto& c : slow)
    if (c->closed_by_server(100)) ++closed;
  CHECK(closed == 500);
}

TEST_CASE("Header floods and long request lines are refused", "[server][edge]") {
  EdgeServer s;
  std::string many = "GET /api/v1/health HTTP/1.1\r\nHost: x\r\n";
  for (int i = 0; i < 10000; ++i) many += "X-H" + std::to_string(i) + ": v\r\n";
  auto a = s.exchange(many + "\r\n");
  CHECK(status_of(a) == 431);
  CHECK(code_of(a) == "headers_too_large");

  std::string seventy = "GET /api/v1/health HTTP/1.1\r\nHost: x\r\n";
  for (int i = 0; i < 70; ++i) seventy += "X-H" + std::to_string(i) + ": v\r\n";
  a = s.exchange(seventy + "\r\n");
  CHECK(status_of(a) == 431);
  CHECK(code_of(a) == "too_many_headers");

  a = s.exchange("GET /" + std::string(5000, 'a') + " HTTP/1.1\r\nHost: x\r\n\r\n");
  CHECK(status_of(a) == 414);
}

TEST_CASE("Ambiguous framing is refused, never guessed", "[server][edge]") {
  EdgeServer s;
  const std::string body = R"({"protocol":1})";
  auto a = s.exchange("POST /api/v1/refresh HTTP/1.1\r\nHost: x\r\nContent-Length: 14\r\nContent-Length: 14\r\n\r\n" +
                      body + "GET /api/v1/health HTTP/1.1\r\nHost: x\r\n\r\n");
  CHECK(status_of(a) == 400);
  CHECK(code_of(a) == "ambiguous_framing");
  a = s.exchange("POST /api/v1/refresh HTTP/1.1\r\nHost: x\r\nContent-Length: 14\r\nTransfer-Encoding: chunked\r\n\r\n" +
                 body);
  CHECK(status_of(a) == 400);
  CHECK(code_of(a) == "ambiguous_framing");
  a = s.exchange("POST /api/v1/refresh HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nContent-Length: 14\r\n\r\n" +
                 body);
  CHECK(status_of(a) == 400);
  a = s.exchange("POST /api/v1/refresh HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip, chunked\r\n\r\n");
  CHECK(status_of(a) == 400);
}

TEST_CASE("Oversized bodies are refused while they arrive, chunked or not, in bounded memory", "[server][edge]") {
  EdgeServer s;
  const std::string token = s.token();
  // 200 MiB announced by Content-Length: refused from the header alone.
  auto a = s.exchange("POST /api/v1/push HTTP/1.1\r\nHost: x\r\nContent-Length: 209715200\r\n\r\n");
  CHECK(status_of(a) == 413);
  CHECK(code_of(a) == "payload_too_large");

  // 200 MiB chunked: refused once 8 MiB arrived; the client cannot send the rest.
  RawConnection c(s.port());
  c.send("POST /api/v1/push HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + token +
         "\r\nTransfer-Encoding: chunked\r\n\r\n");
  const std::string chunk = "100000\r\n" + std::string(0x100000, ' ') + "\r\n";
  int sent_mib = 0;
  for (; sent_mib < 200 && c.send(chunk); ++sent_mib) {
  }
  auto refused = c.read_answer();
  CHECK(status_of(refused) == 413);
  CHECK(sent_mib < 40);

  // A nested sign-in body up to the body limit: parsing stops at the depth limit.
  const std::string nested = std::string(4 * 1024 * 1024, '[') + std::string(4 * 1024 * 1024, ']');
  for (int i = 0; i < 4; ++i) {
    a = s.exchange("POST /api/v1/login HTTP/1.1\r\nHost: x\r\nContent-Length: " + std::to_string(nested.size()) +
                   "\r\n\r\n" + nested);
    CHECK(status_of(a) == 413);
    CHECK(code_of(a) == "payload_too_large");
  }
  const std::string deep = "{\"protocol\":1,\"username\":" + std::string(1000, '[') + std::string(1000, ']') + "}";
  a = s.exchange("POST /api/v1/login HTTP/1.1\r\nHost: x\r\nContent-Length: " + std::to_string(deep.size()) +
                 "\r\n\r\n" + deep);
  CHECK(status_of(a) == 400);
  CHECK(code_of(a) == "wrong_type");
  // Peak memory of the whole server process, bodies included: well under what one tree took
  // (419 MB). Under AddressSanitizer (build-san) the server carries ASan's shadow memory and its
  // quarantine of freed blocks (256 MB by default), so the bound there is looser.
  CHECK(peak_rss_kib(s.server->pid()) < kPeakRssBoundKib);
}

TEST_CASE("Connections are capped per address; idle ones are closed", "[server][edge]") {
  EdgeServer s({"--max-connections-per-address", "20", "--idle-timeout-ms", "1500"});
  std::vector<std::unique_ptr<RawConnection>> held;
  for (int i = 0; i < 20; ++i) held.push_back(std::make_unique<RawConnection>(s.port()));
  RawConnection over(s.port());
  CHECK(over.closed_by_server(2000));
  // Idle connections end after the idle timeout, which frees the slots.
  for (auto& c : held) CHECK(c->closed_by_server(4000));
  CHECK(status_of(s.exchange("GET /api/v1/health HTTP/1.1\r\nHost: x\r\n\r\n")) == 200);
}

TEST_CASE("Static files: no NUL tricks, no symlinks out of the root, security headers", "[server][edge]") {
  TempDir web;
  const std::string root = web.path() + "/root";
  std::filesystem::create_directories(root);
  { std::ofstream(root + "/index.html") << "<!doctype html><title>app</title>"; }
  { std::ofstream(web.path() + "/secret.txt") << "outside"; }
  std::filesystem::create_symlink(web.path() + "/secret.txt", root + "/leak.txt");
  std::filesystem::create_symlink(root + "/index.html", root + "/alias.html");
  EdgeServer s({"--static", root});

  auto a = s.exchange("GET / HTTP/1.1\r\nHost: x\r\n\r\n");
  REQUIRE(status_of(a) == 200);
  CHECK(a.find("Content-Security-Policy: default-src 'self'; script-src 'self' 'wasm-unsafe-eval'") != std::string::npos);
  CHECK(a.find("frame-ancestors 'none'") != std::string::npos);
  CHECK(a.find("X-Content-Type-Options: nosniff") != std::string::npos);
  CHECK(a.find("Referrer-Policy: no-referrer") != std::string::npos);
  CHECK(a.find("Content-Type: text/html") != std::string::npos);

  a = s.exchange("GET /index.html%00.js HTTP/1.1\r\nHost: x\r\n\r\n");
  CHECK(status_of(a) == 400);
  CHECK(a.find("text/javascript") == std::string::npos);
  CHECK(status_of(s.exchange("GET /index.html%0d%0aX:%20y HTTP/1.1\r\nHost: x\r\n\r\n")) == 400);
  CHECK(status_of(s.exchange("GET /leak.txt HTTP/1.1\r\nHost: x\r\n\r\n")) == 404);
  CHECK(status_of(s.exchange("GET /../secret.txt HTTP/1.1\r\nHost: x\r\n\r\n")) == 400);
  CHECK(status_of(s.exchange("GET /%2e%2e/secret.txt HTTP/1.1\r\nHost: x\r\n\r\n")) == 400);
  CHECK(status_of(s.exchange("GET /alias.html HTTP/1.1\r\nHost: x\r\n\r\n")) == 200);  // inside the root

  // Every API answer, the sign-in with its tokens first, is kept out of caches.
  const std::string body = nlohmann::json{{"protocol", 1}, {"username", "alice"}, {"password", kPassword},
                                          {"device_id", "d1"}}.dump();
  a = s.exchange("POST /api/v1/login HTTP/1.1\r\nHost: x\r\nContent-Length: " + std::to_string(body.size()) +
                 "\r\n\r\n" + body);
  CHECK(status_of(a) == 200);
  CHECK(a.find("Cache-Control: no-store") != std::string::npos);
  a = s.exchange("GET /api/v1/nothing HTTP/1.1\r\nHost: x\r\n\r\n");
  CHECK(status_of(a) == 404);
  CHECK(a.find("Cache-Control: no-store") != std::string::npos);
}

TEST_CASE("An error answer arrives whole even when the client is still sending", "[server][edge]") {
  EdgeServer s;
  // The server refuses at the header; the unread body must not turn the close into a reset that
  // destroys the answer in this socket's receive queue (issue 9 item 7).
  for (int i = 0; i < 50; ++i) {
    RawConnection c(s.port());
    c.send("POST /api/v1/login HTTP/1.1\r\nHost: x\r\nContent-Length: 99999999\r\n\r\n" + std::string(200000, 'x'));
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    auto a = c.read_answer();
    REQUIRE(status_of(a) == 413);
    CHECK(code_of(a) == "payload_too_large");
  }
}

TEST_CASE("SIGTERM finishes what is in flight and stops promptly with idle connections open", "[server][edge]") {
  EdgeServer s;
  std::vector<std::unique_ptr<RawConnection>> idle;
  for (int i = 0; i < 100; ++i) idle.push_back(std::make_unique<RawConnection>(s.port()));
  RawConnection busy(s.port());
  const std::string body = nlohmann::json{{"protocol", 1}, {"username", "alice"}, {"password", kPassword},
                                          {"device_id", "d1"}}.dump();
  busy.send("POST /api/v1/login HTTP/1.1\r\nHost: x\r\nContent-Length: " + std::to_string(body.size()) +
            "\r\n\r\n" + body);
  std::this_thread::sleep_for(std::chrono::milliseconds(50));  // the password check is running
  const auto t = Clock::now();
  CHECK(s.server->terminate() == 0);
  CHECK(millis_since(t) < 5000);
  auto a = busy.read_answer();
  CHECK(status_of(a) == 200);
  CHECK(a.find("Connection: close") != std::string::npos);
}
