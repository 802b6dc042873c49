// A valid sample record of any entity, built from its schema alone (no per-entity code): what
// the conformance tests run over every registry entry.
#pragma once

#include <string>

#include "crdt/merge.h"
#include "model/entity_schema.h"

namespace crm::test {

// A value `spec` accepts; `ref` is used for references.
inline Json sample_value(const FieldSpec& spec, const std::string& ref) {
  switch (spec.type) {
    case FieldType::kText:
      return spec.max_length < 3 ? "x" : "Sample";
    case FieldType::kLongText:
      return "Line one\nline two";
    case FieldType::kEmail:
      return "li@example.com";
    case FieldType::kPhone:
      return "+86 21 5555 0100";
    case FieldType::kChoice:
      return spec.choices.front();
    case FieldType::kInteger:
      return static_cast<int64_t>(spec.min < spec.max ? spec.min : 1);
    case FieldType::kDecimal:
      return spec.min < spec.max ? spec.min : 1.5;
    case FieldType::kBool:
      return true;
    case FieldType::kReference:
      return ref;
    case FieldType::kTimestamp:
      return "2026-11-30T09:00:00Z";
    case FieldType::kTags:
      return Json::array({spec.choices.empty() ? "vip" : spec.choices.front()});
    case FieldType::kMoney:
      return Json{{"minor", 129900}, {"currency", "CNY"}};
    case FieldType::kDate:
      return "2026-11-30";
    case FieldType::kFixed:
      return "1";
  }
  return nullptr;
}

// Every field set; state fields in their first initial state; currency-like text a real code.
inline FieldValues sample_values(const EntitySchema& schema, const std::string& ref) {
  FieldValues v;
  for (const auto& f : schema.fields) v[f.name] = sample_value(f, ref);
  for (const auto& sm : schema.states) v[sm.field] = sm.initial.front();
  if (v.count("currency") && v["currency"].is_string()) v["currency"] = "CNY";
  for (const auto& [name, value] : schema.example) v[name] = value;
  return v;
}

inline RecordState sample_record(const EntitySchema& schema, const std::string& id,
                                 const std::string& ref, const std::string& replica = "dev-a",
                                 int64_t ms = 1764000000000) {
  RecordState s;
  s.entity = schema.name;
  s.id = id;
  apply_local_write(s, replica, HlcStamp{ms, 0}, sample_values(schema, ref));
  s.normalize();
  return s;
}

}  // namespace crm::test
