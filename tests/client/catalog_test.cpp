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

TEST_CASE("Every UI text has a Chinese and a Russian translation with the same placeholders", "[catalog]") {
  const auto all = keys();
  REQUIRE(all.size() > 200);
  for (Language l : {Language::kChineseSimplified, Language::kRussian}) {
    INFO(language_code(l));
    CHECK(untranslated(all, l).empty());
    for (const auto& k : all) {
      INFO(k);
      // Every plural form keeps the key's placeholders.
      const std::string t = translation(k, l);
      size_t start = 0;
      while (true) {
        const size_t bar = t.find('|', start);
        CHECK(placeholders(t.substr(start, bar == std::string::npos ? std::string::npos : bar - start)) == placeholders(k));
        if (bar == std::string::npos) break;
        start = bar + 1;
      }
    }
  }
  set_language(Language::kChineseSimplified);
  CHECK(trp("%d unsynced", 3) == "3 条未同步");
  set_language(Language::kEnglish);
  CHECK(std::string(tr("Customers")) == "Customers");
  CHECK(trp("%d unsynced", 3) == "3 unsynced");
  CHECK(language_from_code("zh-CN") == Language::kChineseSimplified);
  CHECK(language_from_code("ru") == Language::kRussian);
  CHECK(language_from_code("fr") == Language::kEnglish);
}

TEST_CASE("Codes read as words in every language, never as codes", "[catalog]") {
  for (Language l : kAllLanguages) {
    set_language(l);
    for (const char* code : {"company", "outside_geofence", "low_accuracy", "call", "in_progress", "admin"}) {
      INFO(code);
      CHECK(std::string(tr(code)) != code);
    }
  }
  set_language(Language::kEnglish);
  CHECK(std::string(tr("company")) == "Company");
  CHECK(std::string(tr("outside_geofence")) == "Outside the geofence");
}

TEST_CASE("Counts take the plural form of the language", "[catalog]") {
  set_language(Language::kEnglish);
  CHECK(trp("%d visits", 1) == "1 visit");
  CHECK(trp("%d visits", 0) == "0 visits");
  CHECK(trp("%d visits", 21) == "21 visits");
  set_language(Language::kRussian);
  CHECK(trp("%d visits", 1) == "1 визит");
  CHECK(trp("%d visits", 21) == "21 визит");
  CHECK(trp("%d visits", 3) == "3 визита");
  CHECK(trp("%d visits", 12) == "12 визитов");
  CHECK(trp("%d visits", 25) == "25 визитов");
  CHECK(trp("%d visits", 111) == "111 визитов");
  set_language(Language::kChineseSimplified);
  CHECK(trp("%d visits", 1) == "1 次拜访");
  set_language(Language::kEnglish);
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
  for (Language l : {Language::kChineseSimplified, Language::kRussian}) {
    INFO(language_code(l));
    CHECK(untranslated(labels, l) == std::vector<std::string>{});
  }
}

TEST_CASE("A choice reads in its entity's context before the bare code", "[catalog]") {
  set_language(Language::kChineseSimplified);
  // A contract in force is 生效; a customer's "active" stays the lifecycle word.
  CHECK(std::string(tr_choice("contract", "status", "active")) == "生效");
  CHECK(std::string(tr_choice("customer", "status", "active")) == "活跃客户");
  CHECK(std::string(tr_choice("", "", "active")) == "活跃客户");
  CHECK(std::string(tr_choice("sales_order", "status", "open")) == "待交付");
  // A code without a context entry falls back to the bare code's words.
  CHECK(std::string(tr_choice("contract", "status", "draft")) == "草稿");
  set_language(Language::kRussian);
  CHECK(std::string(tr_choice("contract", "status", "active")) == "Действует");
  set_language(Language::kEnglish);
  CHECK(std::string(tr_choice("contract", "status", "active")) == "Active");
  CHECK(std::string(tr_choice("receipt", "method", "cash")) == "Cash");
}
