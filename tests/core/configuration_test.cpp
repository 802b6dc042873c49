// Configuration as data (model/configuration.h): custom fields and picklist values rebuild the
// registry's schemas; values a replica does not know yet are kept and forwarded.
#include <catch2/catch.hpp>

#include "crdt/merge.h"
#include "model/configuration.h"
#include "model/entity_rules.h"
#include "model/validation.h"
#include "replica/replica.h"

using namespace crm;

namespace {

// Each test starts and ends with no configuration: other tests see the compiled-in schemas.
struct CleanConfiguration {
  CleanConfiguration() { apply_configuration(Configuration{}); }
  ~CleanConfiguration() { apply_configuration(Configuration{}); }
};

ConfigRecord custom_field(const std::string& id, const std::string& name, const std::string& type,
                          FieldValues more = {}) {
  FieldValues v = {{"entity", "customer"}, {"name", name}, {"type", type}, {"label", "Label of " + name}};
  for (auto& [k, x] : more) v[k] = x;
  return ConfigRecord{kCustomFieldEntity, id, v};
}

ConfigRecord picklist_value(const std::string& id, const std::string& list, const std::string& value,
                            bool active = true, int position = 0) {
  return ConfigRecord{kPicklistValueEntity, id,
                      {{"picklist", list}, {"value", value}, {"position", position}, {"active", active}}};
}

const Actor kAdmin{"root", kRoleAdmin};

}  // namespace

TEST_CASE("Custom fields are appended to their entity and picklists fill choice fields", "[core][configuration]") {
  CleanConfiguration clean;
  const uint64_t before = schema_generation();
  REQUIRE(find_schema("customer")->field("cf_segment") == nullptr);
  CHECK(apply_configuration(make_configuration({
      custom_field("01", "cf_segment", "choice", {{"picklist", "segment"}}),
      custom_field("02", "cf_budget", "money", {{"required", true}}),
      picklist_value("10", "segment", "retail", true, 2),
      picklist_value("11", "segment", "wholesale", true, 1),
      picklist_value("12", "customer_grade", "E"),
      picklist_value("13", "customer_grade", "D", false),
  })));
  CHECK(schema_generation() > before);
  const EntitySchema& customer = *find_schema("customer");
  const FieldSpec* segment = customer.field("cf_segment");
  REQUIRE(segment);
  CHECK(segment->custom);
  CHECK(segment->type == FieldType::kChoice);
  CHECK(segment->label_key() == "Label of cf_segment");
  CHECK(segment->choices == std::vector<std::string>{"wholesale", "retail"});  // by position
  CHECK(customer.fields.back().name == "cf_budget");

  // The seeded grades are extended; a retired one is no longer offered but stays valid.
  const FieldSpec* grade = customer.field("grade");
  CHECK(grade->choices == std::vector<std::string>{"A", "B", "C", "E"});
  CHECK(grade->retired_choices == std::vector<std::string>{"D"});
  CHECK(validate_value(*grade, "D").ok());
  CHECK(validate_value(*grade, "E").ok());
  CHECK(validate_value(*grade, "F").error().code == "invalid_choice");
  CHECK(validate_value(*segment, "retail").ok());
  CHECK(validate_value(*segment, "other").error().code == "invalid_choice");
  CHECK(validate_value(*customer.field("cf_budget"), Json{{"minor", 150000}, {"currency", "CNY"}}).ok());

  // A form requires the required custom field; a stored record from before it stays valid.
  FieldValues draft = {{"kind", "company"}, {"name", "Acme"}};
  auto errors = check_draft(customer, draft);
  REQUIRE(errors.size() == 1);
  CHECK(errors[0].field == "cf_budget");
  RecordState old;
  old.entity = "customer";
  old.id = "0193f0a2-7c1e-7abc-8def-0123456789ab";
  apply_local_write(old, "dev", HlcStamp{1, 0}, draft);
  CHECK(validate_state(old).ok());

  // Applying the same configuration again publishes nothing.
  const uint64_t now = schema_generation();
  CHECK_FALSE(apply_configuration(current_configuration()));
  CHECK(schema_generation() == now);
}

TEST_CASE("A deactivated or deleted custom field is hidden and its values stay valid", "[core][configuration]") {
  CleanConfiguration clean;
  ConfigRecord deleted = custom_field("02", "cf_gone", "text");
  deleted.deleted = true;
  apply_configuration(make_configuration({custom_field("01", "cf_old", "text", {{"active", false}}), deleted}));
  for (const char* name : {"cf_old", "cf_gone"}) {
    const FieldSpec* f = find_schema("customer")->field(name);
    REQUIRE(f);
    CHECK(f->retired);
    CHECK(f->hidden);
    CHECK(validate_value(*f, "kept").ok());
  }
}

TEST_CASE("Broken custom field records change no schema, whoever sent them", "[core][configuration]") {
  CleanConfiguration clean;
  const size_t fields = find_schema("customer")->fields.size();
  apply_configuration(make_configuration({
      custom_field("01", "name", "text"),                   // a built-in name
      custom_field("02", "cf_x", "hologram"),               // an unknown type
      custom_field("03", "cf_Bad", "text"),                 // not a safe identifier
      ConfigRecord{kCustomFieldEntity, "04", {{"entity", "nothing"}, {"name", "cf_y"}, {"type", "text"}}},
      custom_field("05", "cf_twice", "text"),
      custom_field("06", "cf_twice", "money"),              // the smaller id counts
  }));
  const EntitySchema& customer = *find_schema("customer");
  CHECK(customer.fields.size() == fields + 1);
  CHECK(customer.field("cf_twice")->type == FieldType::kText);
}

TEST_CASE("The custom field's rules refuse what would break a schema, each with its code", "[core][configuration]") {
  CleanConfiguration clean;
  const EntitySchema& schema = *find_schema(kCustomFieldEntity);
  auto codes = [&](FieldValues v) {
    std::vector<std::string> out;
    for (const auto& e : check_draft(schema, v)) out.push_back(e.code);
    for (const auto& e : check_change(schema, nullptr, v, kAdmin)) out.push_back(e.code);
    return out;
  };
  FieldValues good = {{"entity", "customer"}, {"name", "cf_segment"}, {"type", "choice"}, {"label", "Segment"},
                      {"picklist", "segment"}};
  CHECK(codes(good).empty());
  auto with = [&](const std::string& k, Json v) {
    FieldValues x = good;
    x[k] = std::move(v);
    return x;
  };
  CHECK(codes(with("name", "industry")) == std::vector<std::string>{"invalid_name"});
  CHECK(codes(with("name", "cf_industry")).empty());
  CHECK(codes(with("entity", "nothing")) == std::vector<std::string>{"unknown_entity"});
  CHECK(codes(with("entity", "custom_field")) == std::vector<std::string>{"unknown_entity"});
  CHECK(codes(with("type", "hologram")) == std::vector<std::string>{"invalid_choice"});
  CHECK(codes(with("picklist", Json())) == std::vector<std::string>{"picklist_required"});
  CHECK(codes(with("type", "reference")) == std::vector<std::string>{"unknown_entity"});
  auto ref = with("type", "reference");
  ref["reference_entity"] = "product";
  CHECK(codes(ref).empty());
  apply_configuration(make_configuration({custom_field("01", "cf_segment", "text")}));
  // A custom field that exists is not a built-in one: its own record may be edited.
  CHECK(codes(good).empty());

  // Entity, name and type are set once; a sales person writes no configuration.
  FieldValues moved = with("type", "text");
  CHECK(check_change(schema, &good, moved, kAdmin).front().code == "read_only");
  CHECK(check_change(schema, nullptr, good, Actor{"ann", kRoleSales}).front().code == "forbidden");
}

TEST_CASE("A replica applies configuration records it holds, and keeps values it does not know", "[core][configuration]") {
  CleanConfiguration clean;
  ManualClock clock{1700000000000};
  SeededRandom random(7);
  auto opened = Replica::open(":memory:", clock, random);
  REQUIRE(opened.ok());
  Replica& r = *opened.value();
  r.set_actor(kAdmin);
  auto field = r.create(kCustomFieldEntity, {{"entity", "customer"}, {"name", "cf_segment"}, {"type", "choice"},
                                             {"label", "Segment"}, {"picklist", "segment"}});
  REQUIRE(field.ok());
  REQUIRE(find_schema("customer")->field("cf_segment"));
  CHECK(r.create("customer", {{"kind", "company"}, {"name", "Acme"}, {"cf_segment", "retail"}}).error().code ==
        "invalid_choice");
  REQUIRE(r.create(kPicklistValueEntity, {{"picklist", "segment"}, {"value", "retail"}}).ok());
  auto acme = r.create("customer", {{"kind", "company"}, {"name", "Acme"}, {"cf_segment", "retail"}});
  REQUIRE(acme.ok());

  // A device that has not received this configuration (its registry has none of it): it holds
  // the record with the unknown field and value, edits another field, and forwards both.
  RecordState held = acme.value();
  apply_configuration(Configuration{});
  auto older = Replica::open(":memory:", clock, random);
  REQUIRE(older.ok());
  Replica& o = *older.value();
  o.set_follow_configuration(false);
  {
    auto tx = Transaction::begin(o.store().db());
    REQUIRE(o.apply_remote(held).ok());
    REQUIRE(tx.value()->commit().ok());
  }
  REQUIRE(find_schema("customer")->field("cf_segment") == nullptr);
  auto edited = o.update("customer", held.id, {{"phone", "+86 10 1234 5678"}});
  REQUIRE(edited.ok());
  CHECK(edited->value("cf_segment") == "retail");
  CHECK(edited->value("phone") == "+86 10 1234 5678");
  // It cannot type a value into a field it does not know.
  CHECK(o.update("customer", held.id, {{"cf_segment", "other"}}).error().code == "unknown_field");
  auto outbox = o.store().outbox(10);
  REQUIRE(outbox->size() == 1);
  CHECK(outbox->front().fields_json.find("retail") != std::string::npos);
}
