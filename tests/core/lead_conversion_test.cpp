// Converting a lead (sales/lead_conversion.h, replica/lead_conversion_apply.h): what is carried
// over, the links both ways, idempotence on one device and across two, and each refusal's code.
#include <catch2/catch.hpp>

#include "crdt/merge.h"
#include "replica/lead_conversion_apply.h"
#include "sales/derived_id.h"
#include "test_replica.h"

using namespace crm;
using sales::ConversionOptions;

namespace {

const Actor kAlice{"alice", "sales"};

struct Device : TestReplica {
  explicit Device(uint64_t seed) : TestReplica(seed) { replica->set_actor(kAlice); }
  Json value(const std::string& entity, const std::string& id, const std::string& field) {
    auto s = replica->store().get(entity, id);
    REQUIRE(s.ok());
    REQUIRE(s.value().has_value());
    return Replica::visible_values(*s.value())[field];
  }
  int64_t count(const std::string& entity) { return replica->store().count(entity).value(); }
  std::string lead(const FieldValues& values) {
    auto r = replica->create("lead", values);
    INFO((r ? "" : r.error().code));
    REQUIRE(r.ok());
    return r->id;
  }
};

// Every state `from` holds, merged into `to` as a pull would.
void send_all(Device& from, Device& to) {
  for (const char* entity : {"customer", "contact", "opportunity", "lead"}) {
    auto all = from.replica->store().list(entity, ListOptions{.include_deleted = true});
    REQUIRE(all.ok());
    auto tx = Transaction::begin(to.replica->store().db());
    REQUIRE(tx.ok());
    for (auto& s : all.value()) REQUIRE(to.replica->apply_remote(s).ok());
    REQUIRE(to.replica->save_clock().ok());
    REQUIRE(tx.value()->commit().ok());
  }
}

bool any_conflicts(Device& d) { return !d.replica->store().conflicts().value().empty(); }

const FieldValues kLead = {{"person_name", "Li Wei"},
                           {"company", "Suzhou Optics Co., Ltd."},
                           {"title", "Buyer"},
                           {"phone", "+86 512 6666 0101"},
                           {"email", "li.wei@suzhou-optics.example"},
                           {"source", "trade fair"},
                           {"owner", "alice"},
                           {"status", "qualified"}};

ConversionOptions with_opportunity() {
  ConversionOptions o;
  o.create_opportunity = true;
  o.opportunity_name = "Lenses 2027";
  o.amount = Json{{"minor", 1250000}, {"currency", "CNY"}};
  o.expected_close = "2027-03-31";
  return o;
}

}  // namespace

TEST_CASE("Converting a lead creates a prospect customer, its contact and an opportunity, linked both ways",
          "[core][sales][conversion]") {
  Device d(1);
  const std::string lead = d.lead(kLead);
  auto plan = convert_lead(*d.replica, lead, with_opportunity(), kAlice);
  REQUIRE(plan.ok());
  CHECK(plan->customer_id == sales::derived_id(lead, "customer"));
  CHECK(plan->contact_id == sales::derived_id(lead, "contact"));
  CHECK(plan->opportunity_id == sales::derived_id(lead, "opportunity"));

  const std::string c = plan->customer_id;
  CHECK(d.value("customer", c, "name") == "Suzhou Optics Co., Ltd.");
  CHECK(d.value("customer", c, "kind") == "company");
  CHECK(d.value("customer", c, "status") == "prospect");
  CHECK(d.value("customer", c, "phone") == "+86 512 6666 0101");
  CHECK(d.value("customer", c, "email") == "li.wei@suzhou-optics.example");
  CHECK(d.value("customer", c, "source") == "trade fair");
  CHECK(d.value("customer", c, "owner") == "alice");
  CHECK(d.value("customer", c, "lead_id") == lead);

  CHECK(d.value("contact", plan->contact_id, "customer_id") == c);
  CHECK(d.value("contact", plan->contact_id, "name") == "Li Wei");
  CHECK(d.value("contact", plan->contact_id, "title") == "Buyer");
  CHECK(d.value("contact", plan->contact_id, "primary") == true);

  CHECK(d.value("opportunity", plan->opportunity_id, "customer_id") == c);
  CHECK(d.value("opportunity", plan->opportunity_id, "name") == "Lenses 2027");
  CHECK(d.value("opportunity", plan->opportunity_id, "amount") == with_opportunity().amount);
  CHECK(d.value("opportunity", plan->opportunity_id, "expected_close") == "2027-03-31");
  CHECK(d.value("opportunity", plan->opportunity_id, "stage") == "initial_contact");
  CHECK(d.value("opportunity", plan->opportunity_id, "lead_id") == lead);

  CHECK(d.value("lead", lead, "status") == "converted");
  CHECK(d.value("lead", lead, "converted_customer_id") == c);
  CHECK(d.value("lead", lead, "converted_contact_id") == plan->contact_id);
  CHECK(d.value("lead", lead, "converted_opportunity_id") == plan->opportunity_id);
  CHECK(d.value("lead", lead, "converted_at") == "2023-11-14T22:13:20.000Z");
  CHECK(d.replica->store().outbox_size().value() == 4);
}

TEST_CASE("A lead with only a person becomes an individual owned by whoever converts an unowned lead",
          "[core][sales][conversion]") {
  Device d(2);
  const std::string lead = d.lead({{"person_name", "Анна Петрова"}, {"phone", "+7 495 123 45 67"}, {"status", "new"}});
  auto plan = convert_lead(*d.replica, lead, {}, kAlice);
  REQUIRE(plan.ok());
  CHECK(d.value("customer", plan->customer_id, "kind") == "individual");
  CHECK(d.value("customer", plan->customer_id, "name") == "Анна Петрова");
  CHECK(d.value("customer", plan->customer_id, "owner") == "alice");
  CHECK(plan->opportunity_id.empty());
  CHECK(d.count("opportunity") == 0);
  CHECK(d.value("lead", lead, "converted_opportunity_id").is_null());

  // A company-only lead has no person to make a contact of.
  const std::string firm = d.lead({{"company", "ООО «Ромашка»"}, {"status", "new"}});
  auto firm_plan = convert_lead(*d.replica, firm, {}, kAlice);
  REQUIRE(firm_plan.ok());
  CHECK(firm_plan->contact_id.empty());
  CHECK(d.count("contact") == 1);
}

TEST_CASE("Converting into an existing customer links it and overwrites none of its values",
          "[core][sales][conversion]") {
  Device d(3);
  auto existing = d.replica->create("customer", {{"kind", "company"}, {"name", "Suzhou Optics"},
                                                {"phone", "+86 512 6666 0000"}, {"owner", "alice"}});
  REQUIRE(existing.ok());
  const std::string lead = d.lead(kLead);
  ConversionOptions o = with_opportunity();
  o.existing_customer_id = existing->id;
  auto plan = convert_lead(*d.replica, lead, o, kAlice);
  REQUIRE(plan.ok());
  CHECK(plan->customer_id == existing->id);
  CHECK(d.count("customer") == 1);
  CHECK(d.value("customer", existing->id, "name") == "Suzhou Optics");
  CHECK(d.value("customer", existing->id, "phone") == "+86 512 6666 0000");
  CHECK(d.value("customer", existing->id, "lead_id") == lead);
  CHECK(d.value("contact", plan->contact_id, "customer_id") == existing->id);
  CHECK(d.value("contact", plan->contact_id, "primary").is_null());
  CHECK(d.value("opportunity", plan->opportunity_id, "customer_id") == existing->id);
  CHECK(d.value("lead", lead, "converted_customer_id") == existing->id);
}

TEST_CASE("Each lead that cannot be converted is refused with its code and nothing is written",
          "[core][sales][conversion]") {
  Device d(4);
  const std::string lead = d.lead(kLead);
  REQUIRE(convert_lead(*d.replica, lead, {}, kAlice).ok());
  const int64_t outbox = d.replica->store().outbox_size().value();
  // Converting twice is refused, and leaves the one customer.
  CHECK(convert_lead(*d.replica, lead, with_opportunity(), kAlice).error().code == "already_converted");
  CHECK(d.count("customer") == 1);
  CHECK(d.count("opportunity") == 0);

  const std::string dropped = d.lead({{"company", "Gone GmbH"}, {"status", "new"}});
  REQUIRE(d.replica->update("lead", dropped, {{"status", "disqualified"}, {"disqualify_reason", "no budget"}}).ok());
  CHECK(convert_lead(*d.replica, dropped, {}, kAlice).error().code == "not_convertible");

  CHECK(convert_lead(*d.replica, "0193f0a2-7c1e-7abc-8def-000000000001", {}, kAlice).error().code == "not_found");

  const std::string other = d.lead({{"company", "Other AG"}, {"status", "new"}});
  ConversionOptions missing;
  missing.existing_customer_id = "0193f0a2-7c1e-7abc-8def-000000000002";
  CHECK(convert_lead(*d.replica, other, missing, kAlice).error().code == "customer_not_found");

  // A write the rules refuse (a negative amount) rolls back the writes before it.
  ConversionOptions bad_amount = with_opportunity();
  bad_amount.amount = Json{{"minor", -5}, {"currency", "CNY"}};
  auto refused = convert_lead(*d.replica, other, bad_amount, kAlice);
  CHECK(refused.error().code == "out_of_range");
  CHECK(d.count("customer") == 1);
  CHECK(d.value("lead", other, "status") == "new");
  CHECK(d.replica->store().outbox_size().value() == outbox + 2);  // the two new leads only

  // The pure plan refuses a lead without any name.
  CHECK(sales::plan_conversion("x", {{"status", "new"}}, {}, nullptr, kAlice, 0).error().code == "name_required");
}

TEST_CASE("Two devices converting the same lead offline end with one customer, contact and opportunity",
          "[core][sales][conversion]") {
  Device a(5), b(6);
  const std::string lead = a.lead(kLead);
  send_all(a, b);
  b.clock.advance(90'000);  // b converts a minute and a half later by its clock
  REQUIRE(convert_lead(*a.replica, lead, with_opportunity(), kAlice).ok());
  REQUIRE(convert_lead(*b.replica, lead, with_opportunity(), kAlice).ok());
  send_all(a, b);
  send_all(b, a);
  for (Device* d : {&a, &b}) {
    CHECK(d->count("customer") == 1);
    CHECK(d->count("contact") == 1);
    CHECK(d->count("opportunity") == 1);
  }
  // Only the two clocks differ: both devices settle on the earlier time, and no conflict remains.
  REQUIRE(settle_conversion(*b.replica, lead).value());
  send_all(b, a);
  CHECK_FALSE(settle_conversion(*a.replica, lead).value());
  for (Device* d : {&a, &b}) {
    CHECK_FALSE(any_conflicts(*d));
    CHECK(d->value("lead", lead, "converted_at") == "2023-11-14T22:13:20.000Z");
  }
}

TEST_CASE("A conversion that finds the other device's customer already here links to it",
          "[core][sales][conversion]") {
  Device a(7), b(8);
  const std::string lead = a.lead(kLead);
  send_all(a, b);
  REQUIRE(convert_lead(*a.replica, lead, {}, kAlice).ok());
  const std::string c = sales::derived_id(lead, "customer");
  // b receives the customer (and someone's later edit of it) before the lead's new state.
  REQUIRE(a.replica->update("customer", c, {{"name", "Suzhou Optics"}}).ok());
  auto tx = Transaction::begin(b.replica->store().db());
  REQUIRE(b.replica->apply_remote(a.replica->store().get("customer", c).value().value()).ok());
  REQUIRE(tx.value()->commit().ok());

  REQUIRE(convert_lead(*b.replica, lead, with_opportunity(), kAlice).ok());
  CHECK(b.value("customer", c, "name") == "Suzhou Optics");  // the later edit is kept
  send_all(a, b);
  send_all(b, a);
  for (Device* d : {&a, &b}) {
    CHECK(d->count("customer") == 1);
    CHECK(d->count("opportunity") == 1);
    CHECK(d->value("customer", c, "name") == "Suzhou Optics");
  }
  REQUIRE(settle_conversion(*a.replica, lead).ok());
  send_all(a, b);
  CHECK_FALSE(any_conflicts(a));
  CHECK_FALSE(any_conflicts(b));
}

TEST_CASE("The earliest of differing conversion times is settled on", "[core][sales][conversion]") {
  CHECK(sales::settle_conversion_time({Json("2026-01-02T00:00:00Z"), Json("2026-01-01T10:00:00Z")}) ==
        std::optional<std::string>("2026-01-01T10:00:00Z"));
  CHECK_FALSE(sales::settle_conversion_time({Json("2026-01-02T00:00:00Z"), Json("2026-01-02T00:00:00Z")}));
  CHECK_FALSE(sales::settle_conversion_time({Json("2026-01-02T00:00:00Z")}));
  CHECK_FALSE(sales::settle_conversion_time({}));
}
