// Every entity in the registry, with no per-entity code: its declaration is coherent, a record
// built from it validates, round-trips the codec, is stored and read back, merges like any
// other, and passes its own rules for a role that may write it.
#include <catch2/catch.hpp>
#include <set>

#include "crdt/record_codec.h"
#include "model/entity_rules.h"
#include "model/validation.h"
#include "schema_samples.h"
#include "store/record_store.h"
#include "test_records.h"

using namespace crm;

namespace {

const char* kOther = "0193f0a2-7c1e-7abc-8def-0123456789ac";

bool is_role(const std::string& r) {
  return r == kRoleSales || r == kRoleManager || r == kRoleService || r == kRoleAdmin;
}

// A role that may write the entity: one of its organisation writers, else a sales person.
std::string writer_role(const EntitySchema& schema) {
  const auto* writers = organisation_writers(schema);
  return writers ? writers->front() : kRoleSales;
}

}  // namespace

TEST_CASE("Every schema's declaration is coherent", "[core][schema]") {
  std::set<std::string> names;
  for (const auto& schema : all_schemas()) {
    INFO(schema.name);
    CHECK(names.insert(schema.name).second);
    CHECK_FALSE(schema.label.empty());
    std::set<std::string> fields;
    for (const auto& f : schema.fields) {
      INFO(f.name);
      CHECK(fields.insert(f.name).second);
      CHECK_FALSE(f.label_key().empty());
      // A reference names its entity, unless it is a polymorphic parent (the policy's
      // entity_field names it per record).
      if (f.type == FieldType::kReference && !(f.parent && schema.polymorphic_parent()))
        CHECK(find_schema(f.reference_entity) != nullptr);
      if (schema.polymorphic_parent() && f.parent) CHECK(schema.field(schema.access.entity_field) != nullptr);
      if (f.parent) CHECK(f.type == FieldType::kReference);
      if (f.type == FieldType::kChoice) CHECK_FALSE(f.choices.empty());
      if (!f.default_value.is_null()) CHECK(validate_value(f, f.default_value).ok());
      for (const auto& r : f.writers) CHECK(is_role(r));
    }
    for (const auto& s : schema.summary_fields) CHECK(schema.field(s) != nullptr);
    const AccessPolicy& p = schema.access;
    if (p.kind == AccessKind::kOwned) CHECK(schema.field(p.field) != nullptr);
    if (p.kind == AccessKind::kInherited) {
      REQUIRE(schema.field(p.field) != nullptr);
      CHECK(schema.field(p.field)->type == FieldType::kReference);
    }
    if (p.kind == AccessKind::kOrganisation) CHECK_FALSE(p.writers.empty());
    for (const auto& r : p.writers) CHECK(is_role(r));
    for (const auto& reach : p.reach) {
      CHECK(is_role(reach.role));
      if (!reach.with_child.empty()) {
        // The child follows this entity directly: its parent field points here.
        const EntitySchema* child = find_schema(reach.with_child);
        REQUIRE(child != nullptr);
        REQUIRE(child->parent_field() != nullptr);
        CHECK(child->parent_field()->reference_entity == schema.name);
      }
    }
    CHECK(inheritance_depth(schema) <= static_cast<int>(all_schemas().size()));
    for (const auto& sm : schema.states) {
      const FieldSpec* f = schema.field(sm.field);
      REQUIRE(f != nullptr);
      REQUIRE(f->type == FieldType::kChoice);
      std::set<std::string> states(f->choices.begin(), f->choices.end());
      for (const auto& s : sm.initial) CHECK(states.count(s));
      for (const auto& t : sm.transitions) {
        CHECK((t.from == "*" || states.count(t.from)));
        CHECK(states.count(t.to));
        for (const auto& r : t.roles) CHECK(is_role(r));
      }
    }
  }
  // Children are found from the schema, not from a list in the app.
  std::set<std::string> customer_children;
  for (const auto* c : children_of("customer")) customer_children.insert(c->name);
  CHECK(customer_children == std::set<std::string>{"contact", "visit", "activity", "ticket", "opportunity", "quote",
                                                   "contract", "sales_order", "attachment"});
  CHECK(children_of("price_list").size() == 2);  // its items, and attachments (of any record)
  CHECK(children_of("custom_field").empty());     // configuration takes no attachments
  CHECK(inheritance_depth(*find_schema("customer")) == 0);
  CHECK(inheritance_depth(*find_schema("contact")) == 1);
  CHECK(inheritance_depth(*find_schema("price_list_item")) == 1);
}

TEST_CASE("Every schema's records validate, round-trip, store and merge", "[core][schema]") {
  auto store = RecordStore::open(":memory:");
  REQUIRE(store.ok());
  for (const auto& schema : all_schemas()) {
    INFO(schema.name);
    const RecordState a = test::sample_record(schema, test::kId, kOther);
    CHECK(check_draft(schema, test::sample_values(schema, kOther)).empty());
    REQUIRE(validate_state(a).ok());

    auto decoded = decode_record(Json::parse(encode_record(a).dump()));
    REQUIRE(decoded.ok());
    CHECK(decoded.value() == a);

    REQUIRE(store.value()->put(a).ok());
    auto back = store.value()->get(schema.name, test::kId);
    REQUIRE(back.ok());
    REQUIRE(back.value().has_value());
    CHECK(*back.value() == a);

    // Two devices change one field concurrently: both orders give one state.
    RecordState b = a, c = a;
    const FieldSpec* f = schema.field(schema.summary_fields.front());
    REQUIRE(f != nullptr);
    test::edit(b, "dev-b", 1764000001000, {{f->name, test::sample_value(*f, kOther)}});
    test::edit(c, "dev-c", 1764000002000, {{f->name, nullptr}});
    const RecordState bc = merge(b, c), cb = merge(c, b);
    CHECK(bc == cb);
    CHECK(merge(bc, bc) == bc);

    // A role that may write it may create it: rights, state machines and rules agree. (Some
    // records only a manager creates: a quote's approval.)
    const FieldValues values = test::sample_values(schema, kOther);
    bool created = false;
    for (const std::string& role : {writer_role(schema), std::string(kRoleManager)})
      created = created || check_change(schema, nullptr, values, Actor{"someone", role}).empty();
    CHECK(created);
  }
}
