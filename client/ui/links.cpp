#include "ui/links.h"

#include <cctype>
#include <cstdio>

namespace crm::ui {

std::string url_encode(const std::string& s) {
  std::string out;
  for (unsigned char c : s) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else {
      char buf[4];
      std::snprintf(buf, sizeof buf, "%%%02X", c);
      out += buf;
    }
  }
  return out;
}

std::string tel_link(const std::string& phone) {
  std::string digits;
  for (char c : phone)
    if ((c >= '0' && c <= '9') || (c == '+' && digits.empty())) digits += c;
  return "tel:" + digits;
}

std::string mailto_link(const std::string& email) { return "mailto:" + email; }

std::string map_link(const std::map<std::string, Json>& values, bool phone) {
  auto num = [&](const char* k) -> std::optional<double> {
    auto it = values.find(k);
    if (it == values.end() || !it->second.is_number()) return std::nullopt;
    return it->second.get<double>();
  };
  auto text = [&](const char* k) {
    auto it = values.find(k);
    return it != values.end() && it->second.is_string() ? it->second.get<std::string>() : std::string();
  };
  const auto lat = num("latitude"), lon = num("longitude");
  char buf[160];
  if (lat && lon) {
    if (phone) std::snprintf(buf, sizeof buf, "geo:%.6f,%.6f?q=%.6f,%.6f", *lat, *lon, *lat, *lon);
    else std::snprintf(buf, sizeof buf, "https://www.openstreetmap.org/?mlat=%.6f&mlon=%.6f#map=17/%.6f/%.6f", *lat, *lon, *lat, *lon);
    return buf;
  }
  std::string where = text("address");
  for (const char* k : {"city", "region", "country"})
    if (!text(k).empty()) where += (where.empty() ? "" : ", ") + text(k);
  if (where.empty()) return "";
  return phone ? "geo:0,0?q=" + url_encode(where) : "https://www.openstreetmap.org/search?query=" + url_encode(where);
}

LinkKind link_kind(const FieldSpec& f) {
  if (f.type == FieldType::kPhone) return LinkKind::kCall;
  if (f.type == FieldType::kEmail) return LinkKind::kMail;
  if (f.name == "address") return LinkKind::kMap;
  return LinkKind::kNone;
}

}  // namespace crm::ui
