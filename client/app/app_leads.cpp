// The app's lead actions: converting a lead, the duplicate check before saving a lead or a
// customer, and settling conversions two devices made offline. Rules live in the core
// (sales/lead_conversion.h, views/duplicate_view.h); this wires them to the signed-in user.
#include "app/app.h"
#include "model/field_input.h"
#include "replica/lead_conversion_apply.h"
#include "replica/record_merge_apply.h"

namespace crm {

// A number typed without a country code belongs to the user's country, guessed from the app's
// language: Chinese 86, Russian 7; English 86 too (the home market of this deployment).
std::string default_calling_code(Language language) { return language == Language::kRussian ? "7" : "86"; }

Result<sales::ConversionPlan> App::convert_lead(const std::string& lead_id, const sales::ConversionOptions& options) {
  const Actor actor{session_.username, session_.role};
  auto plan = crm::convert_lead(*replica_, lead_id, options, actor);
  // A failed conversion rolled back writes the views had already seen.
  if (!plan) (void)views_.load(replica_->store());
  else after_local_change();
  return plan;
}

DuplicateView& App::duplicate_view() {
  const std::string code = default_calling_code(language());
  if (!duplicates_loaded_ || duplicates_->calling_code() != code) {
    duplicates_->set_calling_code(code);
    (void)duplicates_->load(replica_->store());
    duplicates_loaded_ = true;
  }
  return *duplicates_;
}

std::vector<DuplicateHit> App::duplicates(const std::string& entity, const std::string& id,
                                          const std::map<std::string, std::string>& typed) {
  const EntitySchema* schema = find_schema(entity);
  if (!schema || (entity != "customer" && entity != "lead")) return {};
  FieldValues draft;
  if (!id.empty())
    if (auto held = values(entity, id)) draft = *held;
  for (const auto& [name, text] : typed) {
    const FieldSpec* spec = schema->field(name);
    if (!spec) continue;
    auto v = parse_field_input(*spec, text);
    if (v && !v->is_null()) draft[name] = v.value();
    else draft.erase(name);
  }
  auto hits = duplicate_view().matches(entity, id, draft);
  // The customer a lead became is no duplicate of it.
  if (entity == "lead") {
    const Json& became = draft.count("converted_customer_id") ? draft["converted_customer_id"] : Json();
    std::erase_if(hits, [&](const DuplicateHit& h) { return h.entity == "customer" && became == h.id; });
  }
  return hits;
}

Result<sales::MergePlan> App::merge_customers(const std::string& keep_id, const std::string& other_id) {
  auto plan = merge_records(*replica_, "customer", keep_id, other_id);
  if (!plan) (void)views_.load(replica_->store());
  else after_local_change();
  return plan;
}

void App::note_merge_change(const RecordState& state) {
  if (state.entity == "customer" || state.deleted()) return;
  const EntitySchema* schema = find_schema(state.entity);
  const FieldSpec* parent = schema ? schema->parent_field() : nullptr;
  if (!parent || parent->reference_entity != "customer") return;
  const Json p = state.value(parent->name);
  if (p.is_string()) merge_watch_.push_back(p.get<std::string>());
}

void App::settle_after_sync() {
  // Children added offline to a customer another device merged away follow it to the customer it
  // was merged into. The full scan runs only when a child arrived under a customer that is not
  // live here (the observer noted the parents of children it saw).
  bool wrote = false;
  bool orphan = false;
  for (const auto& id : merge_watch_) orphan = orphan || !directory_.find(id);  // live customers
  merge_watch_.clear();
  if (orphan) {
    auto moved = repoint_merged_children(*replica_);
    if (!moved) (void)views_.load(replica_->store());
    wrote = moved && moved.value() > 0;
  }
  auto conflicts = replica_->store().conflicts("lead");
  if (conflicts)
    for (const auto& c : conflicts.value())
      if (c.field == "converted_at") {
        auto r = settle_conversion(*replica_, c.id);
        wrote = wrote || (r && r.value());
      }
  if (wrote) after_local_change();  // pushed at the next sync, so other devices settle too
}

}  // namespace crm
