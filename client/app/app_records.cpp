// The app's record actions and queries: forms, the computed record lists, the visits report,
// conflicts.
#include <algorithm>

#include "app/app.h"
#include "app/pinyin.h"
#include "core/time_format.h"
#include "model/entity_rules.h"
#include "model/field_input.h"
#include "model/validation.h"
#include "crdt/record_codec.h"

namespace crm {
namespace {

// The field a record of `entity` is ordered by in lists.
const char* time_field(const std::string& entity) {
  if (entity == "visit") return "checkin_at";
  if (entity == "activity") return "at";
  return nullptr;
}

RecordItem item_of(const RecordState& state) {
  RecordItem item{state.entity, state.id, 0, Replica::visible_values(state), {}};
  if (const char* f = time_field(state.entity)) {
    auto it = item.values.find(f);
    if (it != item.values.end() && it->second.is_string())
      item.at_ms = parse_iso8601(it->second.get<std::string>()).value_or(0);
  }
  if (state.entity == "visit") item.warnings = trust_warnings(item.values);
  return item;
}

}  // namespace

std::optional<std::map<std::string, Json>> App::values(const std::string& entity, const std::string& id) {
  auto s = replica_->store().get(entity, id);
  if (!s || !s.value() || s.value()->deleted()) return std::nullopt;
  return Replica::visible_values(*s.value());
}

FormOutcome App::save(const std::string& entity, const std::string& id,
                      const std::map<std::string, std::string>& typed) {
  FormOutcome out;
  const EntitySchema* schema = find_schema(entity);
  if (!schema) {
    out.error = make_error("unknown_entity", entity);
    return out;
  }
  std::map<std::string, Json> draft, changes;
  if (!id.empty()) {
    auto current = values(entity, id);
    if (!current) {
      out.error = make_error("not_found", "this record no longer exists");
      return out;
    }
    draft = *current;
  }
  for (const auto& [name, text] : typed) {
    const FieldSpec* spec = schema->field(name);
    if (!spec) continue;
    auto v = parse_field_input(*spec, text);
    if (!v) {
      out.field_errors[name] = v.error().code;
      continue;
    }
    auto old = draft.find(name);
    const bool same = old == draft.end() ? v->is_null() : old->second == v.value();
    if (!same) changes[name] = v.value();
    if (v->is_null()) draft.erase(name);
    else draft[name] = v.value();
  }
  // A sales person's or manager's new owned record (a customer) is theirs unless they name
  // another owner (an unowned one goes to the public pool, which every sales person sees).
  const std::string& owner_field = schema->access.field;
  if (id.empty() && schema->access.kind == AccessKind::kOwned && !draft.count(owner_field) &&
      (session_.role == kRoleSales || session_.role == kRoleManager))
    draft[owner_field] = session_.username;
  // An edit is judged on what it changes: values this device has not learnt yet (a custom field
  // or picklist value from a newer configuration) pass as they were held.
  std::optional<FieldValues> held;
  if (!id.empty()) held = values(entity, id);
  for (const Error& e : check_draft(*schema, draft, held ? &*held : nullptr))
    if (!out.field_errors.count(e.field)) out.field_errors[e.field] = e.code;
  if (!out.field_errors.empty()) return out;
  // The schema's rights, state machines and rules, every problem at once (the replica would stop
  // at the first), each on its field; one not tied to a field (organisation data this role may
  // not write) as the form's error. As in the replica: a record holding unsynced changes (a
  // refused one being fixed) is checked without its previous state, which the server has.
  if (!session_.role.empty()) {
    const Actor actor{session_.username, session_.role};
    std::optional<FieldValues> previous;
    if (!id.empty()) previous = values(entity, id);
    auto unsynced = id.empty() ? Result<bool>(false) : replica_->store().holds_local_changes(RecordKey{entity, id});
    const bool known = unsynced && !unsynced.value();
    const auto problems = known ? check_change(*schema, previous ? &*previous : nullptr, draft, actor)
                                : check_values(*schema, draft, actor);
    for (const Error& e : problems) {
      if (e.field.empty() || !schema->field(e.field)) {
        if (out.error.code.empty()) out.error = e;
      } else if (!out.field_errors.count(e.field)) {
        out.field_errors[e.field] = e.code;
      }
    }
    if (!out.field_errors.empty() || !out.error.code.empty()) return out;
  }
  revise_sent_quote(entity, id, draft);
  Result<RecordState> saved = id.empty() ? replica_->create(entity, draft) : replica_->update(entity, id, changes);
  if (!saved) {
    if (!saved.error().field.empty()) out.field_errors[saved.error().field] = saved.error().code;
    else out.error = saved.error();
    return out;
  }
  out.ok = true;
  out.id = saved->id;
  after_local_change();
  return out;
}

Status App::remove(const std::string& entity, const std::string& id) {
  auto r = replica_->remove(entity, id);
  if (!r) return r.error();
  after_local_change();
  return ok_status();
}

void App::check_cache() {
  if (cache_.version == data_version_) return;
  cache_ = QueryCache{};
  cache_.version = data_version_;
}

RecordListView* App::records(const std::string& entity) {
  if (auto it = lists_.find(entity); it != lists_.end()) return it->second;
  if (!find_schema(entity) || !replica_) return nullptr;
  // Chinese names are found by their pinyin initials too, as in the customer list.
  auto made = views_.add(
      std::make_unique<RecordListView>(entity, [](std::string_view text) { return pinyin_initials(text); }),
      replica_->store());
  if (!made) return nullptr;
  return lists_[entity] = made.value();
}

std::vector<const ListRow*> App::children(const std::string& parent_id, const std::string& entity) {
  const EntitySchema* schema = find_schema(entity);
  const FieldSpec* parent = schema ? schema->parent_field() : nullptr;
  RecordListView* list = parent ? records(entity) : nullptr;
  return list ? list->referencing(parent->name, parent_id) : std::vector<const ListRow*>{};
}

std::vector<SavedFilter> App::saved_filters(const std::string& entity) {
  return parse_saved_filters(meta(saved_filters_key(session_.username, entity).c_str()));
}

Status App::save_filter(const std::string& entity, SavedFilter filter) {
  if (filter.name.empty()) return make_error("required", "a saved filter needs a name", "name");
  auto all = saved_filters(entity);
  put_filter(all, std::move(filter));
  return set_meta(saved_filters_key(session_.username, entity).c_str(), dump_saved_filters(all));
}

Status App::delete_filter(const std::string& entity, const std::string& name) {
  auto all = saved_filters(entity);
  std::erase_if(all, [&](const SavedFilter& f) { return f.name == name; });
  return set_meta(saved_filters_key(session_.username, entity).c_str(), dump_saved_filters(all));
}

const std::vector<RecordItem>& App::visits(bool flagged_only, int limit) {
  check_cache();
  auto [slot, fresh] = cache_.visits.try_emplace({flagged_only, limit});
  std::vector<RecordItem>& out = slot->second;
  if (!fresh) return out;
  auto st = replica_->store().db().prepare(
      "SELECT entity, id, vv, fields FROM records WHERE entity = 'visit' AND deleted = 0 "
      "ORDER BY json_extract(fields, '$.checkin_at[0].v') DESC");
  if (!st) return out;
  (void)st->for_each_row([&](Statement& row) {
    if (static_cast<int>(out.size()) >= limit) return;
    RawRecord raw{row.column_text(0), row.column_text(1), row.column_text(2), row.column_text(3), 0};
    auto s = decode_raw(raw);
    if (!s) return;
    RecordItem item = item_of(s.value());
    if (!flagged_only || !item.warnings.empty()) out.push_back(std::move(item));
  });
  return out;
}

const std::vector<StoredConflict>& App::conflicts() {
  check_cache();
  if (!cache_.conflicts) {
    auto c = replica_->store().conflicts();
    cache_.conflicts = c ? std::move(c.value()) : std::vector<StoredConflict>{};
  }
  return *cache_.conflicts;
}

const std::vector<RecordStore::Attention>& App::attention() {
  check_cache();
  if (!cache_.attention) {
    auto a = replica_->store().attention();
    cache_.attention = a ? std::move(a.value()) : std::vector<RecordStore::Attention>{};
  }
  return *cache_.attention;
}

Status App::retry_attention(const RecordKey& key) {
  // Refused as clock_ahead: once the device's clock is right, its writes get current stamps.
  auto restamped = replica_->restamp_future_writes(key);
  if (!restamped) return restamped.error();
  CRM_TRY(replica_->store().requeue(key));
  ++data_version_;
  after_local_change();
  return ok_status();
}

Status App::discard_attention(const RecordKey& key) {
  auto tx = Transaction::begin(replica_->store().db());
  if (!tx) return tx.error();
  CRM_TRY(replica_->discard(key));
  CRM_TRY(tx.value()->commit());
  ++data_version_;
  refresh_unsynced();
  return ok_status();
}

Status App::resolve(const StoredConflict& conflict, const Json& value) {
  auto r = replica_->resolve(conflict.entity, conflict.id, conflict.field, value);
  if (!r) return r.error();
  after_local_change();
  return ok_status();
}

}  // namespace crm
