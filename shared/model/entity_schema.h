// Entity schemas: one declarative description per entity says everything every layer needs:
// its fields and their types, relations, who may see and write it (the access policy), which
// roles may change which field, the allowed moves of its status fields, labels and form hints,
// and its cross-field rules. Validation, the wire codec, the store, the server's scope and rights
// checks, the CLI and the app's screens all read these descriptions, so adding an entity is one
// new file in model/entities/ plus one line in entity_registry.cpp (docs/adding-an-entity.md).
#pragma once

#include <cstdint>
#include <deque>
#include <map>
#include <optional>
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
  // Roles beside `writers` that may take an unowned record for themselves (the value goes from
  // empty to their own username) and give their own back (from their username to empty): a sales
  // person claiming a customer from the public pool, or returning one to it.
  std::vector<std::string> claimers;
  std::string label;  // the catalogue key (English text); empty: derived from the name
  Json default_value;  // what a new record's form starts with
  bool hidden = false;      // not shown in forms (system or device-filled values)
  bool searchable = false;  // looked in by the list's search
  bool indexed = false;     // lists and reports filter or sort by it
  // The picklist (model/configuration.h) whose values an admin manages at run time: for kChoice
  // and kTags the values allowed beside `choices` (which the registry fills from it); for kText
  // suggestions a form offers (any text stays valid).
  std::string picklist;
  // Values still valid (stored records keep them) but no longer offered in forms: picklist values
  // an admin deactivated.
  std::vector<std::string> retired_choices;
  // Added at run time by a custom_field record (model/configuration.h). A custom field's
  // `required` is a form rule only: records from before it, and devices that have not yet
  // received it, stay valid without it.
  bool custom = false;
  // A custom field an admin deactivated: hidden, never offered, but its stored values are kept,
  // still valid, and synced.
  bool retired = false;

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
  // kInherited, polymorphic: the text field naming the entity `field` points at, when the
  // reference may point at a record of any entity (an attachment of any record).
  std::string entity_field;
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

// Read-only access to other records, for rules that read them (the device: its replica; the
// server: the merged state inside the push's transaction). Values derived from other records are
// computed from them, never stored as an authority.
class RecordLookup {
 public:
  virtual ~RecordLookup() = default;
  // The visible values of a live record, or nothing when it is unknown or deleted here.
  virtual std::optional<FieldValues> values(const std::string& entity, const std::string& id) const = 0;
  // The live records of `child_entity` whose parent field points at `parent_id`.
  virtual std::vector<FieldValues> children(const std::string& child_entity, const std::string& parent_id) const = 0;
};

// Rules that read other records: run after `check` where a lookup is at hand (both the device,
// before it saves, and the server, on the merged state). A record that refers to one the lookup
// does not hold yet is not refused for it: the server has the last word once it holds both.
using RelatedCheck = std::vector<Error> (*)(const FieldValues& next, const RecordLookup& lookup);

struct EntitySchema {
  std::string name;
  std::string label;
  std::vector<FieldSpec> fields;
  // Fields a list shows and a search looks in, in order.
  std::vector<std::string> summary_fields;
  AccessPolicy access;
  std::vector<StateMachine> states;
  RulesCheck check = nullptr;
  RelatedCheck check_related = nullptr;
  // Values of a valid record where a generated sample would not pass the rules (an identifier,
  // a hash): conformance tests and examples start from them.
  FieldValues example;

  const FieldSpec* field(std::string_view name) const;
  // The reference field marked `parent`, or null.
  const FieldSpec* parent_field() const;
  // Whether the parent reference may point at any entity (access.entity_field names which).
  bool polymorphic_parent() const { return access.kind == AccessKind::kInherited && !access.entity_field.empty(); }
};

// Every known entity, in a stable order, as configured now: the compiled-in and registered
// schemas with the custom fields and picklist values of the organisation's configuration
// (model/configuration.h). The registry is a series of immutable snapshots: a new configuration
// publishes a new one, and every reference or pointer taken from an older one stays valid and
// unchanged (snapshots live as long as the process; one per configuration change). Thread-safe.
const std::deque<EntitySchema>& all_schemas();
// Adds an entity (or replaces the one of its name) to the registry: for entities a test defines.
// The current configuration is applied to it too.
const EntitySchema& register_schema(EntitySchema schema);
// Null when the entity is unknown.
const EntitySchema* find_schema(std::string_view entity);
// Counts published snapshots: a screen that caches anything read from find_schema() re-reads it
// when this changes (custom fields or picklist values arrived).
uint64_t schema_generation();
// The compiled-in and registered schemas, without configuration (what custom fields extend).
std::deque<EntitySchema> base_schemas();
// Publishes a new snapshot: the base schemas with current_configuration() applied
// (model/configuration.h calls it when the configuration changes).
void republish_schemas();

// Entities whose records are children of `entity` (their parent field points at it, or may: a
// polymorphic parent such as an attachment's), in registry order: what a record's page shows
// under it.
std::vector<const EntitySchema*> children_of(std::string_view entity);
// How many inherited links lie between an entity and the record its scope comes from: 0 for an
// owned, organisation or personal entity, 1 for a contact (its customer), 2 for a record
// inheriting from a contact; a polymorphic parent counts as the deepest (the number of schemas).
// Pushes store lower depths first, so an anchor is stored before the records that follow it.
int inheritance_depth(const EntitySchema& schema);

const char* to_string(FieldType type);
const char* to_string(AccessKind kind);

}  // namespace crm
