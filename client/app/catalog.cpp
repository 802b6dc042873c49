#include "app/catalog.h"

#include <cstdarg>
#include <cstdio>
#include <cstring>
#include <string_view>
#include <unordered_map>

namespace crm {

// Pairs of key and text, ending in a null key: catalog_en.cpp (codes and singulars),
// catalog_zh_cn.cpp, catalog_ru.cpp.
extern const char* const kEnglishLabels[][2];
extern const char* const kEnglishSingular[][2];
extern const char* const kChineseSimplified[][2];
extern const char* const kRussian[][2];
// Module catalogues: rows of {key, English (null: the key is the English text), Chinese,
// Russian}, ending in a null key, one file per module (catalog_sales.cpp, ...), so a module's
// words live together and a new module adds a file and a line below instead of editing the
// language tables.
extern const char* const kSalesCatalog[][4];
extern const char* const kPoolCatalog[][4];
extern const char* const kLeadsCatalog[][4];
extern const char* const kPipelineCatalog[][4];
extern const char* const kSales2Catalog[][4];
extern const char* const kCommissionCatalog[][4];
extern const char* const kQuotesCatalog[][4];
extern const char* const kContractsCatalog[][4];
constexpr const char* const (*kModuleCatalogs[])[4] = {kSalesCatalog, kPoolCatalog,   kLeadsCatalog,
                                                              kPipelineCatalog, kSales2Catalog, kCommissionCatalog,
                                                              kQuotesCatalog, kContractsCatalog};

namespace {

Language g_language = Language::kEnglish;
using Table = std::unordered_map<std::string_view, const char*>;

// `column`: 1 English, 2 Chinese, 3 Russian in the module catalogues.
Table make(const char* const pairs[][2], int column) {
  Table t;
  for (size_t i = 0; pairs[i][0]; ++i) t.emplace(pairs[i][0], pairs[i][1]);
  for (const auto* rows : kModuleCatalogs)
    for (size_t i = 0; rows[i][0]; ++i)
      if (rows[i][column]) t.emplace(rows[i][0], rows[i][column]);
  return t;
}

const Table& table(Language l) {
  static const Table en = make(kEnglishLabels, 1), zh = make(kChineseSimplified, 2), ru = make(kRussian, 3);
  switch (l) {
    case Language::kChineseSimplified: return zh;
    case Language::kRussian: return ru;
    case Language::kEnglish: break;
  }
  return en;
}

const Table& singular() {
  static const Table t = [] {
    Table s;
    for (size_t i = 0; kEnglishSingular[i][0]; ++i) s.emplace(kEnglishSingular[i][0], kEnglishSingular[i][1]);
    return s;
  }();
  return t;
}

std::string vformat(const char* fmt, va_list args) {
  va_list copy;
  va_copy(copy, args);
  const int n = std::vsnprintf(nullptr, 0, fmt, copy);
  va_end(copy);
  std::string out(n > 0 ? static_cast<size_t>(n) : 0, '\0');
  if (n > 0) std::vsnprintf(out.data(), out.size() + 1, fmt, args);
  return out;
}

}  // namespace

void set_language(Language l) { g_language = l; }
Language language() { return g_language; }

Language language_from_code(const std::string& code) {
  if (code == "zh-CN" || code == "zh") return Language::kChineseSimplified;
  if (code == "ru" || code == "ru-RU") return Language::kRussian;
  return Language::kEnglish;
}

namespace {

struct LanguageInfo {
  Language language;
  const char* code;
  const char* name;
};
constexpr LanguageInfo kLanguages[] = {{Language::kEnglish, "en", "English"},
                                       {Language::kChineseSimplified, "zh-CN", "简体中文"},
                                       {Language::kRussian, "ru", "Русский"}};

const LanguageInfo& info(Language l) {
  for (const auto& i : kLanguages)
    if (i.language == l) return i;
  return kLanguages[0];
}

}  // namespace

const char* language_code(Language l) { return info(l).code; }
const char* language_name(Language l) { return info(l).name; }

const char* tr(const char* key) {
  const Table& t = table(g_language);
  auto it = t.find(key);
  if (it != t.end()) return it->second;
  // A code missing from another language still reads as English words, not as a code.
  if (g_language != Language::kEnglish) {
    auto en = table(Language::kEnglish).find(key);
    if (en != table(Language::kEnglish).end()) return en->second;
  }
  return key;
}

const char* tr_choice(const std::string& entity, const std::string& field, const std::string& code) {
  if (!entity.empty()) {
    const std::string key = entity + "." + field + "." + code;
    for (Language l : {g_language, Language::kEnglish}) {
      const Table& t = table(l);
      if (auto it = t.find(key); it != t.end()) return it->second;
    }
  }
  return tr(code.c_str());
}

std::string trf(const char* english_format, ...) {
  va_list args;
  va_start(args, english_format);
  std::string out = vformat(tr(english_format), args);
  va_end(args);
  return out;
}

int plural_form(Language l, long long n) {
  const long long a = n < 0 ? -n : n;
  switch (l) {
    case Language::kRussian:
      if (a % 10 == 1 && a % 100 != 11) return 0;
      if (a % 10 >= 2 && a % 10 <= 4 && (a % 100 < 12 || a % 100 > 14)) return 1;
      return 2;
    case Language::kChineseSimplified: return 0;
    case Language::kEnglish: break;
  }
  return a == 1 ? 0 : 1;
}

std::string trp(const char* english_plural_format, long long n) {
  std::string forms;
  int index = plural_form(g_language, n);
  if (g_language == Language::kEnglish) {
    auto it = singular().find(english_plural_format);
    forms = index == 0 && it != singular().end() ? it->second : english_plural_format;
    index = 0;
  } else {
    forms = tr(english_plural_format);
  }
  // The index-th of the '|'-separated forms (the last one if there are fewer).
  size_t start = 0;
  for (int i = 0; i < index; ++i) {
    const size_t bar = forms.find('|', start);
    if (bar == std::string::npos) break;
    start = bar + 1;
  }
  const size_t end = forms.find('|', start);
  const std::string fmt = forms.substr(start, end == std::string::npos ? std::string::npos : end - start);
  const bool wide = fmt.find("%lld") != std::string::npos;
  char buf[512];
  if (wide) std::snprintf(buf, sizeof buf, fmt.c_str(), n);
  else std::snprintf(buf, sizeof buf, fmt.c_str(), static_cast<int>(n));
  return buf;
}

std::string all_translated_text() {
  std::string out;
  for (const auto* pairs : {kEnglishLabels, kChineseSimplified, kRussian})
    for (size_t i = 0; pairs[i][0]; ++i) out += pairs[i][1];
  // The modules' words too (逾 of 逾期 is not among the common Chinese glyphs).
  for (const auto* module : kModuleCatalogs)
    for (size_t i = 0; module[i][0]; ++i)
      for (int c = 1; c < 4; ++c)
        if (module[i][c]) out += module[i][c];
  return out;
}

std::vector<std::string> untranslated(const std::vector<std::string>& keys, Language l) {
  std::vector<std::string> out;
  for (const auto& k : keys)
    if (!table(l).count(k)) out.push_back(k);
  return out;
}

std::string translation(const std::string& key, Language l) {
  auto it = table(l).find(key);
  return it == table(l).end() ? key : it->second;
}

}  // namespace crm
