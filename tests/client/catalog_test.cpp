// The message catalogue: every English text the UI shows (tests/client/catalog_keys.txt, kept
// with the screens) has a Simplified Chinese translation with the same printf placeholders.
#include <catch2/catch.hpp>

#include <fstream>
#include <regex>

#include "app/catalog.h"
#include "model/entity_schema.h"

using namespace crm;

namespace {

std::vector<std::string> keys() {
  std::ifstream in(CRM_CATALOG_KEYS);
  std::vector<std::string> out;
  for (std::string line; std::getline(in, line);)
    if (!line.empty()) out.push_back(line);
  return out;
}

std::string placeholders(const std::string& s) {
  static const std::regex re("%[-+ #0-9.]*(lld|ld|d|s|f|g)");
  std::string out;
  for (auto it = std::sregex_iterator(s.begin(), s.end(), re); it != std::sregex_iterator(); ++it) out += it->str();
  return out;
}

}  // namespace

TEST_CASE("Every UI text has a Chinese translation with the same placeholders", "[catalog]") {
  const auto all = keys();
  REQUIRE(all.size() > 100);
  CHECK(untranslated(all).empty());
  set_language(Language::kChineseSimplified);
  for (const auto& k : all) {
    INFO(k);
    CHECK(placeholders(tr(k.c_str())) == placeholders(k));
  }
  CHECK(trf("%d unsynced", 3) == "3 条未同步");
  set_language(Language::kEnglish);
  CHECK(std::string(tr("Customers")) == "Customers");
  CHECK(trf("%d unsynced", 3) == "3 unsynced");
  CHECK(language_from_code("zh-CN") == Language::kChineseSimplified);
  CHECK(language_from_code("fr") == Language::kEnglish);
}

TEST_CASE("Every entity, field label and choice in the schemas has a translation", "[catalog][schema]") {
  std::vector<std::string> labels;
  for (const auto& schema : all_schemas()) {
    labels.push_back(schema.label);
    for (const auto& f : schema.fields) {
      labels.push_back(f.label_key());
      labels.insert(labels.end(), f.choices.begin(), f.choices.end());
    }
  }
  CHECK(untranslated(labels).empty());
}
