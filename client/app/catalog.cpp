#include "app/catalog.h"

#include <cstdarg>
#include <cstdio>
#include <cstring>
#include <string_view>
#include <unordered_map>

namespace crm {

// Defined in catalog_zh_cn.cpp: pairs of English key and Simplified Chinese text, ending in null.
extern const char* const kChineseSimplified[][2];

namespace {

Language g_language = Language::kEnglish;

const std::unordered_map<std::string_view, const char*>& chinese() {
  static const auto table = [] {
    std::unordered_map<std::string_view, const char*> t;
    for (size_t i = 0; kChineseSimplified[i][0]; ++i) t.emplace(kChineseSimplified[i][0], kChineseSimplified[i][1]);
    return t;
  }();
  return table;
}

}  // namespace

void set_language(Language l) { g_language = l; }
Language language() { return g_language; }

Language language_from_code(const std::string& code) {
  return code == "zh-CN" || code == "zh" ? Language::kChineseSimplified : Language::kEnglish;
}

const char* language_code(Language l) { return l == Language::kChineseSimplified ? "zh-CN" : "en"; }

const char* tr(const char* english) {
  if (g_language == Language::kEnglish) return english;
  auto it = chinese().find(english);
  return it == chinese().end() ? english : it->second;
}

std::string trf(const char* english_format, ...) {
  const char* fmt = tr(english_format);
  va_list args;
  va_start(args, english_format);
  va_list copy;
  va_copy(copy, args);
  const int n = std::vsnprintf(nullptr, 0, fmt, copy);
  va_end(copy);
  std::string out(n > 0 ? static_cast<size_t>(n) : 0, '\0');
  if (n > 0) std::vsnprintf(out.data(), out.size() + 1, fmt, args);
  va_end(args);
  return out;
}

std::string all_translated_text() {
  std::string out;
  for (size_t i = 0; kChineseSimplified[i][0]; ++i) out += kChineseSimplified[i][1];
  return out;
}

std::vector<std::string> untranslated(const std::vector<std::string>& keys) {
  std::vector<std::string> out;
  for (const auto& k : keys)
    if (!chinese().count(k)) out.push_back(k);
  return out;
}

}  // namespace crm
