// The message catalogue: every string the UI shows goes through tr(), keyed by its English text
// (readable in the screens' code; a missing translation shows the English). Formats keep their
// printf placeholders in the same order in every language.
#pragma once

#include <string>
#include <vector>

namespace crm {

enum class Language { kEnglish, kChineseSimplified };

void set_language(Language language);
Language language();
// "en" / "zh-CN"; unknown codes give English.
Language language_from_code(const std::string& code);
const char* language_code(Language language);

const char* tr(const char* english);
// tr() of a format, then printf-style formatting.
std::string trf(const char* english_format, ...);

// Every translated text, concatenated: the characters a font atlas must hold.
std::string all_translated_text();

// The English keys that have no translation (for the catalogue test).
std::vector<std::string> untranslated(const std::vector<std::string>& keys);

}  // namespace crm
