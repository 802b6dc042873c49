#include <algorithm>

#include "model/configuration.h"
#include "model/entities/entities.h"
#include "model/entity_rules.h"

namespace crm {
namespace {

bool lower_hex_sha256(const std::string& s) {
  return s.size() == 64 && std::all_of(s.begin(), s.end(), [](char c) {
           return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
         });
}

std::vector<Error> check_attachment(const FieldValues*, const FieldValues& next, const Actor&) {
  std::vector<Error> out;
  const Json& sha = value_of(next, "sha256");
  if (sha.is_string() && !lower_hex_sha256(sha.get<std::string>()))
    out.push_back(make_error("invalid_sha256", "sha256: 64 lower-case hexadecimal digits", "sha256"));
  const Json& entity = value_of(next, "record_entity");
  if (entity.is_string()) {
    const std::string e = entity.get<std::string>();
    if (!find_schema(e) || e == "attachment" || is_configuration_entity(e))
      out.push_back(make_error("unknown_entity", "record_entity: '" + e + "' is not an entity a file can be attached to",
                               "record_entity"));
  }
  return out;
}

}  // namespace

// A file's metadata, attached to one record of any entity (its bytes, content-addressed by
// SHA-256, are stored and served by the server's attachment endpoints). Its scope is inherited
// from the record it is attached to, whatever that record's entity (a polymorphic parent:
// record_entity names the entity, record_id the record): who sees the record sees its files.
EntitySchema attachment_schema() {
  using T = FieldType;
  return EntitySchema{
      .name = "attachment",
      .label = "Attachment",
      .fields =
          {
              {.name = "record_entity",
               .type = T::kText,
               .required = true,
               .max_length = 40,
               .access = FieldAccess::kReadOnly,
               .label = "Attached to",
               .hidden = true,
               .indexed = true},
              {.name = "record_id",
               .type = T::kReference,
               .required = true,
               .parent = true,
               .access = FieldAccess::kReadOnly,
               .label = "Record",
               .hidden = true,
               .indexed = true},
              {.name = "sha256",
               .type = T::kText,
               .required = true,
               .max_length = 64,
               .access = FieldAccess::kReadOnly,
               .label = "SHA-256",
               .hidden = true},
              {.name = "mime", .type = T::kText, .required = true, .max_length = 100, .access = FieldAccess::kReadOnly,
               .label = "Type"},
              {.name = "size", .type = T::kInteger, .required = true, .min = 0, .max = 1e12,
               .access = FieldAccess::kReadOnly, .label = "Size (bytes)"},
              {.name = "file_name", .type = T::kText, .max_length = 255, .searchable = true},
              {.name = "caption", .type = T::kText, .max_length = 500, .searchable = true},
              {.name = "taken_at", .type = T::kTimestamp, .label = "Taken at"},
          },
      .summary_fields = {"file_name", "caption", "mime"},
      .access = {.kind = AccessKind::kInherited, .field = "record_id", .entity_field = "record_entity"},
      .check = check_attachment,
      .example = {{"record_entity", "customer"},
                  {"sha256", "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"},
                  {"mime", "image/jpeg"},
                  {"file_name", "shop-front.jpg"}},
  };
}

}  // namespace crm
