// Configuration as data: picklists and custom fields are records of two organisation-wide
// entities (everyone reads, managers and admins write), synced like any other, from which the
// registry's schemas are rebuilt (entity_schema.h: all_schemas(), schema_generation()).
//
//   picklist_value {picklist, value, label, position, active}: one value of a named picklist.
//     A field whose FieldSpec::picklist names it offers the picklist's active values beside its
//     compiled-in `choices` (the seeded defaults: customer grade A-D); a value an admin
//     deactivates (active false, or the record deleted) moves to `retired_choices`: no longer
//     offered, still valid, so stored records keep it.
//   custom_field {entity, name, type, label, picklist, reference_entity, required, active}: a
//     field appended to `entity`'s schema, so validation, the codec, the stores, scope and the
//     generic screens treat it as a built-in one. The name starts with "cf_" and so never collides
//     with a built-in field. Deactivating (active false, or deleting the record) hides it; its
//     values stay stored, valid and synced.
//
// Who applies it: a device's replica when it opens and whenever configuration records arrive or
// are edited (replica/replica.h), the server when it starts and after each push that changed
// configuration (sync_server/api). Where two records name the same picklist value or the same
// custom field, the one with the smaller id counts, on every replica alike.
#pragma once

#include <deque>
#include <string>
#include <string_view>
#include <vector>

#include "crdt/record.h"
#include "model/entity_schema.h"

namespace crm {

inline constexpr const char* kPicklistValueEntity = "picklist_value";
inline constexpr const char* kCustomFieldEntity = "custom_field";
inline constexpr const char* kCustomFieldPrefix = "cf_";

// The custom field types an admin chooses from, and the field type each becomes.
const std::vector<std::string>& custom_field_types();
bool is_configuration_entity(std::string_view entity);

// One configuration record: its id and visible values; a deleted record counts as deactivated.
struct ConfigRecord {
  std::string entity, id;
  FieldValues values;
  bool deleted = false;
  bool operator==(const ConfigRecord&) const = default;
};
ConfigRecord config_record_of(const RecordState& state);

// Every configuration record, in (entity, id) order.
struct Configuration {
  std::vector<ConfigRecord> records;
  bool operator==(const Configuration&) const = default;
};
Configuration make_configuration(std::vector<ConfigRecord> records);
// The configuration entities, and the configuration their stored records (deleted ones
// included) make.
inline constexpr const char* kConfigurationEntities[] = {kPicklistValueEntity, kCustomFieldEntity};
Configuration configuration_of(const std::vector<RecordState>& states);

// `base` with custom fields appended (in id order) and picklist values filled in. Pure.
std::deque<EntitySchema> configured_schemas(const std::deque<EntitySchema>& base, const Configuration& config);

// The configuration the registry applies now.
Configuration current_configuration();
// Makes `config` current and publishes the rebuilt schemas; nothing happens when it equals the
// current one. Returns whether it changed. Thread-safe.
bool apply_configuration(Configuration config);

// A safe custom field name: "cf_" then 1 to 37 of [a-z0-9_].
bool valid_custom_field_name(const std::string& name);
// A picklist name: [a-z][a-z0-9_]*, at most 40.
bool valid_picklist_name(const std::string& name);

}  // namespace crm
