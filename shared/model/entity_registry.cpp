#include "model/entities/entities.h"
#include "model/entity_schema.h"

#include <atomic>
#include <deque>
#include <memory>
#include <mutex>

#include "model/configuration.h"

namespace crm {

namespace {

std::deque<EntitySchema> compiled_schemas() {
  return {
      customer_schema(),
      contact_schema(),
      visit_schema(),
      activity_schema(),
      ticket_schema(),
      product_schema(),
      price_list_schema(),
      price_list_item_schema(),
      picklist_value_schema(),
      custom_field_schema(),
      attachment_schema(),
      campaign_schema(),
      lead_schema(),
      opportunity_schema(),
      stage_change_schema(),
      opportunity_product_schema(),
      decision_maker_schema(),
      pool_rule_schema(),
      quote_schema(),
      quote_line_schema(),
      quote_approval_schema(),
      quote_policy_schema(),
      quote_revision_schema(),
      contract_schema(),
      contract_line_schema(),
      instalment_schema(),
      invoice_schema(),
      receipt_schema(),
      sales_order_schema(),
      order_line_schema(),
      sales_target_schema(),
      commission_rule_schema(),
      commission_tier_schema(),
  };
}

// The compiled-in and registered schemas (guarded by `mu`), and the published snapshots. Readers
// take the current snapshot with one atomic load; writers build a new one under `mu`. Snapshots
// are never freed, so whatever a reader holds stays valid.
struct Registry {
  std::mutex mu;
  std::deque<EntitySchema> base = compiled_schemas();
  std::deque<std::unique_ptr<const std::deque<EntitySchema>>> snapshots;
  std::atomic<const std::deque<EntitySchema>*> current{nullptr};
  std::atomic<uint64_t> generation{0};

  Registry() { publish_locked(configured_schemas(base, current_configuration())); }

  void publish_locked(std::deque<EntitySchema> schemas) {
    snapshots.push_back(std::make_unique<const std::deque<EntitySchema>>(std::move(schemas)));
    current.store(snapshots.back().get(), std::memory_order_release);
    generation.fetch_add(1, std::memory_order_acq_rel);
  }
};

Registry& registry() {
  static Registry r;
  return r;
}

}  // namespace

const std::deque<EntitySchema>& all_schemas() {
  return *registry().current.load(std::memory_order_acquire);
}

uint64_t schema_generation() { return registry().generation.load(std::memory_order_acquire); }

std::deque<EntitySchema> base_schemas() {
  Registry& r = registry();
  std::lock_guard lock(r.mu);
  return r.base;
}

void republish_schemas() {
  Registry& r = registry();
  std::lock_guard lock(r.mu);
  r.publish_locked(configured_schemas(r.base, current_configuration()));
}

const EntitySchema& register_schema(EntitySchema schema) {
  Registry& r = registry();
  std::lock_guard lock(r.mu);
  const std::string name = schema.name;
  bool replaced = false;
  for (auto& s : r.base)
    if (s.name == name) {
      s = std::move(schema);
      replaced = true;
    }
  if (!replaced) r.base.push_back(std::move(schema));
  r.publish_locked(configured_schemas(r.base, current_configuration()));
  for (const auto& s : *r.current.load())
    if (s.name == name) return s;
  return r.current.load()->back();  // unreachable: the schema was just added
}

const EntitySchema* find_schema(std::string_view entity) {
  for (const auto& s : all_schemas())
    if (s.name == entity) return &s;
  return nullptr;
}

const FieldSpec* EntitySchema::field(std::string_view name) const {
  for (const auto& f : fields)
    if (f.name == name) return &f;
  return nullptr;
}

const FieldSpec* EntitySchema::parent_field() const {
  for (const auto& f : fields)
    if (f.parent) return &f;
  return nullptr;
}

std::string FieldSpec::label_key() const {
  if (!label.empty()) return label;
  std::string out = name;
  for (char& c : out)
    if (c == '_') c = ' ';
  if (!out.empty() && out[0] >= 'a' && out[0] <= 'z') out[0] = static_cast<char>(out[0] - 'a' + 'A');
  return out;
}

std::vector<const EntitySchema*> children_of(std::string_view entity) {
  std::vector<const EntitySchema*> out;
  for (const auto& s : all_schemas())
    if (const FieldSpec* p = s.parent_field();
        p && (p->reference_entity == entity || (s.polymorphic_parent() && s.name != entity && !is_configuration_entity(entity))))
      out.push_back(&s);
  return out;
}

int inheritance_depth(const EntitySchema& schema) {
  if (schema.polymorphic_parent()) return static_cast<int>(all_schemas().size());
  int depth = 0;
  // Bounded by the number of schemas, so a cycle in the declarations cannot loop forever.
  for (const EntitySchema* s = &schema; s && s->access.kind == AccessKind::kInherited && depth <= int(all_schemas().size());
       ++depth) {
    const FieldSpec* via = s->field(s->access.field);
    s = via ? find_schema(via->reference_entity) : nullptr;
  }
  return depth;
}

const char* to_string(AccessKind kind) {
  switch (kind) {
    case AccessKind::kOwned: return "owned";
    case AccessKind::kInherited: return "inherited";
    case AccessKind::kOrganisation: return "organisation";
    case AccessKind::kPersonal: return "personal";
  }
  return "?";
}

const char* to_string(FieldType type) {
  switch (type) {
    case FieldType::kText: return "text";
    case FieldType::kLongText: return "long_text";
    case FieldType::kEmail: return "email";
    case FieldType::kPhone: return "phone";
    case FieldType::kChoice: return "choice";
    case FieldType::kInteger: return "integer";
    case FieldType::kDecimal: return "decimal";
    case FieldType::kBool: return "bool";
    case FieldType::kReference: return "reference";
    case FieldType::kTimestamp: return "timestamp";
    case FieldType::kTags: return "tags";
    case FieldType::kMoney: return "money";
    case FieldType::kDate: return "date";
    case FieldType::kFixed: return "fixed";
  }
  return "?";
}

}  // namespace crm
