// Computed views (shared/views/) and what the generic screens build on them: a RecordListView of
// any entity kept current by the replica's observer (incremental: the changed record only),
// searched, filtered and ordered by schema fields; saved filters; write rights from the schema;
// the generic screens' routes.
#include <catch2/catch.hpp>

#include <memory>
#include <string>
#include <vector>

#include "app/pinyin.h"
#include "app/record_rights.h"
#include "app/router.h"
#include "app/saved_filters.h"
#include "core/clock.h"
#include "replica/replica.h"
#include "views/record_list_view.h"
#include "views/view.h"
#include "../core/test_replica.h"

using namespace crm;

namespace {

// A device with an admin's replica and a set of views fed by its observer.
struct Device : TestReplica {
  ViewSet views;
  int changes_seen = 0;

  explicit Device(uint64_t seed = 7) : TestReplica(seed) {
    replica->set_actor(Actor{"root", kRoleAdmin});
    replica->set_observer([this](const RecordState& s) {
      ++changes_seen;
      views.on_change(s);
    });
  }

  RecordListView& list(const std::string& entity) {
    auto v = views.add(std::make_unique<RecordListView>(entity), replica->store());
    REQUIRE(v.ok());
    return *v.value();
  }

  std::string product(const std::string& code, const std::string& name, int64_t minor, bool active = true,
                      const std::string& unit = "piece") {
    auto r = replica->create("product", {{"code", code}, {"name", name}, {"unit", unit},
                                         {"list_price", Json{{"minor", minor}, {"currency", "CNY"}}},
                                         {"active", active}});
    INFO(code << ": " << (r ? "" : r.error().message));
    REQUIRE(r.ok());
    clock.advance(1);
    return r->id;
  }
};

std::vector<std::string> codes(const std::vector<const ListRow*>& rows) {
  std::vector<std::string> out;
  for (const ListRow* r : rows) out.push_back(r->values.at("code").get<std::string>());
  return out;
}

using Codes = std::vector<std::string>;

}  // namespace

TEST_CASE("RecordListView: loads once, then follows each change without reading the store", "[client][views]") {
  Device d;
  const std::string pump = d.product("P-1", "Pump", 129950);
  RecordListView& list = d.list("product");  // loaded with what is stored
  REQUIRE(list.size() == 1);
  const uint64_t v0 = list.version();
  const std::string valve = d.product("V-2", "Valve", 2500);
  CHECK(list.size() == 2);
  CHECK(list.version() > v0);
  CHECK(list.find(valve)->values.at("name") == "Valve");
  REQUIRE(d.replica->update("product", pump, {{"name", "Water pump"}}).ok());
  CHECK(list.find(pump)->values.at("name") == "Water pump");
  REQUIRE(d.replica->remove("product", valve).ok());
  CHECK(list.size() == 1);
  CHECK(list.find(valve) == nullptr);
  // Other entities pass by.
  const uint64_t v1 = list.version();
  REQUIRE(d.replica->create("price_list", {{"name", "Winter"}, {"currency", "CNY"}}).ok());
  CHECK(list.version() == v1);
}

TEST_CASE("RecordListView: search, filters and order come from the schema", "[client][views]") {
  Device d;
  RecordListView& list = d.list("product");
  d.product("P-3", "Pump large", 300000);
  d.product("P-1", "Pump small", 99900);
  d.product("V-2", "Valve", 2500, false, "box");
  d.product("P-2", "pump medium", 150000);

  ListQuery q;
  CHECK(codes(list.query(q)) == Codes{"P-1", "P-2", "P-3", "V-2"});  // by the first summary field (code)
  q.search = "PUMP";
  CHECK(codes(list.query(q)) == Codes{"P-1", "P-2", "P-3"});  // case-insensitive, in searchable fields
  q.search = "pump sm";
  CHECK(codes(list.query(q)) == Codes{"P-1"});  // every term must match
  q.search.clear();
  q.sort = "list_price";
  CHECK(codes(list.query(q)) == Codes{"V-2", "P-1", "P-2", "P-3"});  // money by its minor units
  q.descending = true;
  CHECK(codes(list.query(q)) == Codes{"P-3", "P-2", "P-1", "V-2"});
  q = {};
  q.equals["active"] = "false";
  CHECK(codes(list.query(q)) == Codes{"V-2"});
  q.equals = {{"unit", "piece"}};
  CHECK(codes(list.query(q)) == Codes{"P-1", "P-2", "P-3"});
  // A money amount finds by its text as people read it.
  q = {};
  q.search = "1500.00 cny";
  CHECK(codes(list.query(q)) == Codes{"P-2"});
}

TEST_CASE("RecordListView: Chinese names found by their pinyin initials, as the app's lists do", "[client][views]") {
  Device d;
  auto v = d.views.add(std::make_unique<RecordListView>("product", [](std::string_view t) { return pinyin_initials(t); }),
                       d.replica->store());
  REQUIRE(v.ok());
  RecordListView& list = *v.value();
  d.product("S-1", "上海水泵", 100000);  // Shanghai shuibeng: "shsb"
  d.product("B-1", "北京阀门", 2000);    // Beijing famen: "bjfm"
  ListQuery q;
  q.search = "shsb";
  CHECK(codes(list.query(q)) == Codes{"S-1"});
  q.search = "BJ";
  CHECK(codes(list.query(q)) == Codes{"B-1"});
  q.search = "水泵";
  CHECK(codes(list.query(q)) == Codes{"S-1"});  // the characters themselves still match
  // Without the extra text (the core's default) initials find nothing.
  RecordListView& plain = d.list("product");
  q.search = "shsb";
  CHECK(plain.query(q).empty());
}

TEST_CASE("RecordListView: records that reference a record, newest first, and tags and date filters",
          "[client][views]") {
  Device d;
  const std::string pump = d.product("P-1", "Pump", 129950);
  auto winter = d.replica->create("price_list", {{"name", "Winter"}, {"currency", "CNY"}, {"valid_from", "2026-12-01"},
                                                 {"valid_to", "2027-02-28"}, {"grades", Json::array({"A", "B"})}});
  auto summer = d.replica->create("price_list", {{"name", "Summer"}, {"currency", "CNY"}, {"valid_from", "2026-06-01"},
                                                 {"grades", Json::array({"C"})}});
  REQUIRE(winter.ok());
  REQUIRE(summer.ok());
  RecordListView& items = d.list("price_list_item");
  RecordListView& lists = d.list("price_list");
  for (const auto& [list, minor] : {std::pair{winter->id, 119900}, {summer->id, 125000}, {winter->id, 109900}}) {
    REQUIRE(d.replica->create("price_list_item", {{"price_list_id", list}, {"product_id", pump},
                                                  {"price", Json{{"minor", minor}, {"currency", "CNY"}}}}).ok());
    d.clock.advance(1);
  }
  CHECK(items.referencing("price_list_id", winter->id).size() == 2);
  CHECK(items.referencing("price_list_id", summer->id).size() == 1);
  CHECK(items.referencing("product_id", pump).size() == 3);
  // Moving out of the index when the reference changes or the record goes.
  auto first = items.referencing("price_list_id", summer->id)[0]->id;
  REQUIRE(d.replica->remove("price_list_item", first).ok());
  CHECK(items.referencing("price_list_id", summer->id).empty());
  CHECK(items.referencing("product_id", pump).size() == 2);

  ListQuery q;
  q.equals["grades"] = "B";  // a tag held
  REQUIRE(lists.query(q).size() == 1);
  CHECK(lists.query(q)[0]->id == winter->id);
  q = {};
  q.ranges["valid_from"] = {"2026-07-01", ""};
  REQUIRE(lists.query(q).size() == 1);
  CHECK(lists.query(q)[0]->id == winter->id);
  q.ranges["valid_from"] = {"", "2026-07-01"};
  REQUIRE(lists.query(q).size() == 1);
  CHECK(lists.query(q)[0]->id == summer->id);
}

TEST_CASE("RecordListView: a field registered at run time is searched without reloading", "[client][views]") {
  // A test-only entity, as an admin's custom field would change a schema while the app runs
  // (labels the catalogues have, as the registry's label test sees it too).
  EntitySchema gadget{.name = "test_gadget",
                      .label = "Product",
                      .fields = {{.name = "name", .type = FieldType::kText, .required = true},
                                 {.name = "city", .type = FieldType::kText},
                                 {.name = "customer_id", .type = FieldType::kText, .label = "Customer"}},
                      .summary_fields = {"name"},
                      .access = {.kind = AccessKind::kOrganisation, .writers = {kRoleAdmin}}};
  register_schema(gadget);
  Device d;
  RecordListView& list = d.list("test_gadget");
  const std::string shop = "019a0000-0000-7000-8000-000000000001";
  REQUIRE(d.replica->create("test_gadget", {{"name", "Lamp"}, {"city", "teal"}, {"customer_id", shop}}).ok());
  ListQuery q;
  q.search = "teal";
  CHECK(list.query(q).empty());
  gadget.fields[1].searchable = true;
  register_schema(gadget);
  CHECK(list.query(q).size() == 1);
  // A text field turned into a reference: the index follows.
  CHECK(list.referencing("customer_id", shop).empty());
  gadget.fields[2].type = FieldType::kReference;
  gadget.fields[2].reference_entity = "customer";
  register_schema(gadget);
  CHECK(list.referencing("customer_id", shop).size() == 1);
  const int seen = d.changes_seen;
  CHECK(seen == 1);  // nothing was read again from the store for it
}

TEST_CASE("ViewSet: reloads every view after a failed transaction, and drops its own on a reset", "[client][views]") {
  Device d;
  d.product("P-1", "Pump", 100);
  RecordListView& list = d.list("product");
  // A change the view saw but whose transaction rolled back (made elsewhere, never stored here):
  // a reload drops it.
  Device other(8);
  auto lost = other.replica->create("product", {{"code", "P-2"}, {"name", "Valve"}, {"unit", "box"},
                                                {"list_price", Json{{"minor", 200}, {"currency", "CNY"}}}});
  REQUIRE(lost.ok());
  d.views.on_change(lost.value());
  CHECK(list.size() == 2);
  REQUIRE(d.views.load(d.replica->store()).ok());
  CHECK(list.size() == 1);
  d.views.drop_owned();
  d.product("P-3", "Gone", 300);  // no view left to feed; nothing breaks
}

TEST_CASE("Saved filters: kept as text per user and entity, unreadable text gives none", "[client][views]") {
  ListQuery q;
  q.search = "pump";
  q.equals = {{"unit", "box"}, {"active", "true"}};
  q.ranges = {{"valid_from", {"2026-01-01", ""}}};
  q.sort = "list_price";
  q.descending = true;
  std::vector<SavedFilter> all;
  put_filter(all, {"Boxes", q});
  put_filter(all, {"Everything", {}});
  q.search = "valve";
  put_filter(all, {"Boxes", q});  // same name: replaced
  REQUIRE(all.size() == 2);
  CHECK(parse_saved_filters(dump_saved_filters(all)) == all);
  CHECK(parse_saved_filters("not json").empty());
  CHECK(parse_saved_filters("[{\"nom\":1}]").empty());
  CHECK(saved_filters_key("anna", "product") != saved_filters_key("boris", "product"));
}

TEST_CASE("Write rights: organisation data read-only for other roles, field writers and read-only fields",
          "[client][views]") {
  const EntitySchema& product = *find_schema("product");
  CHECK(write_rights(product, kRoleAdmin).may_write);
  CHECK(write_rights(product, kRoleManager).may_write);
  const WriteRights sales = write_rights(product, kRoleSales);
  CHECK_FALSE(sales.may_write);
  CHECK(sales.writers == std::vector<std::string>{kRoleManager, kRoleAdmin});
  // A price list's items inherit the list's writers.
  CHECK_FALSE(write_rights(*find_schema("price_list_item"), kRoleSales).may_write);
  CHECK(write_rights(*find_schema("customer"), kRoleSales).may_write);
  const FieldSpec& owner = *find_schema("customer")->field("owner");
  CHECK(field_editable(owner, kRoleSales, true));
  CHECK_FALSE(field_editable(owner, kRoleSales, false));
  CHECK(field_editable(owner, kRoleManager, false));
  const FieldSpec& list_id = *find_schema("price_list_item")->field("price_list_id");
  CHECK_FALSE(field_shown_in_form(list_id));
  CHECK_FALSE(field_editable(*find_schema("visit")->field("distance_m"), kRoleAdmin, true));  // computed
  // The navigation: entities of their own and work items, not children nor the custom tabs.
  std::vector<std::string> names;
  for (const EntitySchema* e : navigable_entities({"customer", "visit"}, kRoleSales)) names.push_back(e->name);
  auto has = [&](const char* n) { return std::find(names.begin(), names.end(), n) != names.end(); };
  CHECK(has("product"));
  CHECK(has("price_list"));
  CHECK_FALSE(has("contact"));
  CHECK_FALSE(has("price_list_item"));
  CHECK_FALSE(has("customer"));
  CHECK_FALSE(has("attachment"));
  // Configuration is the admin's screen, not a sales person's.
  CHECK_FALSE(has("custom_field"));
  CHECK_FALSE(has("picklist_value"));
  names.clear();
  for (const EntitySchema* e : navigable_entities({"customer", "visit"}, kRoleAdmin)) names.push_back(e->name);
  CHECK(has("custom_field"));
  CHECK(has("picklist_value"));
}

TEST_CASE("Router: generic list, record and child form routes round-trip and stack", "[client][views]") {
  const Route list{Screen::kList, "product", "", ""};
  const Route page{Screen::kRecord, "price_list", "pl1", ""};
  const Route item{Screen::kEdit, "price_list_item", "", "pl1"};
  const Route product_form{Screen::kEdit, "product", "", ""};
  CHECK(list.address() == "#/list/product");
  CHECK(page.address() == "#/record/price_list/pl1");
  CHECK(item.address() == "#/new/price_list_item?parent=pl1");
  for (const Route& r : {list, page, item, product_form}) CHECK(route_from_address(r.address()) == r);
  CHECK(route_from_address("#/list/nothing").screen == Screen::kSignIn);
  CHECK(route_from_address("#/new/price_list_item").screen == Screen::kSignIn);  // a child needs its parent
  CHECK(route_from_address("#/record/customer/c1").screen == Screen::kCustomerDetail);
  // Back from a child's form leads to its parent's page, then its list.
  Router r;
  r.start(item.address());
  REQUIRE(r.depth() == 3);
  CHECK(r.at(0) == Route{Screen::kList, "price_list", "", ""});
  CHECK(r.at(1) == page);
  CHECK(item.customer().empty());
  CHECK(Route{Screen::kEdit, "contact", "", "c1"}.customer() == "c1");
}
