// The app layer's test fixture (client/app/app.h against a real crm-server on 127.0.0.1): a test
// Platform sends each request for real over the blocking native transport but queues its answer,
// so a test delivers answers explicitly between "frames", as the browser's asynchronous fetch
// would. Shared by app_test.cpp and app_session_test.cpp.
#pragma once

#include <catch2/catch.hpp>

#include <cstdio>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "../server/process.h"
#include "app/app.h"
#include "core/clock.h"
#include "core/time_format.h"
#include "net/native_http_transport.h"
#include "visits/geo.h"

using namespace crm;
using crm::test::run_command;
using crm::test::server_binary;
using crm::test::ServerProcess;
using crm::test::TempDir;

namespace {

[[maybe_unused]] const char* kPassword = "correct horse 42";

// The browser, as the app sees it: fetch, geolocation, connectivity.
class TestPlatform final : public Platform {
 public:
  // Base URLs the app uses that stand for another address (a name whose server moves).
  std::map<std::string, std::string> aliases;
  // What locate() answers; taken when locate() is called.
  Result<GeoFix> fix = make_error("location_unavailable", "no fix set by the test");
  bool is_online = true;
  std::string origin_url;
  std::vector<HttpRequest> sent;
  int locates = 0;
  // Changes an answer before the app sees it (a misbehaving server or proxy).
  std::function<void(const HttpRequest&, Result<HttpResponse>&)> tamper;

  void http_send(const std::string& base_url, const HttpRequest& request,
                 std::function<void(Result<HttpResponse>)> done) override {
    sent.push_back(request);
    auto it = aliases.find(base_url);
    const std::string url = it == aliases.end() ? base_url : it->second;
    Result<HttpResponse> r = transport(url).send(request);
    if (tamper) tamper(request, r);
    queue_.push_back([done = std::move(done), r]() { done(r); });
  }
  void locate(std::function<void(Result<GeoFix>)> done) override {
    ++locates;
    queue_.push_back([done = std::move(done), f = fix]() { done(f); });
  }
  bool online() override { return is_online; }
  PersistStatus persist_status() override { return {}; }
  std::string origin() override { return origin_url; }
  std::string device_name() override { return "catch2 test device"; }
  // The device's files (photos), when a test gives it some.
  LocalFiles* local_files = nullptr;
  LocalFiles* files() override { return local_files; }

  size_t pending() const { return queue_.size(); }
  // Closes the kept-alive connections (a server being stopped need not wait for them to idle out).
  void disconnect() { transports_.clear(); }
  // Delivers the oldest answer; what it triggers is queued behind the rest.
  bool deliver_one() {
    if (queue_.empty()) return false;
    auto f = std::move(queue_.front());
    queue_.pop_front();
    f();
    return true;
  }
  // Delivers answers until none is left (a sync's next request is queued by the previous answer).
  int deliver_all() {
    int n = 0;
    while (deliver_one()) REQUIRE(++n < 1000);
    return n;
  }
  // Paths of requests sent since `from`.
  std::vector<std::string> paths(size_t from = 0) const {
    std::vector<std::string> out;
    for (size_t i = from; i < sent.size(); ++i) out.push_back(sent[i].path);
    return out;
  }

 private:
  NativeHttpTransport& transport(const std::string& url) {
    auto& t = transports_[url];
    if (!t) t = std::make_unique<NativeHttpTransport>(url);
    return *t;
  }
  std::map<std::string, std::unique_ptr<NativeHttpTransport>> transports_;
  std::deque<std::function<void()>> queue_;
};

// One browser on one device: its platform, clock and app over a local database file.
struct Device {
  TestPlatform platform;
  ManualClock clock;
  SeededRandom random;
  std::unique_ptr<App> app;

  Device(const std::string& db_path, int64_t now_ms, uint64_t seed) : clock(now_ms), random(seed) {
    app = std::make_unique<App>(platform, clock, random);
    Status s = app->open(db_path, OpenOptions{});
    INFO((s ? "" : s.error().message));
    REQUIRE(s.ok());
  }

  void sign_in(const std::string& server, const std::string& user, const std::string& password = kPassword) {
    app->sign_in(server, user, password);
    platform.deliver_all();
    INFO(app->sign_in_error().code << ": " << app->sign_in_error().message);
    REQUIRE(app->signed_in());
  }
  // One frame, then every answer the frame's requests lead to.
  void frame() {
    app->tick();
    platform.deliver_all();
  }
  // Lets the after-edit delay pass and syncs.
  void sync_after_edit() {
    clock.advance(SyncSchedule{}.after_edit_ms);
    const size_t before = platform.sent.size();
    frame();
    REQUIRE(platform.sent.size() > before);
    REQUIRE_FALSE(app->sync_state().running);
  }
  int64_t outbox() { return app->replica()->store().outbox_size().value(); }

  std::string save_customer(const std::map<std::string, std::string>& typed) {
    FormOutcome out = app->save("customer", "", typed);
    INFO(out.error.code);
    REQUIRE(out.ok);
    return out.id;
  }
};

struct LiveServer {
  TempDir dir;
  std::string data = dir.path() + "/server";
  std::unique_ptr<ServerProcess> server;

  explicit LiveServer(const std::vector<std::string>& server_args = {}) {
    add_user("alice", "sales");
    add_user("bob", "manager");
    server = std::make_unique<ServerProcess>(data, server_args);
  }
  void admin(std::vector<std::string> args) {
    args.insert(args.begin(), server_binary());
    args.push_back("--data");
    args.push_back(data);
    auto r = run_command(args);
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
  }
  void add_user(const std::string& name, const std::string& role) {
    auto r = run_command({server_binary(), "user", "add", name, "--role", role, "--data", data},
                         std::string(kPassword) + "\n");
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
  }
  // Sets a new password, which signs the user out on every device.
  void change_password(const std::string& name, const std::string& password) {
    auto r = run_command({server_binary(), "user", "passwd", name, "--data", data}, password + "\n");
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
  }
  std::string url() const { return server->url(); }
  std::string db(const std::string& name) const { return dir.path() + "/" + name + ".db"; }
};

[[maybe_unused]] int64_t real_now_ms() {
  SystemClock c;
  return c.now_ms();
}

[[maybe_unused]] std::string str(const std::map<std::string, Json>& values, const std::string& field) {
  auto it = values.find(field);
  return it != values.end() && it->second.is_string() ? it->second.get<std::string>() : std::string();
}

}  // namespace

