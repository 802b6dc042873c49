// The message catalogue: every string the UI shows goes through tr(), keyed by its English text
// (readable in the screens' code; a missing translation shows the English), or, for a choice
// value or a warning, by its code ("company", "outside_geofence"), which the English table turns
// into words. Formats keep their printf placeholders in the same order in every language.
// Counts go through trp(): a translation may hold plural forms separated by '|' (Russian: one,
// few, many), and English takes its singular from its own table ("%d visits" -> "%d visit").
#pragma once

#include <string>
#include <vector>

namespace crm {

enum class Language { kEnglish, kChineseSimplified, kRussian };

void set_language(Language language);
Language language();
// "en" / "zh-CN" / "ru"; unknown codes give English.
Language language_from_code(const std::string& code);
const char* language_code(Language language);
// The language's name in itself ("English", "简体中文", "Русский"), as a language menu shows it.
const char* language_name(Language language);
inline constexpr Language kAllLanguages[] = {Language::kEnglish, Language::kChineseSimplified, Language::kRussian};

const char* tr(const char* english);
// The words for `code` as a value of `entity`.`field`: the key "<entity>.<field>.<code>" when a
// catalogue has it (a contract's "active" is 生效, a customer's 活跃客户), else tr(code). The
// result lives as long as `code` when neither is in a catalogue.
const char* tr_choice(const std::string& entity, const std::string& field, const std::string& code);
// tr() of a format, then printf-style formatting.
std::string trf(const char* english_format, ...);
// A count: `english_plural_format` has one %d (or %lld: pass the count as long long) for n.
std::string trp(const char* english_plural_format, long long n);
// The plural form index a language uses for n (English: 0 one, 1 other; Russian: 0 one, 1 few, 2 many).
int plural_form(Language language, long long n);

// Every translated text, concatenated: the characters a font atlas must hold.
std::string all_translated_text();

// The keys that have no translation in `language` (for the catalogue test).
std::vector<std::string> untranslated(const std::vector<std::string>& keys, Language language);
// The translation of `key` in `language` (the key itself if none), without formatting.
std::string translation(const std::string& key, Language language);

}  // namespace crm
