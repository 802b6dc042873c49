#include "replica/replica.h"

#include <algorithm>
#include <iterator>

#include "core/uuid.h"
#include "model/configuration.h"
#include "model/entity_rules.h"
#include "model/validation.h"
#include "crdt/merge.h"
#include "crdt/record_codec.h"

namespace crm {
namespace {

constexpr const char* kReplicaIdKey = "replica_id";
constexpr const char* kHlcKey = "hlc";

std::string random_replica_id(Random& random) {
  static const char* hex = "0123456789abcdef";
  uint64_t v = random.next_u64();
  std::string out = "d";
  for (int i = 0; i < 16; ++i) out.push_back(hex[(v >> (4 * i)) & 15]);
  return out;
}

}  // namespace

std::optional<FieldValues> StoreLookup::values(const std::string& entity, const std::string& id) const {
  auto found = store_.get(entity, id);
  if (!found || !found.value() || found.value()->deleted()) return std::nullopt;
  return Replica::visible_values(*found.value());
}

std::vector<FieldValues> StoreLookup::children(const std::string& child_entity, const std::string& parent_id) const {
  std::vector<FieldValues> out;
  const EntitySchema* schema = find_schema(child_entity);
  const FieldSpec* parent = schema ? schema->parent_field() : nullptr;
  if (!parent) return out;
  auto all = store_.list(child_entity);
  if (!all) return out;
  for (const auto& state : all.value())
    if (state.value(parent->name) == parent_id) out.push_back(Replica::visible_values(state));
  return out;
}

Result<std::unique_ptr<Replica>> Replica::open(const std::string& path, Clock& clock, Random& random,
                                               const OpenOptions& opts) {
  auto store = RecordStore::open(path, opts);
  if (!store) return store.error();
  std::unique_ptr<Replica> r(new Replica(std::move(store.value()), clock, random));
  CRM_TRY(r->load_identity());
  CRM_TRY(r->apply_configuration());
  return r;
}

Status Replica::load_identity() {
  auto id = store_->get_meta(kReplicaIdKey);
  if (!id) return id.error();
  if (id.value()) {
    id_ = *id.value();
  } else {
    id_ = random_replica_id(random_);
    CRM_TRY(store_->set_meta(kReplicaIdKey, id_));
  }
  auto hlc = store_->get_meta(kHlcKey);
  if (!hlc) return hlc.error();
  HlcStamp last;
  if (hlc.value() && parse_hlc(*hlc.value(), last)) hlc_.observe(last);
  return ok_status();
}

FieldValues Replica::visible_values(const RecordState& state) {
  FieldValues out;
  for (const auto& [name, writes] : state.fields)
    if (name != kDeletedField && !writes.front().value.is_null()) out[name] = writes.front().value;
  return out;
}

Result<RecordState> Replica::write(RecordState state, const FieldValues& changes, bool validate) {
  FieldValues effective;
  for (const auto& [name, value] : changes) {
    const FieldWrite* w = state.winner(name);
    // Unchanged values make no event, unless the field has conflicts: writing it resolves them.
    auto it = state.fields.find(name);
    const bool conflicted = it != state.fields.end() && it->second.size() > 1;
    if (!conflicted && (w ? w->value == value : value.is_null())) continue;
    effective[name] = value;
  }
  if (validate) {
    const EntitySchema* schema = find_schema(state.entity);
    if (!schema) return make_error("unknown_entity", "unknown entity '" + state.entity + "'");
    const FieldValues held = visible_values(state);
    FieldValues draft = held;
    for (const auto& [name, value] : changes) {
      if (value.is_null()) draft.erase(name);
      else draft[name] = value;
    }
    // Values the record already held are kept as they are, known here or not (check_draft()).
    auto errors = check_draft(*schema, draft, &held);
    if (!errors.empty()) return errors.front();
    if (actor_) {
      // The rights and rules the server applies on push, checked first here (inline errors).
      // The server compares with what it holds; the local state is that only when the record is
      // new or holds no unsynced changes. Otherwise (a refused record being fixed) the server has
      // the last word on field rights and status moves.
      const FieldValues before = visible_values(state);
      bool known = true;
      if (!state.fields.empty()) {
        auto unsynced = store_->holds_local_changes(RecordKey{state.entity, state.id});
        if (!unsynced) return unsynced.error();
        known = !unsynced.value();
      }
      const StoreLookup lookup(*store_);
      errors = !known ? check_values(*schema, draft, *actor_, &lookup)
                      : check_change(*schema, state.fields.empty() ? nullptr : &before, draft, *actor_, &lookup);
      if (!errors.empty()) return errors.front();
    }
  }
  if (effective.empty()) return state;
  apply_local_write(state, id_, hlc_.now(), effective);
  CRM_TRY(store_local_edit(state));
  return state;
}

Status Replica::store_local_edit(RecordState& state) {
  state.normalize();
  auto tx = Transaction::begin(store_->db());
  if (!tx) return tx.error();
  CRM_TRY(store_->put(state, PutOptions{.mark_dirty = true}));
  CRM_TRY(save_clock());
  CRM_TRY(tx.value()->commit());
  if (observer_) observer_(state);
  if (is_configuration_entity(state.entity)) return apply_configuration();
  return ok_status();
}

Status Replica::apply_configuration() {
  configuration_dirty_ = false;
  if (!follow_configuration_) return ok_status();
  std::vector<RecordState> states;
  for (const char* entity : kConfigurationEntities) {
    auto held = store_->list(entity, ListOptions{.include_deleted = true});
    if (!held) return held.error();
    std::move(held->begin(), held->end(), std::back_inserter(states));
  }
  crm::apply_configuration(configuration_of(states));
  return ok_status();
}

Result<RecordState> Replica::load_live(const std::string& entity, const std::string& id) {
  auto found = store_->get(entity, id);
  if (!found) return found.error();
  if (!found.value() || found.value()->deleted())
    return make_error("not_found", "no " + entity + " with id " + id);
  return std::move(*found.value());
}

Result<RecordState> Replica::create(const std::string& entity, const FieldValues& values) {
  return create_with_id(entity, make_uuid_v7(clock_.now_ms(), random_), values);
}

Result<RecordState> Replica::create_with_id(const std::string& entity, const std::string& id,
                                            const FieldValues& values) {
  if (!find_schema(entity)) return make_error("unknown_entity", "unknown entity '" + entity + "'");
  if (!is_uuid(id)) return make_error("invalid_id", "'" + id + "' is not a lower-case UUID");
  auto held = store_->get(entity, id);
  if (!held) return held.error();
  if (held.value()) return make_error("already_exists", "a " + entity + " with id " + id + " is already held");
  RecordState s;
  s.entity = entity;
  s.id = id;
  FieldValues non_null;
  for (const auto& [k, v] : values)
    if (!v.is_null()) non_null[k] = v;
  return write(std::move(s), non_null, true);
}

Result<RecordState> Replica::update(const std::string& entity, const std::string& id,
                                    const FieldValues& changes) {
  auto current = load_live(entity, id);
  if (!current) return current.error();
  if (changes.count(kDeletedField))
    return make_error("unknown_field", "use remove() or resolve() to delete", kDeletedField);
  return write(std::move(current.value()), changes, true);
}

Result<RecordState> Replica::remove(const std::string& entity, const std::string& id) {
  auto current = load_live(entity, id);
  if (!current) return current.error();
  Json seen = encode_vv(current->vv);
  return write(std::move(current.value()), {{kDeletedField, Json{{"seen", seen}}}}, false);
}

Result<RecordState> Replica::resolve(const std::string& entity, const std::string& id,
                                     const std::string& field, const Json& value) {
  auto found = store_->get(entity, id);
  if (!found) return found.error();
  if (!found.value()) return make_error("not_found", "no " + entity + " with id " + id);
  RecordState state = std::move(*found.value());
  if (field == kDeletedField) {
    if (!value.is_boolean()) return make_error("wrong_type", "choose true (delete) or false (keep)", field);
    Json tomb = value.get<bool>() ? Json{{"seen", encode_vv(state.vv)}} : Json();
    return write(std::move(state), {{kDeletedField, tomb}}, false);
  }
  return write(std::move(state), {{field, value}}, true);
}

Result<bool> Replica::apply_remote(RecordState remote) {
  hlc_.observe(remote.max_hlc());
  if (is_configuration_entity(remote.entity)) configuration_dirty_ = true;
  auto local = store_->get(remote.entity, remote.id);
  if (!local) return local.error();
  if (!local.value()) {
    CRM_TRY(store_->put(remote, PutOptions{.had_conflicts = false}));
    if (observer_) observer_(remote);
    return true;
  }
  RecordState merged = merge(*local.value(), remote);
  if (merged == *local.value()) return false;
  CRM_TRY(store_->put(merged, PutOptions{.had_conflicts = local.value()->has_conflicts()}));
  if (observer_) observer_(merged);
  return true;
}

Result<bool> Replica::apply_removal(const RecordKey& key) {
  auto held = store_->holds_local_changes(key);
  if (!held) return held.error();
  if (held.value()) {
    // A record the server refused already waits with the refusal's reason (a claim another
    // device won: already_claimed, naming the owner), which says more than "out of scope".
    auto waiting = store_->attention();
    if (!waiting) return waiting.error();
    for (const auto& a : waiting.value())
      if (a.key.entity == key.entity && a.key.id == key.id) return false;
    CRM_TRY(store_->set_attention(key, "out_of_scope",
                                  "this record is no longer yours to see; your unsynced changes to it are kept here",
                                  clock_.now_ms()));
    return false;
  }
  CRM_TRY(discard(key));
  return true;
}

Result<bool> Replica::restamp_future_writes(const RecordKey& key) {
  auto found = store_->get(key.entity, key.id);
  if (!found) return found.error();
  if (!found.value()) return false;
  RecordState state = std::move(*found.value());
  std::vector<Dot> old;
  for (const auto& [name, writes] : state.fields)
    for (const auto& w : writes)
      if (w.dot.replica == id_ && hlc_.too_far_ahead(w.hlc)) old.push_back(w.dot);
  if (old.empty()) return false;
  // The server has none of these writes (it refused the record), nor any later write of this
  // device to the record, so they can take a new dot; a tombstone of ours that saw them sees it.
  const Dot dot = state.vv.increment(id_);
  const HlcStamp stamp = hlc_.now();
  auto is_old = [&](const Dot& d) { return std::find(old.begin(), old.end(), d) != old.end(); };
  for (auto& [name, writes] : state.fields)
    for (auto& w : writes) {
      if (is_old(w.dot)) w = FieldWrite{w.value, dot, stamp};
      if (name != kDeletedField || w.dot.replica != id_ || !w.value.is_object() || !w.value.contains("seen")) continue;
      Json& seen = w.value["seen"];
      for (const Dot& d : old)
        if (seen.is_object() && seen.value(d.replica, uint64_t{0}) >= d.counter) seen[id_] = dot.counter;
    }
  CRM_TRY(store_local_edit(state));
  return true;
}

Status Replica::discard(const RecordKey& key) {
  CRM_TRY(store_->purge(key));
  if (is_configuration_entity(key.entity)) configuration_dirty_ = true;
  if (observer_) {
    RecordState gone;  // a tombstone that has seen nothing reads as deleted
    gone.entity = key.entity;
    gone.id = key.id;
    gone.fields[kDeletedField] = {FieldWrite{Json{{"seen", Json::object()}}, Dot{}, HlcStamp{}}};
    observer_(gone);
  }
  return ok_status();
}

Status Replica::save_clock() { return store_->set_meta(kHlcKey, to_string(hlc_.last())); }

}  // namespace crm
