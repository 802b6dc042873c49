#include "model/field_input.h"

#include <cerrno>
#include <cstdlib>

#include "model/values/money.h"

namespace crm {
namespace {

std::string trim(const std::string& s) {
  size_t b = s.find_first_not_of(" \t\r\n"), e = s.find_last_not_of(" \t\r\n");
  return b == std::string::npos ? std::string() : s.substr(b, e - b + 1);
}

}  // namespace

Result<Json> parse_field_input(const FieldSpec& spec, const std::string& raw) {
  const std::string text = spec.type == FieldType::kLongText ? raw : trim(raw);
  if (trim(text).empty()) return Json();
  switch (spec.type) {
    case FieldType::kInteger: {
      char* end = nullptr;
      errno = 0;
      long long v = std::strtoll(text.c_str(), &end, 10);
      if (*end != '\0' || errno == ERANGE)
        return make_error("wrong_type", spec.name + ": must be a whole number", spec.name);
      return Json(v);
    }
    case FieldType::kDecimal: {
      char* end = nullptr;
      double v = std::strtod(text.c_str(), &end);
      if (*end != '\0') return make_error("wrong_type", spec.name + ": must be a number", spec.name);
      return Json(v);
    }
    case FieldType::kBool:
      if (text == "true" || text == "yes" || text == "1") return Json(true);
      if (text == "false" || text == "no" || text == "0") return Json(false);
      return make_error("wrong_type", spec.name + ": must be yes or no", spec.name);
    case FieldType::kTags: {
      Json tags = Json::array();
      size_t start = 0;
      while (start <= text.size()) {
        size_t comma = text.find(',', start);
        std::string tag = trim(text.substr(start, comma == std::string::npos ? std::string::npos : comma - start));
        if (!tag.empty()) tags.push_back(tag);
        if (comma == std::string::npos) break;
        start = comma + 1;
      }
      return tags;
    }
    case FieldType::kMoney: {
      auto m = parse_money(text, spec.default_value.is_object() ? spec.default_value.value("currency", "") : "");
      if (!m) return make_error(m.error().code, spec.name + ": " + m.error().message, spec.name);
      return to_json(m.value());
    }
    default:  // text-like, dates and fixed decimals are text; validate_value() checks their form
      return Json(text);
  }
}

std::string format_field_value(const Json& value) {
  if (value.is_null()) return "";
  if (value.is_string()) return value.get<std::string>();
  if (value.is_array()) {
    std::string out;
    for (const auto& t : value) out += (out.empty() ? "" : ", ") + format_field_value(t);
    return out;
  }
  if (value.is_boolean()) return value.get<bool>() ? "yes" : "no";
  if (auto m = money_from_json(value)) return format_money(m.value());
  return value.dump();
}

}  // namespace crm
