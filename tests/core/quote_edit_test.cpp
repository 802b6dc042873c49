// A quote on one device: lines priced from the price list for the customer's grade, submit,
// a manager's decision, an edit that voids it, send, and a new revision when a sent quote changes.
#include "replica/quote_edit.h"

#include <catch2/catch.hpp>

#include "test_replica.h"

using namespace crm;

namespace {

const CalendarDate kToday{2026, 12, 1};

struct Device : TestReplica {
  Actor actor;
  explicit Device(const char* role) : TestReplica(11), actor{"amy", role} { replica->set_actor(actor); }
  std::string add(const std::string& entity, const FieldValues& values) {
    auto r = replica->create(entity, values);
    INFO((r.ok() ? "" : r.error().code + ": " + r.error().message));
    REQUIRE(r.ok());
    return r->id;
  }
  QuoteState read(const std::string& id) {
    auto q = read_quote(*replica, id, actor, kToday);
    REQUIRE(q.ok());
    return q.value();
  }
  void as(const char* role) {
    actor.role = role;
    replica->set_actor(actor);
  }
};

}  // namespace

TEST_CASE("a quote's lines are priced for the customer's grade; approval, an edit voiding it, send, revision",
          "[core][sales][quote]") {
  Device d(kRoleAdmin);
  const auto lathe = d.add("product", {{"code", "L1"}, {"name", "Lathe"}, {"unit", "set"}, {"list_price", Json{{"minor", 100000}, {"currency", "CNY"}}},
                                       {"tax_rate", "13"}, {"lead_time_days", 20}, {"min_order_qty", "2"}});
  const auto oil = d.add("product", {{"code", "O1"}, {"name", "Oil"}, {"unit", "litre"}, {"list_price", Json{{"minor", 5000}, {"currency", "CNY"}}},
                                     {"lead_time_days", 3}});
  const auto list = d.add("price_list", {{"name", "Grade A"}, {"currency", "CNY"}, {"grades", Json::array({"A"})}});
  d.add("price_list_item", {{"price_list_id", list}, {"product_id", lathe}, {"price", Json{{"minor", 90000}, {"currency", "CNY"}}}});
  d.add("quote_policy", {{"discount_threshold", "10"}});
  d.as(kRoleSales);
  const auto customer = d.add("customer", {{"kind", "company"}, {"name", "Acme"}, {"grade", "A"}});
  const auto quote = d.add("quote", {{"customer_id", customer}, {"title", "Lathes"}, {"currency", "CNY"}, {"status", "draft"}, {"quoted_on", "2026-12-01"}});

  REQUIRE(add_quote_line(*d.replica, quote, lathe, "1", d.actor, kToday).ok());
  REQUIRE(add_quote_line(*d.replica, quote, oil, "4", d.actor, kToday).ok());
  CHECK(add_quote_line(*d.replica, quote, oil, "lots", d.actor, kToday).error().code == "wrong_type");
  auto q = d.read(quote);
  REQUIRE(q.lines.size() == 2);
  CHECK(q.lines[0].values.at("unit_price") == Json{{"minor", 90000}, {"currency", "CNY"}});  // grade A's price
  CHECK(q.lines[0].values.at("description") == "Lathe");
  REQUIRE(q.lines[0].below_minimum);
  CHECK(format_decimal(*q.lines[0].below_minimum) == "2");  // 1 lathe, minimum 2: a warning
  CHECK(q.lines[1].values.at("unit_price") == Json{{"minor", 5000}, {"currency", "CNY"}});   // list price
  CHECK_FALSE(q.lines[1].below_minimum);
  CHECK(q.totals.net.minor == 110000);
  CHECK(q.totals.tax.minor == 11700);
  CHECK(q.delivery == CalendarDate{2026, 12, 21});
  CHECK(q.status == "draft");
  CHECK(move_quote(*d.replica, quote, "sent", d.actor, kToday).ok());  // no discount: no approval
  CHECK(d.read(quote).status == "sent");
  CHECK(move_quote(*d.replica, quote, "accepted", d.actor, kToday).ok());
  CHECK(move_quote(*d.replica, quote, "draft", d.actor, kToday).error().code == "forbidden_transition");

  // A second quote with a 15% line: submit, approve as a manager, an edit voids, approve again.
  const auto big = d.add("quote", {{"customer_id", customer}, {"title", "Discounted"}, {"currency", "CNY"}, {"status", "draft"}});
  auto l1 = add_quote_line(*d.replica, big, lathe, "3", d.actor, kToday);
  REQUIRE(l1.ok());
  REQUIRE(d.replica->update("quote_line", l1->id, {{"discount", "15"}}).ok());
  CHECK(move_quote(*d.replica, big, "sent", d.actor, kToday).error().code == "approval_required");
  REQUIRE(move_quote(*d.replica, big, "submitted", d.actor, kToday).ok());
  CHECK(move_quote(*d.replica, big, "approved", d.actor, kToday).error().code == "forbidden");
  d.as(kRoleManager);
  REQUIRE(move_quote(*d.replica, big, "approved", d.actor, kToday, "ok for a key account").ok());
  q = d.read(big);
  CHECK(q.status == "approved");
  REQUIRE(q.decisions.size() == 1);
  CHECK(q.decisions[0].at("comment") == "ok for a key account");
  d.as(kRoleSales);
  REQUIRE(d.replica->update("quote_line", l1->id, {{"discount", "16"}}).ok());
  q = d.read(big);
  CHECK(q.status == "submitted");  // the edit voided the approval
  CHECK(q.facts.approval.voided == 1);
  CHECK(move_quote(*d.replica, big, "sent", d.actor, kToday).error().code == "approval_required");
  d.as(kRoleManager);
  REQUIRE(move_quote(*d.replica, big, "approved", d.actor, kToday).ok());
  d.as(kRoleSales);
  REQUIRE(move_quote(*d.replica, big, "sent", d.actor, kToday).ok());

  // Editing the sent quote keeps revision 1 and starts revision 2 in draft, needing approval again.
  REQUIRE(prepare_quote_edit(*d.replica, big, d.actor, kToday).value());
  CHECK_FALSE(prepare_quote_edit(*d.replica, big, d.actor, kToday).value());
  q = d.read(big);
  CHECK(q.status == "draft");
  CHECK(q.facts.revision == 2);
  REQUIRE(q.revisions.size() == 1);
  const Json kept = Json::parse(q.revisions[0].at("snapshot").get<std::string>());
  CHECK(kept["quote"]["status"] == "sent");
  CHECK(kept["lines"].size() == 1);
  CHECK(q.revisions[0].at("revision") == 1);
  CHECK(q.facts.approval.outcome == sales::Approval::kNone);
  CHECK(quote_moves(q.facts) == std::vector<std::string>{"submitted"});
}
