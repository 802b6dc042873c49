// The duplicate check's computed view (views/duplicate_view.h): loaded from the store, then kept
// current from the replica's changes; what a lead or customer form asks before saving.
#include <catch2/catch.hpp>

#include "replica/lead_conversion_apply.h"
#include "test_replica.h"
#include "views/duplicate_view.h"

using namespace crm;

namespace {

struct Device : TestReplica {
  DuplicateView view{"86"};
  explicit Device(uint64_t seed) : TestReplica(seed) {
    REQUIRE(view.load(replica->store()).ok());
    replica->set_observer([this](const RecordState& s) { view.on_change(s); });
  }
  std::string add(const std::string& entity, const FieldValues& values) {
    auto r = replica->create(entity, values);
    REQUIRE(r.ok());
    return r->id;
  }
};

}  // namespace

TEST_CASE("A draft lead matches customers and leads by phone, e-mail or similar name, with the reason",
          "[core][sales][duplicates]") {
  Device d(1);
  const std::string acme = d.add("customer", {{"kind", "company"}, {"name", "北京华为技术有限公司"},
                                             {"phone", "010 6543 2100"}});
  const std::string lead = d.add("lead", {{"person_name", "Olga"}, {"email", "Olga@Romashka.example"},
                                         {"status", "new"}});
  // Typed differently: with the country code, and the e-mail in another case.
  auto by_phone = d.view.matches("lead", "", {{"person_name", "Wang"}, {"phone", "+86 10 6543-2100"}});
  REQUIRE(by_phone.size() == 1);
  CHECK(by_phone[0].entity == "customer");
  CHECK(by_phone[0].id == acme);
  CHECK(by_phone[0].reasons == sales::kSamePhone);

  auto by_email = d.view.matches("customer", "", {{"name", "Romashka"}, {"email", "olga@romashka.example"}});
  REQUIRE(by_email.size() == 1);
  CHECK(by_email[0].entity == "lead");
  CHECK(by_email[0].id == lead);
  CHECK(by_email[0].reasons & sales::kSameEmail);

  auto by_name = d.view.matches("lead", "", {{"company", "北京华为技术"}});
  REQUIRE(by_name.size() == 1);
  CHECK(by_name[0].reasons == sales::kSimilarName);
  // A record never matches itself.
  CHECK(d.view.matches("customer", acme, {{"name", "北京华为技术有限公司"}}).empty());
}

TEST_CASE("The view follows edits, deletions and conversions, and a reload gives the same answers",
          "[core][sales][duplicates]") {
  Device d(2);
  const std::string c = d.add("customer", {{"kind", "company"}, {"name", "Acme GmbH"}});
  const std::string lead = d.add("lead", {{"company", "Zeta Optics"}, {"phone", "+49 30 1234567"}, {"status", "new"}});
  CHECK(d.view.size() == 2);
  REQUIRE(d.replica->update("customer", c, {{"phone", "030 7654321"}}).ok());
  CHECK(d.view.matches("lead", "", {{"phone", "+86 30 7654321"}}).size() == 1);  // default code 86
  REQUIRE(d.replica->remove("customer", c).ok());
  CHECK(d.view.matches("lead", "", {{"company", "Acme"}}).empty());
  // A converted lead is left out: the customer it became stands for it.
  REQUIRE(convert_lead(*d.replica, lead, {}, Actor{"alice", "sales"}).ok());
  auto hits = d.view.matches("lead", "", {{"phone", "+49 30 1234567"}});
  REQUIRE(hits.size() == 1);
  CHECK(hits[0].entity == "customer");
  CHECK(d.view.size() == 1);

  DuplicateView again("86");
  REQUIRE(again.load(d.replica->store()).ok());
  CHECK(again.size() == 1);
}
