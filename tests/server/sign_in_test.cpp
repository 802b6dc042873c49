// Sign-in throttling against a real server under parallel requests: each attempt is counted
// before its password is checked, so a parallel burst cannot check more guesses than the limit
// allows; a flood of sign-ins from many addresses delays a real user by seconds at most; the
// client address comes from X-Forwarded-For only when the peer is a trusted proxy.
#include <catch2/catch.hpp>

#include <atomic>
#include <chrono>
#include <thread>
#include <vector>

#include "raw_http.h"
#include "server_fixture.h"

using namespace crm::test;

namespace {

struct Answer {
  int status = 0;
  std::string code, message;
};

Answer sign_in(int port, const std::string& user, const std::string& password, const std::string& forwarded = {}) {
  const std::string body = nlohmann::json{{"protocol", 1}, {"username", user}, {"password", password},
                                          {"device_id", "dev-" + user}}.dump();
  RawConnection c(port);
  c.send("POST /api/v1/login HTTP/1.1\r\nHost: x\r\n" +
         (forwarded.empty() ? std::string() : "X-Forwarded-For: " + forwarded + "\r\n") +
         "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body);
  auto a = c.read_answer(30000);
  auto j = nlohmann::json::parse(body_of(a), nullptr, false);
  if (!j.is_object()) return Answer{status_of(a), "", ""};
  return Answer{status_of(a), j.value("code", ""), j.value("message", "")};
}

std::vector<Answer> burst(int port, const std::vector<std::string>& passwords) {
  std::vector<Answer> out(passwords.size());
  std::vector<std::thread> threads;
  for (size_t i = 0; i < passwords.size(); ++i)
    threads.emplace_back([&, i] { out[i] = sign_in(port, "alice", passwords[i]); });
  for (auto& t : threads) t.join();
  return out;
}

}  // namespace

TEST_CASE("Parallel guesses cost one attempt each; the right password after the limit is refused",
          "[server][signin]") {
  LiveServer s;
  const int port = s.server->port();
  std::vector<std::string> wrong(150);
  for (size_t i = 0; i < wrong.size(); ++i) wrong[i] = "guess " + std::to_string(i);
  auto answers = burst(port, wrong);
  int checked = 0;
  for (const auto& a : answers) {
    if (a.code == "invalid_credentials") ++checked;
    else CHECK(a.code == "too_many_attempts");
  }
  // 5 free attempts, then one checked per lock that ran out during the burst (1 s, 2 s, ...).
  CHECK(checked >= 1);
  CHECK(checked <= 8);

  // Past the limit each lock doubles: fail on until the lock is at least 4 s, then a burst that
  // holds the right password is refused whole, the right password unchecked.
  for (int i = 0; i < 20; ++i) {
    auto a = sign_in(port, "alice", "guess again");
    REQUIRE(a.status != 200);
    const size_t at = a.message.find("try again in ");
    const int wait = at == std::string::npos ? 0 : std::atoi(a.message.c_str() + at + 13);
    if (a.code == "too_many_attempts" && wait >= 4) break;
    if (a.code == "too_many_attempts") std::this_thread::sleep_for(std::chrono::seconds(wait));
  }
  std::vector<std::string> mixed(20, "nope");
  mixed[0] = mixed[10] = kPassword;
  for (const auto& a : burst(port, mixed)) CHECK(a.code == "too_many_attempts");
}

TEST_CASE("A flood of failed sign-ins from many addresses delays a real user by seconds at most",
          "[server][signin]") {
  TempDir dir;
  const std::string data = dir.path() + "/server";
  REQUIRE(run_command({server_binary(), "user", "add", "alice", "--data", data}, std::string(kPassword) + "\n")
              .exit_code == 0);
  ServerProcess server(data, {"--trusted-proxy", "127.0.0.1"});
  // A device signed in before the flood: its pulls must not wait behind the flood's sign-ins.
  const std::string body = nlohmann::json{{"protocol", 1}, {"username", "alice"}, {"password", kPassword},
                                          {"device_id", "synced-device"}}.dump();
  RawConnection first(server.port());
  first.send("POST /api/v1/login HTTP/1.1\r\nHost: x\r\nContent-Length: " + std::to_string(body.size()) +
             "\r\n\r\n" + body);
  const auto first_answer = first.read_answer(30000);
  REQUIRE(status_of(first_answer) == 200);
  const std::string token = nlohmann::json::parse(body_of(first_answer))["token"];
  std::atomic<bool> stop{false};
  std::atomic<int> attacks{0};
  std::vector<std::thread> flood;
  for (int t = 0; t < 8; ++t)
    flood.emplace_back([&, t] {
      for (int i = 0; !stop; ++i) {
        sign_in(server.port(), "victim" + std::to_string(i % 50), "wrong",
                "10." + std::to_string(t) + "." + std::to_string(i / 250) + "." + std::to_string(i % 250));
        ++attacks;
      }
    });
  std::this_thread::sleep_for(std::chrono::seconds(1));
  const std::string pull = R"({"protocol":1,"cursor":0})";
  for (int i = 0; i < 10; ++i) {
    const auto t = std::chrono::steady_clock::now();
    RawConnection c(server.port());
    c.send("POST /api/v1/pull HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + token + "\r\nContent-Length: " +
           std::to_string(pull.size()) + "\r\n\r\n" + pull);
    CHECK(status_of(c.read_answer(10000)) == 200);
    CHECK(std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - t).count() < 1000);
  }
  int signed_in = 0;
  for (int i = 0; i < 5; ++i) {
    const auto t = std::chrono::steady_clock::now();
    auto a = sign_in(server.port(), "alice", kPassword, "192.168.1." + std::to_string(i));
    const auto ms =
        std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - t).count();
    CHECK(ms < 5000);
    if (a.status == 200) ++signed_in;
    else CHECK(a.code == "server_busy");
  }
  stop = true;
  for (auto& t : flood) t.join();
  CHECK(attacks > 10);
  CHECK(signed_in >= 1);
}

TEST_CASE("X-Forwarded-For is ignored unless the peer is a trusted proxy", "[server][signin]") {
  LiveServer s;
  // Without --trusted-proxy every attempt counts for 127.0.0.1, whatever address it claims.
  for (int i = 0; i < 6; ++i)
    CHECK(sign_in(s.server->port(), "alice", "wrong", "10.1.1." + std::to_string(i)).code == "invalid_credentials");
  CHECK(sign_in(s.server->port(), "alice", kPassword, "10.2.2.2").code == "too_many_attempts");
}
