#include "model/entity_rules.h"

#include <algorithm>

#include "core/time_format.h"
#include "model/values/calendar_date.h"

namespace crm {
namespace {

std::string list(const std::vector<std::string>& roles) {
  std::string out;
  for (const auto& r : roles) out += (out.empty() ? "" : " or ") + r;
  return out;
}

std::string state_text(const Json& v) {
  return v.is_string() ? v.get<std::string>() : std::string();
}

bool empty_text(const Json& v) { return v.is_null() || (v.is_string() && v.get_ref<const std::string&>().empty()); }

// A claim (empty -> the actor) or a return (the actor -> empty) of an owner-like field.
bool claims_or_returns(const Json& before, const Json& after, const Actor& actor) {
  const Json self = actor.username;
  return (empty_text(before) && after == self) || (before == self && empty_text(after));
}

void check_rights(const EntitySchema& schema, const FieldValues* previous, const FieldValues& next,
                  const Actor& actor, std::vector<Error>& out) {
  if (!previous) return;  // whoever may create the record sets its fields' first values
  for (const auto& f : schema.fields) {
    if (value_of(*previous, f.name) == value_of(next, f.name)) continue;
    if (f.access == FieldAccess::kReadOnly)
      out.push_back(make_error(
          "read_only", f.name + ": is set when the record is created and cannot change", f.name));
    else if (!f.writers.empty() && !role_in(f.writers, actor.role) &&
             !(role_in(f.claimers, actor.role) &&
               claims_or_returns(value_of(*previous, f.name), value_of(next, f.name), actor)))
      out.push_back(make_error("field_forbidden",
                               f.name + ": only a " + list(f.writers) + " may change it", f.name));
  }
}

void check_states(const EntitySchema& schema, const FieldValues* previous, const FieldValues& next,
                  const Actor& actor, std::vector<Error>& out) {
  for (const auto& sm : schema.states) {
    const std::string to = state_text(value_of(next, sm.field));
    if (!previous) {
      if (!to.empty() && std::find(sm.initial.begin(), sm.initial.end(), to) == sm.initial.end())
        out.push_back(make_error(
            "invalid_state", sm.field + ": a new record starts as " + list(sm.initial), sm.field));
      continue;
    }
    const std::string from = state_text(value_of(*previous, sm.field));
    if (from == to) continue;
    bool listed = false, allowed = false;
    std::vector<std::string> who;
    for (const auto& t : sm.transitions) {
      if ((t.from != from && t.from != "*") || t.to != to) continue;
      listed = true;
      if (t.roles.empty() || role_in(t.roles, actor.role)) allowed = true;
      who.insert(who.end(), t.roles.begin(), t.roles.end());
    }
    if (allowed) continue;
    out.push_back(make_error(
        "forbidden_transition",
        listed ? sm.field + ": only a " + list(who) + " may move it from " + from + " to " + to
               : sm.field + ": cannot move from " + (from.empty() ? "(none)" : from) + " to " +
                     (to.empty() ? "(none)" : to),
        sm.field));
  }
}

}  // namespace

const std::vector<std::string>* organisation_writers(const EntitySchema& schema) {
  const EntitySchema* s = &schema;
  for (int depth = inheritance_depth(schema); depth > 0 && s; --depth) {
    const FieldSpec* via = s->field(s->access.field);
    s = via ? find_schema(via->reference_entity) : nullptr;
  }
  return s && s->access.kind == AccessKind::kOrganisation ? &s->access.writers : nullptr;
}

const Json& value_of(const FieldValues& values, const std::string& field) {
  static const Json kNull;
  auto it = values.find(field);
  return it == values.end() ? kNull : it->second;
}

bool role_in(const std::vector<std::string>& roles, const std::string& role) {
  return std::find(roles.begin(), roles.end(), role) != roles.end();
}

bool ends_before(const FieldValues& values, const std::string& start, const std::string& end) {
  const Json &a = value_of(values, start), &b = value_of(values, end);
  if (!a.is_string() || !b.is_string()) return false;
  auto ta = parse_iso8601(a.get<std::string>()), tb = parse_iso8601(b.get<std::string>());
  if (ta && tb) return *tb < *ta;
  auto da = parse_date(a.get<std::string>()), db = parse_date(b.get<std::string>());
  return da && db && db.value() < da.value();
}

std::vector<Error> check_change(const EntitySchema& schema, const FieldValues* previous,
                                const FieldValues& next, const Actor& actor, const RecordLookup* lookup) {
  std::vector<Error> out;
  if (const auto* writers = organisation_writers(schema);
      writers && !role_in(*writers, actor.role)) {
    out.push_back(
        make_error("forbidden", "only a " + list(*writers) + " may change a " + schema.label));
    return out;
  }
  check_rights(schema, previous, next, actor, out);
  check_states(schema, previous, next, actor, out);
  if (schema.check) {
    auto more = schema.check(previous, next, actor);
    out.insert(out.end(), more.begin(), more.end());
  }
  if (schema.check_related && lookup) {
    auto more = schema.check_related(next, *lookup);
    out.insert(out.end(), more.begin(), more.end());
  }
  return out;
}

Result<Money> sum_money(const std::vector<FieldValues>& records, const std::string& field,
                        const std::string& currency) {
  if (!currency_exponent(currency))
    return make_error("invalid_currency", "'" + currency + "' is not an ISO 4217 currency code", field);
  Money total{0, currency};
  for (const auto& r : records) {
    const Json& v = value_of(r, field);
    if (v.is_null()) continue;
    auto m = money_from_json(v);
    if (!m) return make_error(m.error().code, field + ": " + m.error().message, field);
    auto sum = add(total, m.value());
    if (!sum) return make_error(sum.error().code, field + ": " + sum.error().message, field);
    total = sum.value();
  }
  return total;
}

std::vector<Error> check_values(const EntitySchema& schema, const FieldValues& next,
                                const Actor& actor, const RecordLookup* lookup) {
  std::vector<Error> out;
  if (const auto* writers = organisation_writers(schema); writers && !role_in(*writers, actor.role))
    out.push_back(
        make_error("forbidden", "only a " + list(*writers) + " may change a " + schema.label));
  else if (schema.check)
    out = schema.check(nullptr, next, actor);
  if (out.empty() && schema.check_related && lookup) out = schema.check_related(next, *lookup);
  return out;
}

}  // namespace crm
