#include "model/validation.h"

#include <cctype>
#include <cmath>

#include "core/uuid.h"
#include "crdt/record_codec.h"
#include "model/values/calendar_date.h"
#include "model/values/money.h"

namespace crm {
namespace {

bool is_blank(const Json& v) { return v.is_null() || (v.is_string() && v.get_ref<const std::string&>().empty()); }

bool valid_email(const std::string& s) {
  if (s.size() > 254) return false;
  auto at = s.find('@');
  if (at == std::string::npos || at == 0 || s.find('@', at + 1) != std::string::npos) return false;
  std::string domain = s.substr(at + 1);
  auto dot = domain.rfind('.');
  if (dot == std::string::npos || dot == 0 || dot + 2 > domain.size()) return false;
  if (domain.find("..") != std::string::npos || domain.front() == '-') return false;
  for (unsigned char c : s)
    if (c <= ' ' || c == '(' || c == ')' || c == ',' || c == ';' || c == '<' || c == '>' || c == '"')
      return false;
  return true;
}

// International or local numbers: digits with spaces, dashes, dots, parentheses, a leading '+'.
bool valid_phone(const std::string& s) {
  int digits = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    unsigned char c = s[i];
    if (std::isdigit(c)) {
      ++digits;
    } else if (c == '+') {
      if (i != 0) return false;
    } else if (c != ' ' && c != '-' && c != '.' && c != '(' && c != ')') {
      return false;
    }
  }
  return digits >= 5 && digits <= 20;
}

bool two_digits(const std::string& s, size_t at, int lo, int hi) {
  if (at + 2 > s.size() || !std::isdigit((unsigned char)s[at]) || !std::isdigit((unsigned char)s[at + 1]))
    return false;
  int v = (s[at] - '0') * 10 + (s[at + 1] - '0');
  return v >= lo && v <= hi;
}

// YYYY-MM-DDTHH:MM:SS[.fff]Z
bool valid_timestamp(const std::string& s) {
  if (s.size() < 20 || s.size() > 24 || s.back() != 'Z') return false;
  for (int i = 0; i < 4; ++i)
    if (!std::isdigit((unsigned char)s[i])) return false;
  if (s[4] != '-' || s[7] != '-' || s[10] != 'T' || s[13] != ':' || s[16] != ':') return false;
  if (!two_digits(s, 5, 1, 12) || !two_digits(s, 8, 1, 31) || !two_digits(s, 11, 0, 23) ||
      !two_digits(s, 14, 0, 59) || !two_digits(s, 17, 0, 60))
    return false;
  if (s.size() == 20) return true;
  if (s[19] != '.') return false;
  for (size_t i = 20; i + 1 < s.size(); ++i)
    if (!std::isdigit((unsigned char)s[i])) return false;
  return s.size() > 21;
}

Error err(const std::string& code, const FieldSpec& spec, const std::string& msg) {
  return make_error(code, spec.name + ": " + msg, spec.name);
}

Status check_text(const FieldSpec& spec, const Json& value) {
  if (!value.is_string()) return err("wrong_type", spec, "must be text");
  const auto& s = value.get_ref<const std::string&>();
  long n = utf8_length(s);
  if (n < 0) return err("wrong_type", spec, "is not valid UTF-8 text");
  if (static_cast<size_t>(n) > spec.max_length)
    return err("too_long", spec, "must be at most " + std::to_string(spec.max_length) + " characters");
  if (spec.type != FieldType::kLongText) {
    for (unsigned char c : s)
      if (c < 0x20) return err("wrong_type", spec, "must be a single line without control characters");
  }
  return ok_status();
}

Status check_range(const FieldSpec& spec, double v) {
  if (!std::isfinite(v)) return err("wrong_type", spec, "must be a finite number");
  if (spec.min < spec.max && (v < spec.min || v > spec.max))
    return err("out_of_range", spec, "must be between " + Json(spec.min).dump() + " and " + Json(spec.max).dump());
  return ok_status();
}

// Retired picklist values stay valid: records that hold them must stay pushable.
bool is_choice(const FieldSpec& spec, const std::string& v) {
  for (const auto& c : spec.choices)
    if (c == v) return true;
  for (const auto& c : spec.retired_choices)
    if (c == v) return true;
  return false;
}

std::string choice_list(const FieldSpec& spec) {
  std::string list;
  for (const auto& c : spec.choices) list += (list.empty() ? "" : ", ") + c;
  return list;
}

// null, or exactly {"seen": {replica id: non-negative integer}}: nothing else may ride along in a
// tombstone (a deeply nested value there would reach the store unchecked).
bool valid_tombstone(const Json& v) {
  if (v.is_null()) return true;
  if (!v.is_object() || v.size() != 1 || !v.contains("seen")) return false;
  const Json& seen = v["seen"];
  if (!seen.is_object()) return false;
  for (const auto& [replica, counter] : seen.items())
    if (replica.empty() || replica.size() > kMaxReplicaIdLength || !is_non_negative_integer(counter))
      return false;
  return true;
}

}  // namespace

long utf8_length(const std::string& s) {
  long n = 0;
  for (size_t i = 0; i < s.size();) {
    unsigned char c = s[i];
    size_t len = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
    if (len == 0 || i + len > s.size()) return -1;
    for (size_t k = 1; k < len; ++k)
      if ((static_cast<unsigned char>(s[i + k]) >> 6) != 2) return -1;
    i += len;
    ++n;
  }
  return n;
}

Status validate_value(const FieldSpec& spec, const Json& value) {
  if (value.is_null()) return ok_status();
  switch (spec.type) {
    case FieldType::kText:
    case FieldType::kLongText:
      return check_text(spec, value);
    case FieldType::kEmail:
      CRM_TRY(check_text(spec, value));
      if (!valid_email(value.get_ref<const std::string&>()))
        return err("invalid_email", spec, "is not a valid e-mail address (name@example.com)");
      return ok_status();
    case FieldType::kPhone:
      CRM_TRY(check_text(spec, value));
      if (!valid_phone(value.get_ref<const std::string&>()))
        return err("invalid_phone", spec, "is not a valid phone number (5 to 20 digits, may start with +)");
      return ok_status();
    case FieldType::kChoice:
      if (!value.is_string()) return err("wrong_type", spec, "must be text");
      if (is_choice(spec, value.get_ref<const std::string&>())) return ok_status();
      return err("invalid_choice", spec, "must be one of: " + choice_list(spec));
    case FieldType::kInteger:
      if (!value.is_number_integer()) return err("wrong_type", spec, "must be a whole number");
      return check_range(spec, value.get<double>());
    case FieldType::kDecimal:
      if (!value.is_number()) return err("wrong_type", spec, "must be a number");
      return check_range(spec, value.get<double>());
    case FieldType::kBool:
      if (!value.is_boolean()) return err("wrong_type", spec, "must be true or false");
      return ok_status();
    case FieldType::kReference:
      if (!value.is_string() || !is_uuid(value.get_ref<const std::string&>()))
        return err("invalid_reference", spec,
                   "must be the id of a " + (spec.reference_entity.empty() ? "record" : spec.reference_entity));
      return ok_status();
    case FieldType::kTimestamp:
      if (!value.is_string() || !valid_timestamp(value.get_ref<const std::string&>()))
        return err("invalid_timestamp", spec, "must be a UTC time like 2026-11-23T10:15:00Z");
      return ok_status();
    case FieldType::kTags: {
      if (!value.is_array()) return err("wrong_type", spec, "must be a list of tags");
      if (value.size() > 50) return err("too_long", spec, "must have at most 50 tags");
      for (const auto& tag : value) {
        CRM_TRY(check_text(spec, tag));
        if ((!spec.choices.empty() || !spec.picklist.empty()) && !is_choice(spec, tag.get_ref<const std::string&>()))
          return err("invalid_choice", spec, "each must be one of: " + choice_list(spec));
      }
      return ok_status();
    }
    case FieldType::kMoney: {
      auto m = money_from_json(value);
      if (!m) return err(m.error().code, spec, m.error().message);
      return ok_status();
    }
    case FieldType::kDate:
      // A UTC time is accepted too: fields that became dates (contact.birthday) hold such values
      // from before, and refusing them would leave every later edit of those records unpushable.
      if (!value.is_string() || (!parse_date(value.get_ref<const std::string&>()) &&
                                 !valid_timestamp(value.get_ref<const std::string&>())))
        return err("invalid_date", spec, "must be a date like 2026-11-30");
      return ok_status();
    case FieldType::kFixed: {
      if (!value.is_string())
        return err("wrong_type", spec, "must be a decimal number written as text, like \"13.5\"");
      auto d = parse_decimal(value.get_ref<const std::string&>(), spec.scale);
      if (!d) return err(d.error().code, spec, d.error().message);
      return check_range(spec, static_cast<double>(d->units) / std::pow(10.0, d->scale));
    }
  }
  return ok_status();
}

std::vector<Error> check_draft(const EntitySchema& schema, const std::map<std::string, Json>& values,
                               const std::map<std::string, Json>* before) {
  auto unchanged = [&](const std::string& name, const Json& v) {
    if (!before) return false;
    auto it = before->find(name);
    return it != before->end() && it->second == v;
  };
  std::vector<Error> errors;
  for (const auto& [name, value] : values) {
    if (!schema.field(name) && !unchanged(name, value))
      errors.push_back(make_error("unknown_field", schema.name + " has no field '" + name + "'", name));
  }
  for (const auto& spec : schema.fields) {
    auto it = values.find(spec.name);
    const Json& v = it == values.end() ? Json() : it->second;
    if (spec.required && !spec.retired && is_blank(v)) {
      errors.push_back(err("required", spec, "is required"));
      continue;
    }
    if (unchanged(spec.name, v)) continue;
    Status s = validate_value(spec, v);
    if (!s) errors.push_back(s.error());
  }
  return errors;
}

Status validate_state(const RecordState& state) {
  const EntitySchema* schema = find_schema(state.entity);
  if (!schema) return make_error("unknown_entity", "unknown entity '" + state.entity + "'");
  if (!is_uuid(state.id)) return make_error("invalid_id", "record id must be a UUID: '" + state.id + "'");
  for (const auto& [name, writes] : state.fields) {
    for (const auto& w : writes) {
      if (!state.vv.covers(w.dot))
        return make_error("invalid_version", name + ": write " + w.dot.replica + ":" +
                                                 std::to_string(w.dot.counter) +
                                                 " is not in the record's version vector", name);
    }
    if (name == kDeletedField) {
      for (const auto& w : writes)
        if (!valid_tombstone(w.value))
          return make_error("wrong_type", "_deleted must be null or {\"seen\": {replica: counter, ...}}", name);
      continue;
    }
    const FieldSpec* spec = schema->field(name);
    if (!spec)
      return make_error("unknown_field", state.entity + " has no field '" + name + "'", name);
    for (const auto& w : writes) CRM_TRY(validate_value(*spec, w.value));
  }
  if (!state.deleted()) {
    for (const auto& spec : schema->fields)
      if (spec.required && !spec.custom && is_blank(state.value(spec.name)))
        return err("required", spec, "is required");
  }
  return ok_status();
}

}  // namespace crm
