// Access from the schema, through the API on a real store (in-process: HTTP is not the subject):
// the push check and the pull filter agree for every entity and role; field rights, organisation
// data and state machines are refused record by record; inherited records follow their anchor.
#include <catch2/catch.hpp>
#include <set>

#include "../core/schema_samples.h"
#include "api/api_service.h"
#include "api/record_access.h"
#include "model/configuration.h"
#include "crdt/record_codec.h"
#include "in_process_server.h"
#include "server_fixture.h"

using namespace crm;
using namespace crm::server;

namespace {

// A small organisation: alice (sales) and mia (manager) in team north, bob (sales, no team),
// sam (service), ada (admin). Each user pushes from device "dev-<name>".
struct World : test::InProcessServer {
  std::map<std::string, Session> who;
  std::map<std::string, RecordState> known;  // "entity/id" -> the state the server answered with
  int64_t t = 1764000000000;

  World() {
    team("north");
    for (auto [name, role, team] : {std::tuple{"alice", "sales", "north"},
                                    {"mia", "manager", "north"},
                                    {"bob", "sales", ""},
                                    {"sam", "service", ""},
                                    {"ada", "admin", ""}})
      who[name] = user(name, role, team);
  }

  // Writes `values` onto a record (new, or as the server last answered) from `user`'s device and
  // pushes it with the others of one batch; returns each record's result.
  Json push(const std::string& user,
            const std::vector<std::tuple<std::string, std::string, FieldValues>>& writes) {
    Json records = Json::array();
    for (const auto& [entity, id, values] : writes) {
      RecordState st = known.count(entity + "/" + id) ? known[entity + "/" + id]
                                                      : RecordState{entity, id, {}, {}};
      apply_local_write(st, who[user].device_id, HlcStamp{++t, 0}, values);
      st.normalize();
      records.push_back(encode_record(st));
      pending[entity + "/" + id] = st;
    }
    ApiResponse r = api->push(who[user], Json{{"protocol", 1}, {"records", records}}.dump());
    INFO(r.body);
    REQUIRE(r.status == 200);
    Json results = Json::parse(r.body)["results"];
    for (const auto& res : results) {
      const std::string key = res["entity"].get<std::string>() + "/" + res["id"].get<std::string>();
      if (res.contains("rejected")) continue;
      known[key] = res.contains("state") ? decode_record(res["state"]).value() : pending[key];
    }
    return results;
  }
  Json push1(const std::string& user, const std::string& entity, const std::string& id,
             const FieldValues& v) {
    return push(user, {{entity, id, v}})[0];
  }

  // Everything `user` holds after pulling from `cursor` to the end ("entity/id"), and the keys
  // pulls listed as removed.
  std::pair<std::set<std::string>, std::set<std::string>> pull(const std::string& user,
                                                               int64_t& cursor) {
    std::set<std::string> present, removed;
    for (int guard = 0; guard < 100; ++guard) {
      ApiResponse r =
          api->pull(who[user], Json{{"protocol", 1}, {"cursor", cursor}, {"limit", 4}}.dump());
      REQUIRE(r.status == 200);
      Json page = Json::parse(r.body);
      for (const auto& k : page.value("removed", Json::array())) {
        const std::string key = k["entity"].get<std::string>() + "/" + k["id"].get<std::string>();
        removed.insert(key);
        present.erase(key);
      }
      for (const auto& rec : page["records"]) {
        const std::string key =
            rec["entity"].get<std::string>() + "/" + rec["id"].get<std::string>();
        present.insert(key);
        removed.erase(key);
      }
      cursor = page["next_cursor"];
      if (!page["has_more"].get<bool>()) return {present, removed};
    }
    FAIL("pull did not finish");
    return {};
  }
  std::set<std::string> pull_all(const std::string& user) {
    int64_t cursor = 0;
    return pull(user, cursor).first;
  }

  // What the push check (sees()) says `user` sees, for every record the server holds.
  std::set<std::string> push_view(const std::string& user) {
    std::set<std::string> out;
    auto org = store->load_org();
    REQUIRE(org.ok());
    const ScopeFilter f = filter_of(org->scope_of(who[user].user_id));
    Status s = store->write(ChangeAuthor{}, [&](RecordTransaction& tx) -> Status {
      for (const auto& [key, state] : known) {
        auto scope = tx.scope(state.entity, state.id);
        if (!scope) return scope.error();
        REQUIRE(scope.value().has_value());
        auto seen = visible(tx, f, RecordKey{state.entity, state.id}, *scope.value());
        if (!seen) return seen.error();
        if (seen.value()) out.insert(key);
      }
      return make_error("read_only", "nothing to store");  // rolls the transaction back
    });
    CHECK(s.error().code == "read_only");
    return out;
  }

  std::map<std::string, std::string> ids;
  std::map<std::string, RecordState> pending;
  const std::string& id(const std::string& name) {
    auto [it, fresh] = ids.try_emplace(name, test::id_n(static_cast<int>(ids.size()) + 1));
    return it->second;
  }
  std::string key(const std::string& entity, const std::string& name) {
    return entity + "/" + id(name);
  }

  FieldValues sample(const std::string& entity, const std::string& parent,
                     FieldValues overrides = {}) {
    FieldValues v =
        test::sample_values(*find_schema(entity), parent.empty() ? id("none") : id(parent));
    for (auto& [k, val] : overrides)
      if (find_schema(entity)->field(k)) v[k] = val;  // "user" only where the entity has one
    return v;
  }

  // alice's customer c1 with a child of every kind, bob's c2 with a contact, a pool customer c3,
  // and a product, a price list and an item that managers and admins keep.
  void populate() {
    const char* children[] = {"contact", "visit", "activity", "ticket"};
    REQUIRE_FALSE(push1("alice", "customer", id("c1"), sample("customer", "", {{"owner", "alice"}}))
                      .contains("rejected"));
    for (const char* e : children)
      REQUIRE_FALSE(
          push1("alice", e, id(std::string(e) + "1"), sample(e, "c1", {{"user", "alice"}}))
              .contains("rejected"));
    REQUIRE_FALSE(push1("bob", "customer", id("c2"), sample("customer", "", {{"owner", "bob"}}))
                      .contains("rejected"));
    REQUIRE_FALSE(
        push1("bob", "contact", id("contact2"), sample("contact", "c2")).contains("rejected"));
    REQUIRE_FALSE(push1("alice", "customer", id("c3"), sample("customer", "", {{"owner", nullptr}}))
                      .contains("rejected"));
    REQUIRE_FALSE(push1("mia", "product", id("p1"), sample("product", "")).contains("rejected"));
    REQUIRE_FALSE(
        push1("mia", "price_list", id("l1"), sample("price_list", "")).contains("rejected"));
    REQUIRE_FALSE(push1("ada", "price_list_item", id("i1"),
                        sample("price_list_item", "l1", {{"product_id", id("p1")}}))
                      .contains("rejected"));
    // Configuration, and attachments of an owned customer (at its depth) and of organisation data.
    REQUIRE_FALSE(push1("mia", "picklist_value", id("pv1"), sample("picklist_value", "")).contains("rejected"));
    REQUIRE_FALSE(push1("ada", "custom_field", id("cf1"), sample("custom_field", "")).contains("rejected"));
    REQUIRE_FALSE(push1("alice", "attachment", id("att1"), sample("attachment", "contact1", {{"record_entity", "contact"}}))
                      .contains("rejected"));
    REQUIRE_FALSE(push1("bob", "attachment", id("att2"), sample("attachment", "c2")).contains("rejected"));
    // Sales: alice's lead, an opportunity of c1 with a child of every kind, and the organisation's
    // campaign and pool rule.
    REQUIRE_FALSE(push1("mia", "campaign", id("cmp1"), sample("campaign", "")).contains("rejected"));
    REQUIRE_FALSE(push1("ada", "pool_rule", id("pr1"), sample("pool_rule", "")).contains("rejected"));
    REQUIRE_FALSE(push1("alice", "lead", id("lead1"), sample("lead", "c1", {{"owner", "alice"}, {"team", nullptr}}))
                      .contains("rejected"));
    REQUIRE_FALSE(push1("alice", "opportunity", id("opportunity1"), sample("opportunity", "c1")).contains("rejected"));
    for (const char* e : {"stage_change", "opportunity_product", "decision_maker"})
      REQUIRE_FALSE(push1("alice", e, id(std::string(e) + "1"), sample(e, "opportunity1")).contains("rejected"));
    REQUIRE_FALSE(push1("mia", "attachment", id("att3"), sample("attachment", "p1", {{"record_entity", "product"}}))
                      .contains("rejected"));
    // Sales II: quote, contract and order of c1 with their children (a manager decides the
    // approval), and the organisation's quote policy, target and commission rule.
    const std::pair<const char*, const char*> sales2[] = {
        {"quote", "c1"},           {"quote_line", "quote1"},     {"quote_revision", "quote1"}, {"contract", "c1"},
        {"contract_line", "contract1"}, {"instalment", "contract1"}, {"invoice", "contract1"},
        {"receipt", "instalment1"}, {"sales_order", "c1"},         {"order_line", "sales_order1"}};
    for (const auto& [e, parent] : sales2)
      REQUIRE_FALSE(push1("alice", e, id(std::string(e) + "1"), sample(e, parent)).contains("rejected"));
    REQUIRE_FALSE(push1("mia", "quote_approval", id("quote_approval1"), sample("quote_approval", "quote1"))
                      .contains("rejected"));
    REQUIRE_FALSE(push1("ada", "quote_policy", id("qp1"), sample("quote_policy", "")).contains("rejected"));
    REQUIRE_FALSE(push1("mia", "sales_target", id("st1"), sample("sales_target", "")).contains("rejected"));
    REQUIRE_FALSE(push1("ada", "commission_rule", id("cr1"), sample("commission_rule", "")).contains("rejected"));
    REQUIRE_FALSE(push1("ada", "commission_tier", id("ct1"), sample("commission_tier", "cr1")).contains("rejected"));
  }
  // The custom field this world stored is not for the other tests of this process.
  ~World() { apply_configuration(Configuration{}); }
};

std::set<std::string> keys(World& w, const std::vector<std::pair<std::string, std::string>>& list) {
  std::set<std::string> out;
  for (const auto& [e, n] : list) out.insert(w.key(e, n));
  return out;
}

// alice's customer c1 and every record populate() gives it, at any depth.
std::vector<std::pair<std::string, std::string>> c1_family() {
  return {{"customer", "c1"},        {"contact", "contact1"},
          {"visit", "visit1"},        {"activity", "activity1"},
          {"ticket", "ticket1"},      {"attachment", "att1"},
          {"opportunity", "opportunity1"}, {"stage_change", "stage_change1"},
          {"opportunity_product", "opportunity_product1"}, {"decision_maker", "decision_maker1"},
          {"quote", "quote1"},        {"quote_line", "quote_line1"},
          {"quote_approval", "quote_approval1"}, {"contract", "contract1"},
          {"contract_line", "contract_line1"}, {"instalment", "instalment1"},
          {"invoice", "invoice1"},    {"receipt", "receipt1"},
          {"sales_order", "sales_order1"}, {"order_line", "order_line1"},
          {"quote_revision", "quote_revision1"}};
}

}  // namespace

TEST_CASE("The push check and the pull filter agree for every entity and role",
          "[server][access][schema]") {
  World w;
  w.populate();
  std::set<std::string> entities;
  for (const auto& [k, s] : w.known) entities.insert(s.entity);
  for (const auto& schema : all_schemas())
    CHECK(entities.count(schema.name));  // every registry entry is here

  const auto org_data = keys(w, {{"product", "p1"},
                                 {"price_list", "l1"},
                                 {"price_list_item", "i1"},
                                 {"picklist_value", "pv1"},
                                 {"custom_field", "cf1"},
                                 {"attachment", "att3"},
                                 {"campaign", "cmp1"},
                                 {"pool_rule", "pr1"},
                                 {"quote_policy", "qp1"},
                                 {"sales_target", "st1"},
                                 {"commission_rule", "cr1"},
                                 {"commission_tier", "ct1"}});
  const auto c1 = keys(w, c1_family());
  const auto alice_leads = keys(w, {{"lead", "lead1"}});
  const auto c2 = keys(w, {{"customer", "c2"}, {"contact", "contact2"}, {"attachment", "att2"}});
  const auto pool = keys(w, {{"customer", "c3"}});
  auto join = [](std::initializer_list<std::set<std::string>> sets) {
    std::set<std::string> out;
    for (const auto& s : sets) out.insert(s.begin(), s.end());
    return out;
  };
  const std::map<std::string, std::set<std::string>> expected = {
      {"alice", join({c1, alice_leads, pool, org_data})},
      {"mia", join({c1, alice_leads, pool, org_data})},  // her team's records
      {"bob", join({c2, pool, org_data})},
      {"sam", join({keys(w, {{"customer", "c1"}, {"ticket", "ticket1"}}),
                    org_data})},  // tickets and their customers
      {"ada", join({c1, alice_leads, c2, pool, org_data})},
  };
  for (const auto& [user, want] : expected) {
    INFO(user);
    const auto pulled = w.pull_all(user);
    CHECK(pulled == want);
    CHECK(w.push_view(user) == pulled);
  }
}

TEST_CASE(
    "Field rights, organisation data and state machines are refused per record; the rest is stored",
    "[server][access][schema]") {
  World w;
  w.populate();
  // A service agent changes a customer's owner (refused) and takes up its ticket (stored).
  Json r = w.push("sam", {{"customer", w.id("c1"), {{"owner", "sam"}}},
                          {"ticket", w.id("ticket1"), {{"status", "in_progress"}}}});
  CHECK(r[0]["rejected"]["code"] == "field_forbidden");
  CHECK(r[0]["rejected"]["field"] == "owner");
  CHECK_FALSE(r[1].contains("rejected"));
  CHECK(w.known[w.key("customer", "c1")].value("owner") == "alice");  // nothing of it stored
  CHECK(w.known[w.key("ticket", "ticket1")].value("status") == "in_progress");

  // A sales person changes a product's price and a price-list item (refused), and a contact
  // (stored).
  r = w.push("alice",
             {{"product", w.id("p1"), {{"list_price", Json{{"minor", 1}, {"currency", "CNY"}}}}},
              {"price_list_item", w.id("i1"), {{"price", Json{{"minor", 1}, {"currency", "CNY"}}}}},
              {"contact", w.id("contact1"), {{"title", "Buyer"}}},
              {"product", w.id("p2"), w.sample("product", "")}});
  CHECK(r[0]["rejected"]["code"] == "forbidden");
  CHECK(r[1]["rejected"]["code"] == "forbidden");
  CHECK_FALSE(r[2].contains("rejected"));
  CHECK(r[3]["rejected"]["code"] == "forbidden");  // nor creates one
  CHECK(w.known[w.key("product", "p1")].value("list_price") ==
        Json{{"minor", 129900}, {"currency", "CNY"}});
  // ... and a sales person cannot put her customer into the pool without saying why, nor close
  // a ticket in progress.
  r = w.push("alice", {{"customer", w.id("c1"), {{"owner", nullptr}, {"pool_reason", nullptr}}},
                       {"ticket", w.id("ticket1"), {{"status", "closed"}}}});
  CHECK(r[0]["rejected"]["code"] == "reason_required");
  CHECK(r[1]["rejected"]["code"] == "forbidden_transition");
  // What was refused was not stored: alice still holds her customer, and no new product.
  int64_t cursor = 0;
  auto [alice_has, alice_lost] = w.pull("alice", cursor);
  CHECK(alice_has.count(w.key("customer", "c1")));
  CHECK_FALSE(alice_has.count(w.key("product", "p2")));
  // A manager may change the price; an entity rule still refuses an end before the start.
  CHECK_FALSE(w.push1("mia", "product", w.id("p1"),
                      {{"list_price", Json{{"minor", 99900}, {"currency", "CNY"}}}})
                  .contains("rejected"));
  CHECK(w.push1("mia", "price_list", w.id("l1"),
                {{"valid_from", "2027-01-02"}, {"valid_to", "2027-01-01"}})["rejected"]["code"] ==
        "ends_before_start");
}

TEST_CASE(
    "Inherited records follow their anchor; a first child reveals its parent to a reaching role",
    "[server][access][schema]") {
  World w;
  w.populate();
  int64_t alice = 0, sam = 0;
  w.pull("alice", alice);
  w.pull("sam", sam);
  // The pool customer gets its first ticket: the service agent now receives the customer.
  REQUIRE_FALSE(
      w.push1("bob", "ticket", w.id("ticket3"), w.sample("ticket", "c3")).contains("rejected"));
  auto [sam_new, sam_lost] = w.pull("sam", sam);
  CHECK(sam_new == keys(w, {{"customer", "c3"}, {"ticket", "ticket3"}}));
  // A manager takes alice's customer: it and every record that follows it leave alice's scope.
  REQUIRE_FALSE(w.push1("mia", "customer", w.id("c1"), {{"owner", "mia"}}).contains("rejected"));
  auto [alice_new, alice_lost] = w.pull("alice", alice);
  CHECK(alice_lost == keys(w, c1_family()));  // attachment att1 hangs on contact1: two links down
  // A child pushed before its parent sits with its pusher, then follows the parent on arrival.
  REQUIRE_FALSE(w.push1("ada", "price_list_item", w.id("i9"),
                        w.sample("price_list_item", "l9", {{"product_id", w.id("p1")}}))
                    .contains("rejected"));
  int64_t bob = 0;
  CHECK_FALSE(w.pull("bob", bob).first.count(w.key("price_list_item", "i9")));
  REQUIRE_FALSE(
      w.push1("ada", "price_list", w.id("l9"), w.sample("price_list", "")).contains("rejected"));
  auto [bob_new, bob_lost] = w.pull("bob", bob);
  CHECK(bob_new == keys(w, {{"price_list", "l9"}, {"price_list_item", "i9"}}));
}
