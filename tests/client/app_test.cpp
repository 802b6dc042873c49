// The app layer (client/app/app.h) against a real crm-server on 127.0.0.1: a test Platform sends
// each request for real over the blocking native transport but queues its answer, so the test
// delivers answers explicitly between "frames", as the browser's asynchronous fetch would.
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

const char* kPassword = "correct horse 42";

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

int64_t real_now_ms() {
  SystemClock c;
  return c.now_ms();
}

std::string str(const std::map<std::string, Json>& values, const std::string& field) {
  auto it = values.find(field);
  return it != values.end() && it->second.is_string() ? it->second.get<std::string>() : std::string();
}

}  // namespace

TEST_CASE("App: signing in against a live server", "[client][app][integration]") {
  LiveServer s;
  Device d(s.db("phone"), real_now_ms(), 1);
  CHECK_FALSE(d.app->signed_in());
  CHECK_FALSE(d.app->signed_in());

  SECTION("the right password signs in, asynchronously") {
    d.app->sign_in(s.url() + "/", "alice", kPassword);
    CHECK(d.app->sign_in_busy());
    CHECK_FALSE(d.app->signed_in());
    REQUIRE(d.platform.pending() == 1);
    CHECK(d.platform.sent.back().path == "/api/v1/login");
    // A second press while busy sends nothing more.
    d.app->sign_in(s.url(), "alice", kPassword);
    CHECK(d.platform.sent.size() == 1);

    d.platform.deliver_all();
    CHECK_FALSE(d.app->sign_in_busy());
    CHECK(d.app->sign_in_error().code.empty());
    REQUIRE(d.app->signed_in());
    CHECK(d.app->session().username == "alice");
    CHECK(d.app->session().role == "sales");
    CHECK(d.app->session().server == s.url());  // trailing slash dropped
    CHECK_FALSE(d.app->session().token.empty());
    CHECK(d.app->signed_in());
    CHECK(d.app->notice().empty());

    // A sync is due at once, and an empty first sync succeeds.
    const size_t before = d.platform.sent.size();
    d.frame();
    CHECK(d.platform.paths(before) == std::vector<std::string>{"/api/v1/pull"});
    CHECK(d.app->sync_state().last_error.code.empty());
    CHECK(d.app->sync_state().last_success_ms == d.clock.now_ms());
    CHECK(d.app->sync_state().clock_offset_ms.has_value());

    // The session survives a restart of the app.
    const std::string token = d.app->session().token;
    d.app.reset();
    d.app = std::make_unique<App>(d.platform, d.clock, d.random);
    REQUIRE(d.app->open(s.db("phone"), OpenOptions{}).ok());
    CHECK(d.app->signed_in());
    CHECK(d.app->session().token == token);
    CHECK(d.app->session().username == "alice");
    CHECK(d.app->signed_in());
  }
  SECTION("an empty server address means the address the app was loaded from") {
    d.platform.origin_url = s.url();
    d.sign_in("", "bob");
    CHECK(d.app->session().server == s.url());
    CHECK(d.app->session().role == "manager");
  }
  SECTION("a wrong password gives the server's error code") {
    d.app->sign_in(s.url(), "alice", "wrong password");
    d.platform.deliver_all();
    CHECK_FALSE(d.app->signed_in());
    CHECK_FALSE(d.app->sign_in_busy());
    CHECK(d.app->sign_in_error().code == "invalid_credentials");
    CHECK_FALSE(d.app->signed_in());
    // An unknown user gets the same answer.
    d.app->sign_in(s.url(), "mallory", kPassword);
    d.platform.deliver_all();
    CHECK(d.app->sign_in_error().code == "invalid_credentials");
    // Then the right one works, and clears the error.
    d.sign_in(s.url(), "alice");
    CHECK(d.app->sign_in_error().code.empty());
  }
  SECTION("missing credentials are refused without asking the server") {
    d.app->sign_in(s.url(), "alice", "");
    CHECK(d.app->sign_in_error().code == "missing_credentials");
    d.app->sign_in(s.url(), "", kPassword);
    CHECK(d.app->sign_in_error().code == "missing_credentials");
    CHECK(d.platform.sent.empty());
    CHECK_FALSE(d.app->sign_in_busy());
  }
  SECTION("no server at the address gives network_error") {
    const std::string url = s.url();
    d.platform.disconnect();
    REQUIRE(s.server->terminate() == 0);
    d.app->sign_in(url, "alice", kPassword);
    d.platform.deliver_all();
    CHECK_FALSE(d.app->signed_in());
    CHECK(d.app->sign_in_error().code == "network_error");
  }
}

TEST_CASE("App: saving a customer form validates what was typed", "[client][app][integration]") {
  LiveServer s;
  Device d(s.db("phone"), real_now_ms(), 2);
  d.sign_in(s.url(), "alice");
  d.frame();  // first sync
  REQUIRE(d.app->sync_state().unsynced == 0);

  SECTION("a bad e-mail is reported on its field and nothing is written") {
    FormOutcome out = d.app->save("customer", "", {{"kind", "company"}, {"name", "Acme"}, {"email", "bad"}});
    CHECK_FALSE(out.ok);
    CHECK(out.id.empty());
    CHECK(out.field_errors == std::map<std::string, std::string>{{"email", "invalid_email"}});
    CHECK(out.error.code.empty());
    CHECK(d.app->customers().size() == 0);
    CHECK(d.outbox() == 0);
    CHECK(d.app->sync_state().unsynced == 0);
    CHECK(d.app->replica()->store().count("customer").value() == 0);
  }
  SECTION("every bad field is reported at once") {
    FormOutcome out = d.app->save("customer", "",
                                  {{"kind", "shop"}, {"email", "x@"}, {"latitude", "north"}, {"phone", "12"}});
    CHECK_FALSE(out.ok);
    CHECK(out.field_errors == std::map<std::string, std::string>{{"kind", "invalid_choice"},
                                                                 {"email", "invalid_email"},
                                                                 {"latitude", "wrong_type"},
                                                                 {"phone", "invalid_phone"},
                                                                 {"name", "required"}});
    CHECK(d.outbox() == 0);
  }
  SECTION("an unknown entity is an error not tied to a field") {
    FormOutcome out = d.app->save("invoice", "", {{"name", "x"}});
    CHECK_FALSE(out.ok);
    CHECK(out.error.code == "unknown_entity");
  }
  SECTION("a valid customer is stored, listed and queued for sync") {
    FormOutcome out = d.app->save("customer", "",
                                  {{"kind", "company"},
                                   {"name", "  Acme  "},
                                   {"email", "buyer@acme.example"},
                                   {"city", "Berlin"},
                                   {"latitude", "52.52"},
                                   {"longitude", "13.405"},
                                   {"phone", ""}});
    REQUIRE(out.ok);
    CHECK(out.field_errors.empty());
    CHECK_FALSE(out.id.empty());
    CHECK(d.app->sync_state().unsynced == 1);
    CHECK(d.outbox() == 1);
    auto v = d.app->values("customer", out.id);
    REQUIRE(v);
    CHECK(str(*v, "name") == "Acme");  // trimmed
    CHECK((*v)["latitude"] == 52.52);
    CHECK(v->count("phone") == 0);  // empty text: no value
    REQUIRE(d.app->customers().find(out.id));
    CHECK(d.app->customers().find(out.id)->city == "Berlin");

    // Editing: only what changed is written; a bad value changes nothing.
    FormOutcome bad = d.app->save("customer", out.id, {{"email", "nope"}, {"city", "Paris"}});
    CHECK(bad.field_errors == std::map<std::string, std::string>{{"email", "invalid_email"}});
    CHECK(d.app->customers().find(out.id)->city == "Berlin");
    FormOutcome edit = d.app->save("customer", out.id, {{"city", "Paris"}, {"name", "Acme"}});
    REQUIRE(edit.ok);
    CHECK(edit.id == out.id);
    CHECK(d.app->customers().find(out.id)->city == "Paris");
    CHECK(str(*d.app->values("customer", out.id), "email") == "buyer@acme.example");
    // Clearing a required field is refused.
    FormOutcome cleared = d.app->save("customer", out.id, {{"name", "   "}});
    CHECK(cleared.field_errors == std::map<std::string, std::string>{{"name", "required"}});

    // The edit syncs after the edit delay, not at once.
    size_t before = d.platform.sent.size();
    d.frame();
    CHECK(d.platform.sent.size() == before);
    d.sync_after_edit();
    CHECK(d.app->sync_state().unsynced == 0);
    CHECK(d.outbox() == 0);
    CHECK(d.app->sync_state().last_pushed == 1);

    // Removing it.
    REQUIRE(d.app->remove("customer", out.id).ok());
    CHECK(d.app->customers().size() == 0);
    CHECK_FALSE(d.app->values("customer", out.id));
    CHECK(d.app->sync_state().unsynced == 1);
    FormOutcome gone = d.app->save("customer", out.id, {{"city", "Rome"}});
    CHECK(gone.error.code == "not_found");
  }
}

TEST_CASE("App: tick() syncs when due and the outbox empties", "[client][app][integration]") {
  LiveServer s;
  Device phone(s.db("phone"), real_now_ms(), 3);
  Device laptop(s.db("laptop"), real_now_ms(), 4);
  phone.sign_in(s.url(), "alice");
  laptop.sign_in(s.url(), "alice");
  phone.frame();
  laptop.frame();

  const std::string acme = phone.save_customer({{"kind", "company"}, {"name", "Acme"}, {"city", "Berlin"}});
  const std::string zhang =
      phone.save_customer({{"kind", "company"}, {"name", "张三贸易有限公司"}, {"city", "北京"}});
  CHECK(phone.app->sync_state().unsynced == 2);

  // Not yet due: nothing is sent.
  phone.app->tick();
  CHECK(phone.platform.pending() == 0);
  phone.clock.advance(SyncSchedule{}.after_edit_ms);
  const size_t before = phone.platform.sent.size();
  phone.app->tick();
  CHECK(phone.app->sync_state().running);
  REQUIRE(phone.platform.pending() == 1);
  CHECK(phone.platform.sent.back().path == "/api/v1/push");
  // A frame while the request is in flight starts nothing else.
  phone.app->tick();
  CHECK(phone.platform.pending() == 1);
  phone.platform.deliver_all();
  CHECK(phone.platform.paths(before) == std::vector<std::string>{"/api/v1/push", "/api/v1/pull"});
  CHECK_FALSE(phone.app->sync_state().running);
  CHECK(phone.app->sync_state().unsynced == 0);
  CHECK(phone.outbox() == 0);
  CHECK(phone.app->sync_state().last_pushed == 2);
  CHECK(phone.app->sync_state().last_error.code.empty());
  CHECK(phone.app->sync_state().last_success_ms == phone.clock.now_ms());

  // The next periodic sync is a period later.
  phone.clock.advance(SyncSchedule{}.period_ms - 1);
  phone.app->tick();
  CHECK(phone.platform.pending() == 0);
  phone.clock.advance(1);
  phone.frame();
  CHECK(phone.app->sync_state().last_success_ms == phone.clock.now_ms());

  // The other device gets both on its next periodic sync, searchable.
  laptop.clock.advance(SyncSchedule{}.period_ms);
  laptop.frame();
  CHECK(laptop.app->sync_state().last_pulled == 2);
  CHECK(laptop.app->customers().size() == 2);
  const auto& hits = laptop.app->customers().search("张三");
  REQUIRE(hits.size() == 1);
  CHECK(laptop.app->customers().row(hits[0]).id == zhang);
  CHECK(str(*laptop.app->values("customer", acme), "city") == "Berlin");

  // sync_now() goes at once, even right after a sync.
  laptop.app->sync_now();
  const size_t l_before = laptop.platform.sent.size();
  laptop.frame();
  CHECK(laptop.platform.sent.size() > l_before);

  // Offline (as the browser reports it): no attempt, however due.
  phone.platform.is_online = false;
  phone.app->sync_now();
  const size_t p_before = phone.platform.sent.size();
  phone.frame();
  CHECK(phone.platform.sent.size() == p_before);
  phone.platform.is_online = true;
  phone.app->on_online();
  phone.frame();
  CHECK(phone.platform.sent.size() > p_before);
}

TEST_CASE("App: GPS check-in and check-out of a visit", "[client][app][integration]") {
  LiveServer s;
  // This device's clock is 10 minutes fast: the visit must learn it at the next sync.
  const int64_t skew = 10 * 60'000;
  Device d(s.db("phone"), real_now_ms() + skew, 5);
  d.sign_in(s.url(), "alice");
  d.frame();
  const std::string shop = d.save_customer(
      {{"kind", "company"}, {"name", "上海门店"}, {"latitude", "31.2304"}, {"longitude", "121.4737"}});

  SECTION("inside the geofence, then synced, then checked out") {
    const int64_t t0 = d.clock.now_ms();
    d.platform.fix = GeoFix{31.2310, 121.4740, 12.5, t0 - 4'000};
    d.app->reset_check_in();  // the user opens customer shop
    d.app->check_in(shop, "quarterly review");
    CHECK(d.app->check_in_state().phase == CheckInState::Phase::kLocating);
    CHECK(d.platform.locates == 1);
    d.app->check_in(shop, "pressed twice");  // still locating: ignored
    CHECK(d.platform.locates == 1);
    d.platform.deliver_all();
    REQUIRE(d.app->check_in_state().phase == CheckInState::Phase::kDone);
    const std::string visit = d.app->check_in_state().visit_id;
    REQUIRE_FALSE(visit.empty());
    CHECK(d.app->open_visit(shop) == visit);

    auto v = d.app->values("visit", visit);
    REQUIRE(v);
    CHECK((*v)["inside_geofence"] == true);
    const double expected = distance_m({31.2304, 121.4737}, {31.2310, 121.4740});
    REQUIRE((*v)["distance_m"].is_number());
    CHECK((*v)["distance_m"].get<double>() == Approx(expected).margin(0.051));
    CHECK((*v)["distance_m"].get<double>() > 50);
    CHECK((*v)["distance_m"].get<double>() < 100);
    CHECK((*v)["geofence_radius_m"] == kDefaultGeofenceRadiusM);
    CHECK((*v)["position_age_ms"] == 4'000);
    CHECK((*v)["accuracy_m"] == 12.5);
    CHECK(str(*v, "customer_id") == shop);
    CHECK(str(*v, "user") == "alice");
    CHECK(str(*v, "purpose") == "quarterly review");
    CHECK(parse_iso8601(str(*v, "checkin_at")) == t0);
    CHECK(v->count("clock_offset_ms") == 0);
    CHECK(d.app->sync_state().unsynced == 2);  // the customer and the visit
    // The customer's visits come from the computed visit list, kept current by the observer.
    auto related = d.app->children(shop, "visit");
    REQUIRE(related.size() == 1);
    CHECK(related[0]->id == visit);
    CHECK(parse_iso8601(str(related[0]->values, "checkin_at")) == t0);
    CHECK(trust_warnings(related[0]->values).empty());

    // The next sync measures the device clock against the server's and stamps the visit.
    const int64_t real_before = real_now_ms();
    d.sync_after_edit();
    const int64_t real_after = real_now_ms();
    REQUIRE(d.app->sync_state().last_error.code.empty());
    REQUIRE(d.app->sync_state().clock_offset_ms.has_value());
    const int64_t offset = *d.app->sync_state().clock_offset_ms;
    // The server answered between real_before and real_after, by the real clock.
    CHECK(offset >= d.clock.now_ms() - real_after - 5);
    CHECK(offset <= d.clock.now_ms() - real_before + 5);
    CHECK(offset > skew - 60'000);
    v = d.app->values("visit", visit);
    REQUIRE((*v)["clock_offset_ms"].is_number_integer());
    CHECK((*v)["clock_offset_ms"].get<int64_t>() == offset);
    // A 10-minute skew makes the check-in suspicious to a manager.
    auto flagged = d.app->visits(true);
    REQUIRE(flagged.size() == 1);
    CHECK(flagged[0].warnings == std::vector<std::string>{"clock_skew"});
    // The stamp is a local edit too, and goes out with the next sync.
    CHECK(d.app->sync_state().unsynced == 1);
    d.sync_after_edit();
    CHECK(d.app->sync_state().unsynced == 0);
    // A later sync does not stamp it again.
    d.app->sync_now();
    d.frame();
    CHECK(d.app->sync_state().unsynced == 0);

    // Check-out 25 minutes later.
    d.clock.advance(25 * 60'000);
    Status out = d.app->check_out(visit, "signed the contract");
    REQUIRE(out.ok());
    v = d.app->values("visit", visit);
    CHECK((*v)["duration_s"] == (d.clock.now_ms() - t0) / 1000);
    CHECK(parse_iso8601(str(*v, "checkout_at")) == d.clock.now_ms());
    CHECK(str(*v, "notes") == "signed the contract");
    CHECK_FALSE(d.app->open_visit(shop));
    CHECK(d.app->check_out(visit, "again").error().code == "already_checked_out");
    d.sync_after_edit();
    CHECK(d.app->sync_state().unsynced == 0);

    // The user's other device sees the whole visit.
    Device laptop(s.db("laptop"), real_now_ms(), 6);
    laptop.sign_in(s.url(), "alice");
    laptop.frame();
    auto seen = laptop.app->values("visit", visit);
    REQUIRE(seen);
    CHECK((*seen)["clock_offset_ms"] == offset);
    CHECK((*seen)["duration_s"] == (*v)["duration_s"]);
    CHECK((*seen)["inside_geofence"] == true);
  }
  SECTION("outside the geofence") {
    d.platform.fix = GeoFix{31.2404, 121.4737, 20, d.clock.now_ms()};  // about 1.1 km north
    d.app->check_in(shop, "");
    d.platform.deliver_all();
    REQUIRE(d.app->check_in_state().phase == CheckInState::Phase::kDone);
    auto v = d.app->values("visit", d.app->check_in_state().visit_id);
    CHECK((*v)["inside_geofence"] == false);
    CHECK((*v)["distance_m"].get<double>() > 1000);
    CHECK(v->count("purpose") == 0);
    auto flagged = d.app->visits(true);
    REQUIRE(flagged.size() == 1);
    CHECK(flagged[0].warnings == std::vector<std::string>{"outside_geofence"});
  }
  SECTION("a wider geofence setting takes it in") {
    REQUIRE(d.app->set_geofence_radius_m(2000).ok());
    CHECK_FALSE(d.app->set_geofence_radius_m(5).ok());
    CHECK(d.app->geofence_radius_m() == 2000);
    d.platform.fix = GeoFix{31.2404, 121.4737, 20, d.clock.now_ms()};
    d.app->check_in(shop, "");
    d.platform.deliver_all();
    auto v = d.app->values("visit", d.app->check_in_state().visit_id);
    CHECK((*v)["inside_geofence"] == true);
    CHECK((*v)["geofence_radius_m"] == 2000);
  }
  SECTION("no position: the check-in fails and nothing is written") {
    d.platform.fix = make_error("location_denied", "the user said no");
    const int64_t outbox = d.outbox();
    d.app->check_in(shop, "");
    d.platform.deliver_all();
    CHECK(d.app->check_in_state().phase == CheckInState::Phase::kFailed);
    CHECK(d.app->check_in_state().error.code == "location_denied");
    CHECK(d.app->check_in_state().visit_id.empty());
    CHECK(d.app->children(shop, "visit").empty());
    CHECK(d.outbox() == outbox);
    CHECK_FALSE(d.app->open_visit(shop));
  }
  SECTION("an impossible position is refused") {
    d.platform.fix = GeoFix{95, 0, 10, d.clock.now_ms()};
    d.app->check_in(shop, "");
    d.platform.deliver_all();
    CHECK(d.app->check_in_state().phase == CheckInState::Phase::kFailed);
    CHECK(d.app->check_in_state().error.code == "invalid_position");
  }
  SECTION("a customer without coordinates: checked in, flagged") {
    const std::string far = d.save_customer({{"kind", "individual"}, {"name", "李娜"}});
    d.platform.fix = GeoFix{31.2304, 121.4737, 10, d.clock.now_ms()};
    d.app->check_in(far, "");
    d.platform.deliver_all();
    REQUIRE(d.app->check_in_state().phase == CheckInState::Phase::kDone);
    auto v = d.app->values("visit", d.app->check_in_state().visit_id);
    CHECK(v->count("inside_geofence") == 0);
    CHECK(v->count("distance_m") == 0);
    CHECK(d.app->visits(true).at(0).warnings == std::vector<std::string>{"no_customer_position"});
  }
}

TEST_CASE("App: a revoked token sends the app back to sign-in, keeping unsynced work",
          "[client][app][integration]") {
  LiveServer s;
  Device d(s.db("phone"), real_now_ms(), 7);
  d.sign_in(s.url(), "alice");
  d.frame();
  REQUIRE(d.app->sync_state().last_error.code.empty());

  // An edit made while the token is being revoked on the server.
  const std::string id = d.save_customer({{"kind", "company"}, {"name", "Offline Edit GmbH"}});
  CHECK(d.app->sync_state().unsynced == 1);
  s.change_password("alice", "a brand new password");

  d.clock.advance(SyncSchedule{}.after_edit_ms);
  d.frame();
  CHECK(d.app->sync_state().last_error.code == "unauthorized");
  CHECK_FALSE(d.app->signed_in());
  CHECK_FALSE(d.app->signed_in());
  CHECK(d.app->notice() == "session_expired");
  CHECK_FALSE(d.app->sync_state().running);
  // The change is still local and queued.
  CHECK(d.app->sync_state().unsynced == 1);
  CHECK(d.outbox() == 1);
  CHECK(d.app->customers().find(id));
  // Signed out, nothing more is sent.
  const size_t before = d.platform.sent.size();
  d.clock.advance(SyncSchedule{}.period_ms);
  d.frame();
  CHECK(d.platform.sent.size() == before);

  // The old password no longer works; the notice stays until a sign-in succeeds.
  d.app->sign_in(s.url(), "alice", kPassword);
  d.platform.deliver_all();
  CHECK(d.app->sign_in_error().code == "invalid_credentials");
  CHECK(d.app->notice() == "session_expired");

  d.sign_in(s.url(), "alice", "a brand new password");
  CHECK(d.app->notice().empty());
  CHECK(d.app->signed_in());
  d.frame();  // due at once after signing in
  CHECK(d.app->sync_state().last_error.code.empty());
  CHECK(d.app->sync_state().unsynced == 0);
  CHECK(d.outbox() == 0);

  // It reached the server.
  Device laptop(s.db("laptop"), real_now_ms(), 8);
  laptop.sign_in(s.url(), "alice", "a brand new password");
  laptop.frame();
  REQUIRE(laptop.app->customers().find(id));
  CHECK(laptop.app->customers().find(id)->name == "Offline Edit GmbH");
}

TEST_CASE("App: signing out drops answers still in flight", "[client][app][integration]") {
  LiveServer s;
  Device d(s.db("phone"), real_now_ms(), 9);
  d.sign_in(s.url(), "alice");
  d.frame();
  d.save_customer({{"kind", "company"}, {"name", "Acme"}});
  d.clock.advance(SyncSchedule{}.after_edit_ms);
  d.app->tick();
  REQUIRE(d.app->sync_state().running);
  REQUIRE(d.platform.pending() == 1);
  d.app->sign_out();
  CHECK_FALSE(d.app->signed_in());
  CHECK_FALSE(d.app->signed_in());
  CHECK_FALSE(d.app->sync_state().running);
  const size_t before = d.platform.sent.size();
  d.platform.deliver_all();  // the push answer arrives: ignored, no pull follows
  CHECK(d.platform.sent.size() == before);
  CHECK_FALSE(d.app->sync_state().running);
  CHECK(d.app->customers().size() == 1);  // local data stays

  // Signing in again (same user) keeps the data and syncs.
  d.sign_in(s.url(), "alice");
  d.frame();
  CHECK(d.app->sync_state().last_error.code.empty());
  CHECK(d.app->sync_state().unsynced == 0);
  CHECK(d.app->customers().size() == 1);
}

TEST_CASE("App: another user cannot sign in while the device holds unsynced work",
          "[client][app][integration]") {
  LiveServer s;
  Device d(s.db("phone"), real_now_ms(), 10);
  d.sign_in(s.url(), "alice");
  d.frame();
  const std::string id = d.save_customer({{"kind", "company"}, {"name", "Alice's customer"}});
  d.app->sign_out();

  // Alice's unsynced work must not be lost: bob is refused, and her data stays.
  d.app->sign_in(s.url(), "bob", kPassword);
  d.platform.deliver_all();
  CHECK_FALSE(d.app->signed_in());
  CHECK_FALSE(d.app->sign_in_error().code.empty());
  CHECK(d.app->customers().find(id));
  CHECK(d.outbox() == 1);
  CHECK(d.app->sync_state().unsynced == 1);

  // Alice can still sign in and sync it.
  d.sign_in(s.url(), "alice");
  d.frame();
  CHECK(d.app->sync_state().last_error.code.empty());
  CHECK(d.app->sync_state().unsynced == 0);
}

// Regression test: the server binds a device id (the replica id) to the first user who signs in
// with it, so a device changing hands must wipe the previous user's data and start as a fresh
// replica before signing in (it used to keep the old id and get device_taken).
TEST_CASE("App: after syncing, another user can sign in on the device and gets a clean slate",
          "[client][app][integration][regression]") {
  LiveServer s;
  Device d(s.db("phone"), real_now_ms(), 14);
  d.sign_in(s.url(), "alice");
  d.frame();
  d.save_customer({{"kind", "company"}, {"name", "Alice's customer"}});
  d.sync_after_edit();
  REQUIRE(d.app->sync_state().unsynced == 0);
  d.app->sign_out();

  // Tries without REQUIRE inside sign_in(), so the failure is visible as a check.
  d.app->sign_in(s.url(), "bob", kPassword);
  d.platform.deliver_all();
  CHECK(d.app->sign_in_error().code.empty());
  REQUIRE(d.app->signed_in());
  CHECK(d.app->session().username == "bob");
  // Bob's first sync pulls from the start again and pushes nothing of alice's. Alice's new
  // customer is hers (the app makes a sales person the owner of what they create), outside
  // bob's data scope: the device holds nothing of it any more.
  d.frame();
  CHECK(d.app->sync_state().last_error.code.empty());
  CHECK(d.app->customers().size() == 0);
}

TEST_CASE("App: a network failure backs off, and the network returning retries at once",
          "[client][app][integration]") {
  LiveServer s;
  Device d(s.db("phone"), real_now_ms(), 11);
  // The app uses a name for the server, so the server can move to another port and come back.
  const std::string name = "http://crm.test";
  d.platform.aliases[name] = s.url();
  d.sign_in(name, "alice");
  CHECK(d.app->session().server == name);
  d.frame();
  REQUIRE(d.app->sync_state().last_error.code.empty());

  d.platform.disconnect();
  REQUIRE(s.server->terminate() == 0);
  const std::string id = d.save_customer({{"kind", "company"}, {"name", "Written offline"}});
  d.clock.advance(SyncSchedule{}.after_edit_ms);
  size_t before = d.platform.sent.size();
  d.frame();
  CHECK(d.platform.sent.size() == before + 1);
  CHECK(d.app->sync_state().last_error.code == "network_error");
  CHECK_FALSE(d.app->sync_state().running);
  CHECK(d.app->signed_in());  // not a reason to sign out
  CHECK(d.app->sync_state().unsynced == 1);
  CHECK(d.app->sync_state().last_finished_ms == d.clock.now_ms());

  // Not retried at once: the first backoff is 1 to 2 s.
  const int64_t failed_at = d.clock.now_ms();
  before = d.platform.sent.size();
  d.frame();
  CHECK(d.platform.sent.size() == before);
  d.clock.advance(999);
  d.frame();
  CHECK(d.platform.sent.size() == before);
  // An edit does not cut the backoff short.
  d.save_customer({{"kind", "company"}, {"name", "Second offline edit"}});
  d.frame();
  CHECK(d.platform.sent.size() == before);
  // By the end of the window it retries, and fails again: now 2 to 4 s.
  d.clock.set(failed_at + SyncSchedule{}.backoff_base_ms);
  d.frame();
  CHECK(d.platform.sent.size() == before + 1);
  CHECK(d.app->sync_state().last_error.code == "network_error");
  const int64_t second_failure = d.clock.now_ms();
  before = d.platform.sent.size();
  d.clock.advance(1'999);
  d.frame();
  CHECK(d.platform.sent.size() == before);
  d.clock.set(second_failure + 2 * SyncSchedule{}.backoff_base_ms);
  d.frame();
  CHECK(d.platform.sent.size() == before + 1);
  CHECK(d.app->sync_state().unsynced == 2);

  // The server comes back (on another port); the browser's online event retries at once.
  s.server = std::make_unique<ServerProcess>(s.data);
  d.platform.aliases[name] = s.url();
  before = d.platform.sent.size();
  d.frame();
  CHECK(d.platform.sent.size() == before);  // still backing off
  d.app->on_online();
  d.frame();
  CHECK(d.platform.sent.size() > before);
  CHECK(d.app->sync_state().last_error.code.empty());
  CHECK(d.app->sync_state().unsynced == 0);
  CHECK(d.app->sync_state().last_pushed == 2);
  CHECK(d.app->customers().find(id));

  // Back to the normal rhythm: an edit syncs after the edit delay again.
  d.save_customer({{"kind", "company"}, {"name", "Online again"}});
  d.sync_after_edit();
  CHECK(d.app->sync_state().unsynced == 0);
}

TEST_CASE("App: a first full sync reports its progress page by page", "[client][app][integration]") {
  LiveServer s;
  Device phone(s.db("phone"), real_now_ms(), 12);
  phone.sign_in(s.url(), "alice");
  phone.frame();
  const int n = kMaxPullLimit + 200;
  for (int i = 0; i < n; ++i) {
    char name[32];
    std::snprintf(name, sizeof name, "Customer %04d", i);
    phone.save_customer({{"kind", "company"}, {"name", name}});
  }
  phone.sync_after_edit();
  REQUIRE(phone.app->sync_state().last_error.code.empty());
  REQUIRE(phone.app->sync_state().unsynced == 0);
  CHECK(phone.app->sync_state().last_pushed == n);

  Device laptop(s.db("laptop"), real_now_ms(), 13);
  laptop.sign_in(s.url(), "alice");
  laptop.app->tick();
  REQUIRE(laptop.app->sync_state().running);
  REQUIRE(laptop.platform.deliver_one());  // the first page
  CHECK(laptop.app->sync_state().running);
  CHECK(laptop.app->sync_state().full_sync);
  CHECK(laptop.app->sync_state().progress_done >= kMaxPullLimit);
  CHECK(laptop.app->sync_state().progress_done < laptop.app->sync_state().progress_total);
  CHECK(laptop.app->sync_state().progress_total >= n);
  CHECK(laptop.app->customers().size() == static_cast<size_t>(kMaxPullLimit));
  laptop.platform.deliver_all();
  CHECK_FALSE(laptop.app->sync_state().running);
  CHECK(laptop.app->sync_state().last_pulled == n);
  CHECK(laptop.app->customers().size() == static_cast<size_t>(n));
  size_t with_11 = 0;
  for (int i = 0; i < n; ++i) with_11 += std::to_string(10000 + i).substr(1).find("11") != std::string::npos;
  CHECK(laptop.app->customers().search("customer 11").size() == with_11);
  CHECK(laptop.app->customers().search("0123").size() == 1);
}

// Regression test: a position answer belongs to the check-in that asked for it. After
// reset_check_in() (opening another customer) the old answer must be ignored, not applied to the
// current check-in's customer.
TEST_CASE("App: a position that arrives after leaving the customer does not fail the next page",
          "[client][app][integration][regression]") {
  LiveServer s;
  Device d(s.db("phone"), real_now_ms(), 15);
  d.sign_in(s.url(), "alice");
  d.frame();
  const std::string a = d.save_customer({{"kind", "company"}, {"name", "A"}, {"latitude", "31.23"}, {"longitude", "121.47"}});
  const std::string b = d.save_customer({{"kind", "company"}, {"name", "B"}, {"latitude", "39.90"}, {"longitude", "116.40"}});
  d.platform.fix = GeoFix{31.23, 121.47, 10, d.clock.now_ms()};
  d.app->reset_check_in();  // the user opens customer a
  d.app->check_in(a, "");
  d.app->reset_check_in();  // the user opens customer b  // the user leaves while the phone is still locating
  CHECK(d.app->check_in_state().phase == CheckInState::Phase::kIdle);
  d.platform.deliver_all();
  // B's page must not show a failed check-in (it used to: kFailed, "not_found").
  CHECK(d.app->check_in_state().phase == CheckInState::Phase::kIdle);
  CHECK(d.app->check_in_state().error.code.empty());
}

TEST_CASE("App: a stale position answer does not create a second visit",
          "[client][app][integration][regression]") {
  LiveServer s;
  Device d(s.db("phone"), real_now_ms(), 16);
  d.sign_in(s.url(), "alice");
  d.frame();
  const std::string a = d.save_customer({{"kind", "company"}, {"name", "A"}, {"latitude", "31.23"}, {"longitude", "121.47"}});
  const std::string b = d.save_customer({{"kind", "company"}, {"name", "B"}, {"latitude", "31.24"}, {"longitude", "121.47"}});
  d.platform.fix = GeoFix{31.24, 121.47, 10, d.clock.now_ms()};
  d.app->reset_check_in();  // the user opens customer a
  d.app->check_in(a, "");   // first locate in flight
  d.app->reset_check_in();  // the user opens customer b  // leave A, check in at B: a second locate
  d.app->check_in(b, "");
  CHECK(d.platform.locates == 2);
  d.platform.deliver_all();
  CHECK(d.app->children(a, "visit").size() == 0);
  // Once B got two visits: one from A's stale answer, one from its own.
  CHECK(d.app->children(b, "visit").size() == 1);
}

// Regression test: the replica reports merged states to the directory inside the sync
// transaction; when that transaction rolls back (here a push answer whose results do not match
// the request), App::finish_sync() must reload the directory, or the list shows data the store
// does not hold.
TEST_CASE("App: a sync answer rolled back does not leave its changes in the customer list",
          "[client][app][integration][regression]") {
  LiveServer s;
  Device phone(s.db("phone"), real_now_ms(), 17);
  Device laptop(s.db("laptop"), real_now_ms(), 18);
  phone.sign_in(s.url(), "alice");
  laptop.sign_in(s.url(), "alice");
  phone.frame();
  laptop.frame();
  const std::string x = phone.save_customer({{"kind", "company"}, {"name", "Acme"}, {"city", "Berlin"}});
  phone.sync_after_edit();
  laptop.app->sync_now();
  laptop.frame();
  REQUIRE(laptop.app->customers().find(x));

  // The laptop moves Acme to Paris; the phone, not having pulled that, edits Acme's phone and
  // adds another customer. Its push of [Acme, Other] comes back with Acme's merged state first.
  REQUIRE(laptop.app->save("customer", x, {{"city", "Paris"}}).ok);
  laptop.sync_after_edit();
  REQUIRE(phone.app->save("customer", x, {{"phone", "+49 30 1234567"}}).ok);
  phone.save_customer({{"kind", "company"}, {"name", "Other"}});
  phone.platform.tamper = [](const HttpRequest& req, Result<HttpResponse>& r) {
    if (req.path != "/api/v1/push" || !r || r->status != 200) return;
    Json body = Json::parse(r->body);
    if (body["results"].size() == 2) body["results"][1]["id"] = "0190f0f0-0000-7000-8000-000000000000";
    r->body = body.dump();
  };
  phone.sync_after_edit();
  REQUIRE(phone.app->sync_state().last_error.code == "bad_response");
  // The store rolled the merge back: Acme is still in Berlin there.
  CHECK(str(*phone.app->values("customer", x), "city") == "Berlin");
  // The list should agree with the store (today it shows Paris).
  REQUIRE(phone.app->customers().find(x));
  CHECK(phone.app->customers().find(x)->city == "Berlin");
}

TEST_CASE("App: a record the server refuses waits in the attention list while the rest syncs",
          "[client][app][integration][access]") {
  LiveServer s;
  Device d(s.db("phone"), real_now_ms(), 21);
  d.sign_in(s.url(), "alice");
  d.frame();
  const std::string mine = d.save_customer({{"kind", "company"}, {"name", "Mine"}});
  // A sales person may not hand a customer to someone else: the server refuses this one.
  const std::string given = d.save_customer({{"kind", "company"}, {"name", "Given away"}, {"owner", "bob"}});
  d.sync_after_edit();
  CHECK(d.app->sync_state().last_error.code.empty());
  CHECK(d.app->sync_state().unsynced == 0);  // nothing left that would be pushed again and again
  const auto& waiting = d.app->attention();
  REQUIRE(waiting.size() == 1);
  CHECK(waiting[0].key.id == given);
  CHECK(waiting[0].code == "forbidden");
  CHECK(d.app->values("customer", given));  // nothing typed was lost

  // Fixed on the device: the owner back to alice, then pushed again.
  FormOutcome fixed = d.app->save("customer", given, {{"owner", "alice"}});
  REQUIRE(fixed.ok);
  d.sync_after_edit();
  CHECK(d.app->attention().empty());

  Device laptop(s.db("laptop"), real_now_ms(), 22);
  laptop.sign_in(s.url(), "alice");
  laptop.frame();
  CHECK(laptop.app->values("customer", mine));
  CHECK(laptop.app->values("customer", given));

  // Discarding drops the device's copy and its changes.
  const std::string again = d.save_customer({{"kind", "company"}, {"name", "Again"}, {"owner", "bob"}});
  d.sync_after_edit();
  REQUIRE(d.app->attention().size() == 1);
  REQUIRE(d.app->discard_attention(RecordKey{"customer", again}).ok());
  CHECK(d.app->attention().empty());
  CHECK_FALSE(d.app->values("customer", again));
  CHECK(d.app->customers().find(again) == nullptr);
}

TEST_CASE("App: a device an admin revoked wipes its data at its next contact", "[client][app][integration][access]") {
  LiveServer s;
  Device d(s.db("phone"), real_now_ms(), 23);
  d.sign_in(s.url(), "alice");
  d.frame();
  d.save_customer({{"kind", "company"}, {"name", "Confidential"}});
  d.sync_after_edit();
  d.save_customer({{"kind", "company"}, {"name", "Typed after the loss"}});
  s.admin({"device", "revoke", d.app->replica()->id()});
  d.sync_after_edit();
  CHECK_FALSE(d.app->signed_in());
  CHECK(d.app->notice() == "device_revoked");
  CHECK(d.app->customers().size() == 0);
  CHECK(d.app->replica()->store().count("customer", true).value() == 0);
  CHECK(d.outbox() == 0);
}

TEST_CASE("App: an expired access token is refreshed during sync without asking the user",
          "[client][app][integration][session]") {
  LiveServer s({"--access-seconds", "1"});
  Device d(s.db("phone"), real_now_ms(), 24);
  d.sign_in(s.url(), "alice");
  const std::string first_token = d.app->session().token;
  std::this_thread::sleep_for(std::chrono::milliseconds(1500));
  d.save_customer({{"kind", "company"}, {"name", "After expiry"}});
  d.sync_after_edit();
  CHECK(d.app->sync_state().last_error.code.empty());
  CHECK(d.app->signed_in());
  CHECK(d.app->sync_state().unsynced == 0);
  CHECK(d.app->session().token != first_token);
}

TEST_CASE("App: a manager's price lists reach a sales person's device, which refuses to change them",
          "[client][app][integration][schema]") {
  LiveServer s;
  Device manager(s.db("manager"), real_now_ms(), 31), sales(s.db("sales"), real_now_ms(), 32);
  manager.sign_in(s.url(), "bob");
  sales.sign_in(s.url(), "alice");
  manager.frame();
  sales.frame();
  // Typed as a person types them: money with its currency, a tax rate, calendar dates.
  FormOutcome product = manager.app->save("product", "",
                                          {{"code", "P-100"},
                                           {"name", "Pump"},
                                           {"unit", "piece"},
                                           {"list_price", "1299.50 CNY"},
                                           {"tax_rate", "13"}});
  INFO(product.error.code);
  REQUIRE(product.ok);
  CHECK(manager.app->values("product", product.id)->at("list_price") ==
        Json{{"minor", 129950}, {"currency", "CNY"}});
  FormOutcome list = manager.app->save("price_list", "",
                                       {{"name", "Winter"},
                                        {"currency", "CNY"},
                                        {"valid_from", "2026-12-01"},
                                        {"valid_to", "2027-02-28"}});
  REQUIRE(list.ok);
  // The price list's rules, every one on its field at once, before anything is written.
  FormOutcome wrong = manager.app->save("price_list", "",
                                        {{"name", "Backwards"}, {"currency", "XQZ"}, {"valid_from", "2027-01-01"},
                                         {"valid_to", "2026-12-31"}});
  CHECK_FALSE(wrong.ok);
  CHECK(wrong.field_errors == std::map<std::string, std::string>{{"currency", "invalid_currency"},
                                                                 {"valid_to", "ends_before_start"}});
  FormOutcome item = manager.app->save(
      "price_list_item", "",
      {{"price_list_id", list.id}, {"product_id", product.id}, {"price", "1199 CNY"}});
  REQUIRE(item.ok);
  manager.sync_after_edit();
  CHECK(manager.app->attention().empty());

  sales.clock.advance(SyncSchedule{}.period_ms);
  sales.frame();
  REQUIRE(sales.app->values("product", product.id));
  REQUIRE(sales.app->values("price_list", list.id));
  // The list's items, found through the item schema's parent field.
  REQUIRE(sales.app->children(list.id, "price_list_item").size() == 1);
  // The device refuses the sales person's change before saving, and says why.
  FormOutcome cheaper = sales.app->save("product", product.id, {{"list_price", "999 CNY"}});
  CHECK_FALSE(cheaper.ok);
  CHECK(cheaper.error.code == "forbidden");
  CHECK(cheaper.error.message == "only a manager or admin may change a Product");
  CHECK(sales.app->values("product", product.id)->at("list_price")["minor"] == 129950);
  CHECK_FALSE(
      sales.app
          ->save("product", "",
                 {{"code", "P-2"}, {"name", "Mine"}, {"unit", "kg"}, {"list_price", "1 CNY"}})
          .ok);
  CHECK(sales.app->sync_state().unsynced == 0);
}
