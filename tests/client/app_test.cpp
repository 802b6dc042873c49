// The app layer (client/app/app.h) against a real crm-server on 127.0.0.1 (app_fixture.h): signing
// in, forms and their validation, background sync, GPS check-in and check-out.
#include "app_fixture.h"

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
    FormOutcome out = d.app->save("no_such_entity", "", {{"name", "x"}});
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
