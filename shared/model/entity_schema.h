// Entity schemas: one declarative description per entity says everything every layer needs:
// its fields and their types, relations, who may see and write it (the access policy), which
// roles may change which field, the allowed moves of its status fields, labels and form hints,
// and its cross-field rules. Validation, the wire codec, the store, the server's scope and rights
// checks, the CLI and the app's screens all read these descriptions, so adding an entity is one
// new file in model/entities/ plus one line in entity_registry.cpp (docs/adding-an-entity.md).
#pragma once

#include <deque>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "crdt/record.h"

namespace crm {

// Roles (docs/access.md). A schema names them in policies, field rights and state machines.
inline constexpr const char* kRoleSales = "sales";
inline constexpr const char* kRoleManager = "manager";
inline constexpr const char* kRoleService = "service";
inline constexpr const char* kRoleAdmin = "admin";

enum class FieldType {
  kText,       // single line, max_length code points
  kLongText,   // multi-line notes
  kEmail,
  kPhone,
  kChoice,     // one of `choices`
  kInteger,    // JSON integer within [min, max]
  kDecimal,    // JSON number within [min, max] (measurements: coordinates, metres)
  kBool,
  kReference,  // UUID of a record of `reference_entity`
  kTimestamp,  // ISO 8601 UTC, "2026-11-23T10:15:00Z" or with milliseconds
  kTags,       // array of short text labels (each one of `choices` when there are choices)
  kMoney,      // {"minor": integer minor units, "currency": ISO 4217 code} (model/values/money.h)
  kDate,       // calendar date "2026-11-30", no time zone (model/values/calendar_date.h)
  kFixed,      // exact decimal text with at most `scale` digits after the point, "13.5"
};

// How a person may change a field.
enum class FieldAccess {
  kEditable,  // by whoever may write the record (and `writers`, when named)
  kReadOnly,  // set when the record is created, never changed afterwards
  kComputed,  // derived by the app's code from other values, never typed in a form
};

struct FieldSpec {
  std::string name;
  FieldType type = FieldType::kText;
  bool required = false;
  size_t max_length = 200;  // code points, for text-like fields and each tag
  std::vector<std::string> choices;
  std::string reference_entity;
  double min = 0, max = 0;  // for kInteger / kDecimal / kFixed when min < max
  int scale = 0;            // kFixed: digits after the point
  // kReference: this record is a child of the referenced one (a contact of its customer, an item
  // of its price list): shown and edited with it.
  bool parent = false;
  FieldAccess access = FieldAccess::kEditable;
  // Roles that may change the value of an existing record; empty: anyone who may write the
  // record. Anyone who may create the record may set it on creation.
  std::vector<std::string> writers;
  std::string label;  // the catalogue key (English text); empty: derived from the name
  Json default_value;  // what a new record's form starts with
  bool hidden = false;      // not shown in forms (system or device-filled values)
  bool searchable = false;  // looked in by the list's search
  bool indexed = false;     // lists and reports filter or sort by it

  // The catalogue key of the field's label: `label`, or the name with its first letter upper-cased
  // and underscores as spaces ("next_follow_up" -> "Next follow up").
  std::string label_key() const;
};

// Who sees and writes an entity's records (docs/access.md). Each stored record's scope (owner and
// anchor) is derived from this once, when the server stores it.
enum class AccessKind {
  kOwned,         // by the user that `field` names (empty: the public pool)
  kInherited,     // the scope of the record that reference `field` points at, at any depth
  kOrganisation,  // reference data: everyone reads, only `writers` roles write
  kPersonal,      // only the user who created it (and admins)
};

// A role that sees records outside the owner rule: every record of the entity, or those that have
// a child of `with_child` (service agents see the customers that have a ticket).
struct RoleReach {
  std::string role;
  std::string with_child;
};

struct AccessPolicy {
  AccessKind kind = AccessKind::kOwned;
  std::string field;                 // kOwned: the owner field; kInherited: the reference followed
  std::vector<std::string> writers;  // kOrganisation: roles that may write
  std::vector<RoleReach> reach;
};

// Allowed changes of a status-like field: `from` -> `to` by any of `roles` (empty: anyone who may
// write the record). "*" as `from` is any state. A new record starts in one of `initial`.
struct Transition {
  std::string from, to;
  std::vector<std::string> roles;
};
struct StateMachine {
  std::string field;
  std::vector<std::string> initial;
  std::vector<Transition> transitions;
};

// Who makes a change: the signed-in user and their role.
struct Actor {
  std::string username, role;
};

// Visible values of a record (field -> value; missing: unset).
using FieldValues = std::map<std::string, Json>;

// An entity's rules across fields: `previous` is null for a new record. Every problem, one Error
// each naming its field. Pure: the device runs it before saving, the server on the merged state.
using RulesCheck = std::vector<Error> (*)(const FieldValues* previous, const FieldValues& next, const Actor& actor);

struct EntitySchema {
  std::string name;
  std::string label;
  std::vector<FieldSpec> fields;
  // Fields a list shows and a search looks in, in order.
  std::vector<std::string> summary_fields;
  AccessPolicy access;
  std::vector<StateMachine> states;
  RulesCheck check = nullptr;

  const FieldSpec* field(std::string_view name) const;
  // The reference field marked `parent`, or null.
  const FieldSpec* parent_field() const;
};

// Every known entity, in a stable order.
const std::deque<EntitySchema>& all_schemas();
// Adds an entity (or replaces the one of its name) to the registry: for entities a test defines,
// and later for entities defined at run time. Not thread-safe: register before syncing starts.
// References to other registered schemas stay valid.
const EntitySchema& register_schema(EntitySchema schema);
// Null when the entity is unknown.
const EntitySchema* find_schema(std::string_view entity);

// Entities whose records are children of `entity` (their parent field points at it), in registry
// order: what a record's page shows under it.
std::vector<const EntitySchema*> children_of(std::string_view entity);
// How many inherited links lie between an entity and the record its scope comes from: 0 for an
// owned, organisation or personal entity, 1 for a contact (its customer), 2 for a record
// inheriting from a contact. Pushes store lower depths first, so an anchor is stored before the
// records that follow it.
int inheritance_depth(const EntitySchema& schema);

const char* to_string(FieldType type);
const char* to_string(AccessKind kind);

}  // namespace crm
