// The app's lead actions (client/app/app_leads.cpp) on a device's own store, offline: the
// duplicate check a form runs before saving, converting a lead into a
// customer it matched, and merging two customers. (Signed out: the rights checks are the
// replica's and the server's, tested in tests/core and tests/server.)
#include "app_fixture.h"

namespace {

struct Folder {
  TempDir dir;
};
// Never signed in: no server is needed.
struct OfflineDevice : Folder, Device {
  OfflineDevice() : Folder(), Device(dir.path() + "/device.db", 1764000000000, 7) {}
};

}  // namespace

TEST_CASE("A lead's form finds the customer it duplicates, and the lead converts into it offline",
          "[client][sales]") {
  OfflineDevice d;
  App& app = *d.app;
  const std::string acme = d.save_customer({{"kind", "company"}, {"name", "Suzhou Optics Co., Ltd."},
                                            {"phone", "0512 6666 0101"}});
  // Typed with the country code and spaces elsewhere: still the same phone (default code 86).
  auto hits = app.duplicates("lead", "", {{"person_name", "Li Wei"}, {"phone", "+86 512 66660101"}});
  REQUIRE(hits.size() == 1);
  CHECK(hits[0].entity == "customer");
  CHECK(hits[0].id == acme);
  CHECK(hits[0].reasons == sales::kSamePhone);
  CHECK(app.duplicates("lead", "", {{"person_name", "Nobody"}}).empty());

  FormOutcome lead = app.save("lead", "", {{"person_name", "Li Wei"}, {"company", "Suzhou Optics"},
                                           {"phone", "+86 512 66660101"}, {"status", "new"}});
  REQUIRE(lead.ok);
  sales::ConversionOptions into;
  into.existing_customer_id = acme;
  auto done = app.convert_lead(lead.id, into);
  REQUIRE(done.ok());
  CHECK(done->customer_id == acme);
  CHECK(app.children(acme, "contact").size() == 1);
  CHECK(app.values("lead", lead.id)->at("status") == "converted");
  CHECK(app.convert_lead(lead.id, into).error().code == "already_converted");
  // A converted lead is no longer offered as a duplicate.
  CHECK(app.duplicates("customer", "", {{"name", "X"}, {"phone", "+86 512 66660101"}}).size() == 1);
}

TEST_CASE("Merging two customers on the device moves the contacts and removes the other", "[client][sales]") {
  OfflineDevice d;
  App& app = *d.app;
  const std::string a = d.save_customer({{"kind", "company"}, {"name", "Acme"}});
  const std::string b = d.save_customer({{"kind", "company"}, {"name", "ACME GmbH"}, {"city", "Berlin"}});
  FormOutcome c = app.save("contact", "", {{"customer_id", b}, {"name", "Max"}});
  REQUIRE(c.ok);
  auto hits = app.duplicates("customer", a, {});
  REQUIRE(hits.size() == 1);
  CHECK(hits[0].id == b);
  REQUIRE(app.merge_customers(a, b).ok());
  CHECK(app.children(a, "contact").size() == 1);
  CHECK(app.values("customer", a)->at("city") == "Berlin");
  CHECK_FALSE(app.values("customer", b));
  CHECK(app.duplicates("customer", a, {}).empty());
  CHECK(app.merge_customers(a, b).error().code == "not_found");
}

TEST_CASE("After sync, a contact added offline to a customer merged away elsewhere moves to the kept one",
          "[client][sales][integration]") {
  LiveServer s;  // alice: sales
  Device a(s.db("a"), real_now_ms(), 11), b(s.db("b"), real_now_ms(), 12);
  a.sign_in(s.url(), "alice");
  b.sign_in(s.url(), "alice");
  const std::string keep = a.save_customer({{"kind", "company"}, {"name", "Acme"}});
  const std::string other = a.save_customer({{"kind", "company"}, {"name", "ACME GmbH"}});
  a.sync_after_edit();
  b.app->sync_now();
  b.frame();
  REQUIRE(b.app->values("customer", other));

  // a merges offline; b, offline too, adds a contact to the customer a merged away.
  REQUIRE(a.app->merge_customers(keep, other).ok());
  FormOutcome late = b.app->save("contact", "", {{"customer_id", other}, {"name", "Late Contact"}});
  REQUIRE(late.ok);
  a.sync_after_edit();
  b.sync_after_edit();  // b pulls the merge, then moves its contact (and queues the move)
  CHECK(b.app->values("contact", late.id)->at("customer_id") == keep);
  CHECK(b.outbox() == 1);
  b.sync_after_edit();
  a.app->sync_now();
  a.frame();
  CHECK(a.app->values("contact", late.id)->at("customer_id") == keep);
  CHECK(a.app->children(keep, "contact").size() == 1);
  CHECK(a.app->conflicts().empty());
  CHECK(b.app->conflicts().empty());
}
