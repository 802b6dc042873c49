#include "model/configuration.h"

#include <algorithm>
#include <map>
#include <mutex>
#include <set>

namespace crm {
namespace {

struct Held {
  std::mutex mu;
  Configuration config;
};

Held& held() {
  static Held h;
  return h;
}

std::string text_of(const FieldValues& v, const std::string& field) {
  auto it = v.find(field);
  return it != v.end() && it->second.is_string() ? it->second.get<std::string>() : std::string();
}

bool flag_of(const FieldValues& v, const std::string& field, bool otherwise) {
  auto it = v.find(field);
  return it != v.end() && it->second.is_boolean() ? it->second.get<bool>() : otherwise;
}

int64_t integer_of(const FieldValues& v, const std::string& field) {
  auto it = v.find(field);
  return it != v.end() && it->second.is_number_integer() ? it->second.get<int64_t>() : 0;
}

bool active(const ConfigRecord& r) { return !r.deleted && flag_of(r.values, "active", true); }

FieldType type_of(const std::string& type) {
  if (type == "long_text") return FieldType::kLongText;
  if (type == "number") return FieldType::kDecimal;
  if (type == "money") return FieldType::kMoney;
  if (type == "date") return FieldType::kDate;
  if (type == "choice") return FieldType::kChoice;
  if (type == "tags") return FieldType::kTags;
  if (type == "reference") return FieldType::kReference;
  return FieldType::kText;
}

// One picklist's values: offered (active, in position order) and retired.
struct PicklistValues {
  std::vector<std::string> offered, retired;
};

std::map<std::string, PicklistValues> picklists_of(const Configuration& config) {
  struct Entry {
    int64_t position;
    std::string id, value;
    bool active;
  };
  std::map<std::string, std::vector<Entry>> raw;
  std::set<std::pair<std::string, std::string>> seen;  // (picklist, value): the smaller id counts
  for (const auto& r : config.records) {  // in id order
    if (r.entity != kPicklistValueEntity) continue;
    const std::string list = text_of(r.values, "picklist"), value = text_of(r.values, "value");
    if (list.empty() || value.empty() || !seen.insert({list, value}).second) continue;
    raw[list].push_back(Entry{integer_of(r.values, "position"), r.id, value, active(r)});
  }
  std::map<std::string, PicklistValues> out;
  for (auto& [list, entries] : raw) {
    std::stable_sort(entries.begin(), entries.end(),
                     [](const Entry& a, const Entry& b) { return a.position < b.position; });
    for (const auto& e : entries) (e.active ? out[list].offered : out[list].retired).push_back(e.value);
  }
  return out;
}

void fill_choices(FieldSpec& f, const PicklistValues& values) {
  auto has = [](const std::vector<std::string>& v, const std::string& x) {
    return std::find(v.begin(), v.end(), x) != v.end();
  };
  std::vector<std::string> choices;
  for (const auto& c : f.choices)
    if (!has(values.retired, c) || has(values.offered, c)) choices.push_back(c);
  for (const auto& c : values.offered)
    if (!has(choices, c)) choices.push_back(c);
  for (const auto& c : values.retired)
    if (!has(choices, c) && !has(f.retired_choices, c)) f.retired_choices.push_back(c);
  f.choices = std::move(choices);
}

FieldSpec custom_spec(const ConfigRecord& r) {
  const std::string type = text_of(r.values, "type");
  FieldSpec f{.name = text_of(r.values, "name"), .type = type_of(type)};
  f.required = flag_of(r.values, "required", false);
  f.max_length = f.type == FieldType::kLongText ? 5000 : f.type == FieldType::kTags ? 50 : 200;
  f.reference_entity = text_of(r.values, "reference_entity");
  f.label = text_of(r.values, "label");
  f.picklist = text_of(r.values, "picklist");
  f.custom = true;
  f.retired = !active(r);
  f.hidden = f.retired;
  return f;
}

}  // namespace

const std::vector<std::string>& custom_field_types() {
  static const std::vector<std::string> types = {"text", "long_text", "number", "money",
                                                 "date", "choice",    "tags",   "reference"};
  return types;
}

bool is_configuration_entity(std::string_view entity) {
  for (const char* e : kConfigurationEntities)
    if (entity == e) return true;
  return false;
}

bool valid_custom_field_name(const std::string& name) {
  const std::string prefix = kCustomFieldPrefix;
  if (name.size() <= prefix.size() || name.size() > 40 || name.compare(0, prefix.size(), prefix) != 0)
    return false;
  return std::all_of(name.begin(), name.end(),
                     [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_'; });
}

bool valid_picklist_name(const std::string& name) {
  if (name.empty() || name.size() > 40 || name[0] < 'a' || name[0] > 'z') return false;
  return std::all_of(name.begin(), name.end(),
                     [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_'; });
}

ConfigRecord config_record_of(const RecordState& state) {
  ConfigRecord r{state.entity, state.id, {}, state.deleted()};
  for (const auto& [name, writes] : state.fields)
    if (name != kDeletedField && !writes.empty() && !writes.front().value.is_null())
      r.values[name] = writes.front().value;
  return r;
}

Configuration make_configuration(std::vector<ConfigRecord> records) {
  std::sort(records.begin(), records.end(), [](const ConfigRecord& a, const ConfigRecord& b) {
    return std::tie(a.entity, a.id) < std::tie(b.entity, b.id);
  });
  return Configuration{std::move(records)};
}

Configuration configuration_of(const std::vector<RecordState>& states) {
  std::vector<ConfigRecord> records;
  records.reserve(states.size());
  for (const auto& state : states)
    if (is_configuration_entity(state.entity)) records.push_back(config_record_of(state));
  return make_configuration(std::move(records));
}

std::deque<EntitySchema> configured_schemas(const std::deque<EntitySchema>& base, const Configuration& config) {
  std::deque<EntitySchema> out = base;
  auto schema_named = [&](const std::string& name) -> EntitySchema* {
    for (auto& s : out)
      if (s.name == name) return &s;
    return nullptr;
  };
  for (const auto& r : config.records) {  // in id order: creation order for UUIDv7 ids
    if (r.entity != kCustomFieldEntity) continue;
    EntitySchema* target = schema_named(text_of(r.values, "entity"));
    const std::string name = text_of(r.values, "name"), type = text_of(r.values, "type");
    const auto& types = custom_field_types();
    // What the server refuses (custom_field's rules) is skipped here too, so a record from a
    // newer version or a broken one never breaks a schema.
    if (!target || is_configuration_entity(target->name) || !valid_custom_field_name(name) || target->field(name) ||
        std::find(types.begin(), types.end(), type) == types.end())
      continue;
    target->fields.push_back(custom_spec(r));
  }
  const auto picklists = picklists_of(config);
  for (auto& s : out)
    for (auto& f : s.fields)
      if (!f.picklist.empty())
        if (auto it = picklists.find(f.picklist); it != picklists.end()) fill_choices(f, it->second);
  return out;
}

Configuration current_configuration() {
  std::lock_guard lock(held().mu);
  return held().config;
}

bool apply_configuration(Configuration config) {
  {
    std::lock_guard lock(held().mu);
    if (held().config == config) return false;
    held().config = std::move(config);
  }
  republish_schemas();
  return true;
}

}  // namespace crm
