// schema_doc: writes the entity section of docs/sync-protocol.md from the schema registry, so the
// document another client is written from cannot drift from what the server validates.
//
//   schema_doc                 print the generated section
//   schema_doc --check FILE    exit 1 when FILE's section differs from the generated one
//   schema_doc --write FILE    replace FILE's section with the generated one
//
// The section sits between the two marker lines below; everything else in FILE is left alone.
#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>

#include "model/entity_schema.h"

using namespace crm;

namespace {

const char* kBegin = "<!-- generated from the schema registry by tests/docs/schema_doc.cpp: do not edit by hand -->\n";
const char* kEnd = "<!-- end of generated section -->\n";

const char* kUsage = R"(usage: schema_doc [--check FILE | --write FILE]
  (no option)     print the entity section generated from the schema registry
  --check FILE    exit 1 when FILE's generated section differs
  --write FILE    replace FILE's generated section
)";

std::string number(double v) {
  if (v == static_cast<double>(static_cast<long long>(v))) return std::to_string(static_cast<long long>(v));
  std::ostringstream o;
  o << v;
  return o.str();
}

std::string join(const std::vector<std::string>& v) {
  std::string out;
  for (const auto& x : v) out += (out.empty() ? "" : ", ") + x;
  return out;
}

std::string type_name(const FieldSpec& f) {
  switch (f.type) {
    case FieldType::kLongText: return "long text";
    default: return to_string(f.type);
  }
}

std::string rules(const FieldSpec& f) {
  std::string out;
  auto add = [&](const std::string& r) { out += (out.empty() ? "" : "; ") + r; };
  if (f.required) add("**required**");
  switch (f.type) {
    case FieldType::kText:
    case FieldType::kLongText: add("<= " + std::to_string(f.max_length)); break;
    case FieldType::kTags: add("each tag <= " + std::to_string(f.max_length)); break;
    case FieldType::kChoice: {
      std::string c;
      for (const auto& v : f.choices) c += (c.empty() ? "`" : ", `") + v + "`";
      add(c);
      break;
    }
    case FieldType::kInteger:
    case FieldType::kDecimal:
      if (f.min < f.max) add(number(f.min) + " to " + number(f.max));
      break;
    case FieldType::kReference:
      add((f.reference_entity.empty() ? std::string("a record's id") : "a " + f.reference_entity + "'s id") +
          (f.parent ? " (its parent)" : ""));
      break;
    case FieldType::kFixed:
      add(std::to_string(f.scale) + " decimals");
      if (f.min < f.max) add(number(f.min) + " to " + number(f.max));
      break;
    default: break;
  }
  if (f.access == FieldAccess::kReadOnly) add("set on creation only");
  if (f.access == FieldAccess::kComputed) add("computed, not written");
  if (!f.writers.empty()) add("changed only by: " + join(f.writers));
  if (!f.picklist.empty())
    add(std::string(f.type == FieldType::kText ? "suggestions" : "more values") + " from picklist `" + f.picklist + "`");
  return out;
}

// Who sees and writes an entity's records, from its access policy.
std::string access_of(const EntitySchema& s) {
  const AccessPolicy& a = s.access;
  switch (a.kind) {
    case AccessKind::kOwned: return "owned by the user its `" + a.field + "` names (empty: the public pool)";
    case AccessKind::kInherited:
      return "follows the record its `" + a.field + "` names" +
             (a.entity_field.empty() ? std::string() : " (of the entity `" + a.entity_field + "` names)");
    case AccessKind::kOrganisation:
      return "organisation-wide: everyone reads; written by: " + (a.writers.empty() ? std::string("admin") : join(a.writers));
    case AccessKind::kPersonal: return "personal: only its author (and admins)";
  }
  return "";
}

std::string generate() {
  std::string out = kBegin;
  out += "\n| entity | field | type | rules |\n| --- | --- | --- | --- |\n";
  for (const auto& s : all_schemas()) {
    bool first = true;
    for (const auto& f : s.fields) {
      out += "| " + (first ? "`" + s.name + "`" : std::string()) + " | `" + f.name + "` | " + type_name(f) + " | " +
             rules(f) + " |\n";
      first = false;
    }
  }
  out += "\n| entity | who sees and writes it ([access.md](access.md)) |\n| --- | --- |\n";
  for (const auto& s : all_schemas()) out += "| `" + s.name + "` | " + access_of(s) + " |\n";
  out += "\nEvery entity also has the system field `_deleted` (section 4). Custom fields an admin adds at run time\n"
         "(`custom_field` records, named `cf_...`) are fields of their entity like these, on every replica that has\n"
         "received them; a picklist's values (`picklist_value` records) extend the choices of the fields that name it.\n\n";
  return out + kEnd;
}

bool read(const std::string& path, std::string& text) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  std::ostringstream o;
  o << in.rdbuf();
  text = o.str();
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  const std::string generated = generate();
  if (argc == 1) {
    std::fputs(generated.c_str(), stdout);
    return 0;
  }
  const std::string opt = argv[1];
  if (argc != 3 || (opt != "--check" && opt != "--write")) {
    std::fputs(kUsage, opt == "--help" || opt == "-h" ? stdout : stderr);
    return opt == "--help" || opt == "-h" ? 0 : 2;
  }
  std::string text;
  if (!read(argv[2], text)) {
    std::fprintf(stderr, "schema_doc: cannot read %s\n", argv[2]);
    return 2;
  }
  const size_t begin = text.find(kBegin), end = text.find(kEnd);
  if (begin == std::string::npos || end == std::string::npos || end < begin) {
    std::fprintf(stderr, "schema_doc: %s has no generated section (marker lines missing)\n", argv[2]);
    return 2;
  }
  const std::string current = text.substr(begin, end + std::string(kEnd).size() - begin);
  if (opt == "--check") {
    if (current == generated) return 0;
    std::fprintf(stderr,
                 "schema_doc: the entity section of %s is not what the schema registry says; run\n"
                 "  build/tests/schema_doc --write %s\nand commit the result. Generated:\n%s",
                 argv[2], argv[2], generated.c_str());
    return 1;
  }
  text.replace(begin, current.size(), generated);
  std::ofstream out(argv[2], std::ios::binary | std::ios::trunc);
  out << text;
  return out ? 0 : 2;
}
