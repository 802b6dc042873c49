// The app layer against a real crm-server (app_fixture.h): sessions that end, users that change
// on a device, network failures and retries, first-sync progress, late answers, refused records,
// revoked devices, and organisation-wide data a sales person may read but not change.
#include "app_fixture.h"

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
