// Field rights, state machines and per-entity rules (model/entity_rules.h): the checks the
// device runs before saving and the server on the merged state of every pushed record.
#include "model/entity_rules.h"

#include <catch2/catch.hpp>

using namespace crm;

namespace {

const Actor kSales{"alice", kRoleSales}, kManager{"mia", kRoleManager},
    kService{"sam", kRoleService}, kAdmin{"ada", kRoleAdmin};

std::vector<std::string> codes(const std::vector<Error>& errors) {
  std::vector<std::string> out;
  for (const auto& e : errors) out.push_back(e.code);
  return out;
}

using Codes = std::vector<std::string>;

}  // namespace

TEST_CASE("Only a manager or an admin changes a customer's owner; anyone sets it on creation",
          "[core][rules]") {
  const EntitySchema& customer = *find_schema("customer");
  const FieldValues mine{{"kind", "company"}, {"name", "Acme"}, {"owner", "alice"}};
  CHECK(check_change(customer, nullptr, mine, kSales).empty());
  FieldValues pooled = mine;
  pooled.erase("owner");
  CHECK(codes(check_change(customer, &mine, pooled, kSales)) == Codes{"reason_required"});
  FieldValues given = mine;
  given["owner"] = "bob";
  CHECK(codes(check_change(customer, &mine, given, kService)) == Codes{"field_forbidden"});
  CHECK(check_change(customer, &mine, given, kManager).empty());
  CHECK(check_change(customer, &mine, given, kAdmin).empty());
  FieldValues renamed = mine;
  renamed["name"] = "Acme Ltd";
  CHECK(check_change(customer, &mine, renamed, kSales).empty());
  CHECK(check_change(customer, &mine, renamed, kSales).empty());
  auto e = check_change(customer, &mine, given, kSales);
  REQUIRE(e.size() == 1);
  CHECK(e[0].field == "owner");
  CHECK(e[0].message == "owner: only a manager or admin may change it");
}

TEST_CASE("A sales person claims a pool customer for herself and returns her own with a reason, nothing else",
          "[core][rules][pool]") {
  const EntitySchema& customer = *find_schema("customer");
  const FieldValues pooled{{"kind", "company"}, {"name", "Acme"}};
  FieldValues claimed = pooled;
  claimed["owner"] = "alice";
  CHECK(check_change(customer, &pooled, claimed, kSales).empty());
  FieldValues for_bob = pooled;
  for_bob["owner"] = "bob";  // claiming for someone else is a manager's assignment
  CHECK(codes(check_change(customer, &pooled, for_bob, kSales)) == Codes{"field_forbidden"});
  CHECK(codes(check_change(customer, &claimed, for_bob, kSales)) == Codes{"field_forbidden"});
  CHECK(codes(check_change(customer, &for_bob, claimed, kSales)) == Codes{"field_forbidden"});  // nor takes bob's
  FieldValues returned = pooled;
  CHECK(codes(check_change(customer, &claimed, returned, kSales)) == Codes{"reason_required"});
  returned["pool_reason"] = "Moved abroad";
  CHECK(check_change(customer, &claimed, returned, kSales).empty());
  CHECK(codes(check_change(customer, &for_bob, returned, kSales)) == Codes{"field_forbidden"});
  // A service agent neither claims nor returns.
  FieldValues sams = pooled;
  sams["owner"] = "sam";
  CHECK(codes(check_change(customer, &pooled, sams, kService)) == Codes{"field_forbidden"});
  CHECK(check_change(customer, &pooled, for_bob, kManager).empty());
}

TEST_CASE("Leads, opportunities and pool rules refuse what their rules forbid, each with its code",
          "[core][rules][sales]") {
  const EntitySchema& lead = *find_schema("lead");
  CHECK(codes(check_change(lead, nullptr, {{"status", "new"}}, kSales)) == Codes{"name_required"});
  const FieldValues fresh{{"company", "Acme"}, {"status", "new"}};
  CHECK(check_change(lead, nullptr, fresh, kSales).empty());
  CHECK(codes(check_change(lead, nullptr, {{"company", "Acme"}, {"status", "converted"}}, kSales)) ==
        Codes{"invalid_state", "conversion_incomplete"});
  FieldValues dropped = fresh;
  dropped["status"] = "disqualified";
  CHECK(codes(check_change(lead, &fresh, dropped, kSales)) == Codes{"reason_required"});
  dropped["disqualify_reason"] = "No budget";
  CHECK(check_change(lead, &fresh, dropped, kSales).empty());
  FieldValues converted = dropped;
  converted["status"] = "converted";
  converted["converted_customer_id"] = "0190a0a0-0000-7000-8000-000000000001";
  CHECK(codes(check_change(lead, &dropped, converted, kSales)) == Codes{"forbidden_transition"});

  const EntitySchema& opp = *find_schema("opportunity");
  const FieldValues deal{{"customer_id", "0190a0a0-0000-7000-8000-000000000001"},
                         {"name", "Pumps"},
                         {"stage", "proposal"}};
  CHECK(check_change(opp, nullptr, deal, kSales).empty());
  FieldValues won = deal;
  won["stage"] = "won";
  CHECK(codes(check_change(opp, &deal, won, kSales)) == Codes{"amount_required"});
  won["amount"] = Json{{"minor", 1250000}, {"currency", "CNY"}};
  CHECK(check_change(opp, &deal, won, kSales).empty());
  FieldValues reopened = won;
  reopened["stage"] = "negotiation";
  CHECK(codes(check_change(opp, &won, reopened, kSales)) == Codes{"forbidden_transition"});
  CHECK(check_change(opp, &won, reopened, kManager).empty());
  FieldValues lost = deal;
  lost["stage"] = "lost";
  CHECK(codes(check_change(opp, &deal, lost, kSales)) == Codes{"reason_required"});
  lost["lost_reason"] = "Price";
  CHECK(check_change(opp, &deal, lost, kSales).empty());
  CHECK(codes(check_change(opp, nullptr, won, kSales)) == Codes{"invalid_state"});

  const EntitySchema& rule = *find_schema("pool_rule");
  const FieldValues tight{{"return_after_days", 7}, {"warn_days", 7}, {"claim_limit", 10}};
  CHECK(codes(check_change(rule, nullptr, tight, kAdmin)) == Codes{"invalid_policy"});
  CHECK(codes(check_change(rule, nullptr, tight, kManager)) == Codes{"forbidden"});
}

TEST_CASE("Products and price lists are written by managers and admins only", "[core][rules]") {
  for (const char* entity : {"product", "price_list", "price_list_item"}) {
    INFO(entity);
    const EntitySchema& schema = *find_schema(entity);
    CHECK(codes(check_change(schema, nullptr, {}, kSales)) == Codes{"forbidden"});
    CHECK(codes(check_change(schema, nullptr, {}, kService)) == Codes{"forbidden"});
  }
  const EntitySchema& product = *find_schema("product");
  const FieldValues p{{"code", "P-1"},
                      {"name", "Pump"},
                      {"unit", "piece"},
                      {"list_price", Json{{"minor", 129900}, {"currency", "CNY"}}}};
  CHECK(check_change(product, nullptr, p, kManager).empty());
  FieldValues cheaper = p;
  cheaper["list_price"]["minor"] = 99900;
  CHECK(codes(check_change(product, &p, cheaper, kSales)) == Codes{"forbidden"});
  CHECK(check_change(product, &p, cheaper, kAdmin).empty());
  CHECK(check_change(product, &p, cheaper, kSales).front().message ==
        "only a manager or admin may change a Product");
}

TEST_CASE("A ticket's status moves only along its state machine, by the roles it names",
          "[core][rules]") {
  const EntitySchema& ticket = *find_schema("ticket");
  const FieldValues reported{{"customer_id", "c"}, {"subject", "Pump"}, {"status", "reported"}};
  CHECK(check_change(ticket, nullptr, reported, kSales).empty());
  FieldValues closed = reported;
  closed["status"] = "closed";
  CHECK(codes(check_change(ticket, nullptr, closed, kSales)) == Codes{"invalid_state"});
  CHECK(codes(check_change(ticket, &reported, closed, kAdmin)) == Codes{"forbidden_transition"});
  FieldValues working = reported;
  working["status"] = "in_progress";
  CHECK(check_change(ticket, &reported, working, kService).empty());
  auto e = check_change(ticket, &reported, working, kSales);
  REQUIRE(codes(e) == Codes{"forbidden_transition"});
  CHECK(e[0].message == "status: only a service or admin may move it from reported to in_progress");
  FieldValues done = working;
  done["status"] = "completed";
  FieldValues closing = done;
  closing["status"] = "closed";
  CHECK(check_change(ticket, &done, closing, kSales).empty());
  CHECK(codes(check_change(ticket, &done, closing, kService)) == Codes{"forbidden_transition"});
}

TEST_CASE("Entity rules check across fields; read-only fields keep their first value",
          "[core][rules]") {
  const EntitySchema& list = *find_schema("price_list");
  FieldValues l{{"name", "2027"},
                {"currency", "CNY"},
                {"valid_from", "2027-01-01"},
                {"valid_to", "2026-12-31"}};
  CHECK(codes(check_change(list, nullptr, l, kManager)) == Codes{"ends_before_start"});
  l["valid_to"] = "2027-01-01";
  CHECK(check_change(list, nullptr, l, kManager).empty());
  l["currency"] = "RMB";
  CHECK(codes(check_change(list, nullptr, l, kManager)) == Codes{"invalid_currency"});

  const EntitySchema& visit = *find_schema("visit");
  // Times of different precision compare as times, not as text.
  FieldValues v{{"customer_id", "c"},
                {"checkin_at", "2026-11-30T10:00:00.500Z"},
                {"checkout_at", "2026-11-30T10:00:00Z"},
                {"user", "alice"}};
  CHECK(codes(check_change(visit, nullptr, v, kSales)) == Codes{"ends_before_start"});
  v["checkout_at"] = "2026-11-30T10:00:01Z";
  CHECK(check_change(visit, nullptr, v, kSales).empty());
  FieldValues moved = v;
  moved["user"] = "bob";
  CHECK(codes(check_change(visit, &v, moved, kManager)) == Codes{"read_only"});

  const EntitySchema& item = *find_schema("price_list_item");
  FieldValues i{{"price_list_id", "l"},
                {"product_id", "p"},
                {"price", Json{{"minor", -1}, {"currency", "CNY"}}}};
  CHECK(codes(check_change(item, nullptr, i, kAdmin)) == Codes{"out_of_range"});
}
