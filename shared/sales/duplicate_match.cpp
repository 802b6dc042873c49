#include "sales/duplicate_match.h"

#include <algorithm>
#include <unordered_set>
#include <cmath>

#include "core/utf8.h"

namespace crm::sales {
namespace {

bool is_digit(char32_t c) { return c >= U'0' && c <= U'9'; }

// Letters and digits of any script (CJK, Cyrillic, Latin, ...) count; punctuation, symbols and
// spaces separate words.
bool is_word_char(char32_t c) {
  if (c < 0x80) return (c >= U'a' && c <= U'z') || is_digit(c);
  if (c >= 0x2000 && c <= 0x206F) return false;  // general punctuation (dashes, quotes)
  if (c >= 0x3000 && c <= 0x303F) return false;  // CJK punctuation (、。「」)
  if (c >= 0xFF00 && c <= 0xFF65) return false;  // full-width punctuation left after folding
  if (c == 0xAB || c == 0xBB || c == 0xB7 || c == 0xA0) return false;  // « » · nbsp
  return true;
}

bool is_cjk(char32_t c) { return (c >= 0x3400 && c <= 0x9FFF) || (c >= 0xF900 && c <= 0xFAFF); }

// Whole words that name a legal form, folded to lower case. Multi-word forms are listed as their
// words' sequence.
const std::vector<std::u32string>& legal_words() {
  static const std::vector<std::u32string> words = {
      U"gmbh", U"mbh", U"ag", U"kg", U"ohg", U"ug", U"ev", U"co", U"corp", U"corporation",
      U"company", U"inc", U"incorporated", U"ltd", U"limited", U"llc", U"llp", U"lp", U"plc",
      U"sa", U"sas", U"sarl", U"srl", U"spa", U"bv", U"nv", U"oy", U"ab", U"aps", U"kk", U"pte",
      U"pty", U"sl", U"ооо", U"зао", U"оао", U"пао", U"ао", U"ип", U"нко", U"тоо", U"чп", U"гк",
  };
  return words;
}
const std::vector<std::vector<std::u32string>>& legal_phrases() {
  static const std::vector<std::vector<std::u32string>> phrases = {
      {U"общество", U"с", U"ограниченной", U"ответственностью"},
      {U"публичное", U"акционерное", U"общество"},
      {U"закрытое", U"акционерное", U"общество"},
      {U"открытое", U"акционерное", U"общество"},
      {U"акционерное", U"общество"},
      {U"индивидуальный", U"предприниматель"},
  };
  return phrases;
}
// Chinese legal forms end a name and are not separated by spaces: cut from the end, longest
// first, until none is left ("某某集团有限公司" loses both).
const std::vector<std::u32string>& cjk_suffixes() {
  static const std::vector<std::u32string> suffixes = {
      U"股份有限公司", U"有限责任公司", U"有限公司", U"股份公司", U"分公司", U"总公司", U"集团", U"公司",
  };
  return suffixes;
}

bool ends_with(const std::u32string& s, const std::u32string& suffix) {
  return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

std::vector<std::u32string> split_words(std::string_view name) {
  std::vector<std::u32string> words(1);
  for (char32_t c : utf8_decode(name)) {
    c = fold_case(c);
    if (c == 0x451) c = 0x435;  // ё reads as е in names
    const bool word = is_word_char(c) && c != U' ';
    // A CJK run and a Latin run are different words ("华为Huawei").
    if (word && !words.back().empty() && is_cjk(words.back().back()) != is_cjk(c)) words.emplace_back();
    if (word) words.back().push_back(c);
    else if (!words.back().empty()) words.emplace_back();
  }
  if (words.back().empty()) words.pop_back();
  return words;
}

void drop_legal_forms(std::vector<std::u32string>& words) {
  for (const auto& phrase : legal_phrases()) {
    for (size_t i = 0; i + phrase.size() <= words.size();) {
      if (std::equal(phrase.begin(), phrase.end(), words.begin() + i)) words.erase(words.begin() + i, words.begin() + i + phrase.size());
      else ++i;
    }
  }
  const auto& legal = legal_words();
  std::erase_if(words, [&](const std::u32string& w) { return std::find(legal.begin(), legal.end(), w) != legal.end(); });
  for (auto& w : words) {
    for (bool cut = true; cut;) {
      cut = false;
      for (const auto& suffix : cjk_suffixes()) {
        if (w.size() > suffix.size() && ends_with(w, suffix)) {
          w.resize(w.size() - suffix.size());
          cut = true;
        }
      }
    }
  }
}

std::vector<uint64_t> bigrams(const std::u32string& key) {
  std::vector<uint64_t> out;
  if (key.size() == 1) out.push_back(static_cast<uint64_t>(key[0]));
  for (size_t i = 0; i + 1 < key.size(); ++i) out.push_back((static_cast<uint64_t>(key[i]) << 32) | key[i + 1]);
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

double dice(const std::vector<uint64_t>& a, const std::vector<uint64_t>& b) {
  if (a.empty() || b.empty()) return 0;
  size_t common = 0;
  for (size_t i = 0, j = 0; i < a.size() && j < b.size();) {
    if (a[i] == b[j]) ++common, ++i, ++j;
    else if (a[i] < b[j]) ++i;
    else ++j;
  }
  return 2.0 * static_cast<double>(common) / static_cast<double>(a.size() + b.size());
}

template <class F>
std::vector<std::string> normalised(const std::vector<std::string>& values, F&& f) {
  std::vector<std::string> out;
  for (const auto& v : values) {
    auto n = f(v);
    if (!n.empty() && std::find(out.begin(), out.end(), n) == out.end()) out.push_back(std::move(n));
  }
  return out;
}

}  // namespace

std::string normalise_phone(std::string_view raw, std::string_view code) {
  std::string digits;
  bool plus = false;
  for (char32_t c : utf8_decode(raw)) {
    c = fold_case(c);  // full-width digits
    if (is_digit(c)) digits.push_back(static_cast<char>(c));
    else if (c == U'+' && digits.empty()) plus = true;
    else if (!digits.empty() && is_word_char(c)) break;  // "ext", "доб", "转": the extension follows
  }
  if (digits.size() < 5) return {};
  if (plus) return "+" + digits;
  if (digits.starts_with("00")) return "+" + digits.substr(2);
  if (code == "7" && digits.size() == 11 && digits[0] == '8') return "+7" + digits.substr(1);
  if (digits[0] == '0') return "+" + std::string(code) + digits.substr(digits.find_first_not_of('0'));
  // Typed with the country code but without "+": 86 138 1234 5678.
  if (!code.empty() && digits.starts_with(code) && digits.size() >= code.size() + 9) return "+" + digits;
  return "+" + std::string(code) + digits;
}

std::string normalise_email(std::string_view raw) {
  std::string out;
  for (char c : raw) {
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') continue;
    out.push_back(c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c);
  }
  return out.find('@') == std::string::npos ? std::string() : out;
}

std::u32string name_key(std::string_view name) {
  auto words = split_words(name);
  std::u32string whole;
  for (const auto& w : words) whole += w;
  drop_legal_forms(words);
  std::u32string key;
  for (const auto& w : words) key += w;
  return key.empty() ? whole : key;
}

double name_similarity(const std::u32string& a, const std::u32string& b) {
  if (a.empty() || b.empty()) return 0;
  if (a == b) return 1;
  return dice(bigrams(a), bigrams(b));
}

DuplicateIndex::DuplicateIndex(std::string code, double min_name_score)
    : calling_code_(std::move(code)), min_name_score_(min_name_score) {}

void DuplicateIndex::unlink(std::vector<uint32_t>& list, uint32_t slot) {
  auto it = std::find(list.begin(), list.end(), slot);
  if (it == list.end()) return;
  *it = list.back();
  list.pop_back();
}

void DuplicateIndex::remove(const std::string& id) {
  auto found = slot_of_.find(id);
  if (found == slot_of_.end()) return;
  const uint32_t slot = found->second;
  Entry& e = slots_[slot];
  for (const auto& p : e.phones) unlink(by_phone_[p], slot);
  for (const auto& m : e.emails) unlink(by_email_[m], slot);
  for (uint64_t g : e.bigrams) unlink(by_bigram_[g], slot);
  e = Entry{};
  free_.push_back(slot);
  slot_of_.erase(found);
}

void DuplicateIndex::put(const MatchProbe& record) {
  // Most changes of a record (its owner, status, notes) leave what is compared as it was: then
  // nothing is unlinked and linked again (unlinking scans a posting list, which for a common letter
  // pair holds most records: a sync updating every customer would be quadratic).
  std::u32string key = name_key(record.name);
  auto phones = normalised(record.phones, [&](const std::string& p) { return normalise_phone(p, calling_code_); });
  auto emails = normalised(record.emails, [](const std::string& m) { return normalise_email(m); });
  if (auto held = slot_of_.find(record.id); held != slot_of_.end()) {
    const Entry& e = slots_[held->second];
    if (e.key == key && e.phones == phones && e.emails == emails) return;
  }
  remove(record.id);
  uint32_t slot;
  if (!free_.empty()) {
    slot = free_.back();
    free_.pop_back();
  } else {
    slot = static_cast<uint32_t>(slots_.size());
    slots_.emplace_back();
  }
  Entry& e = slots_[slot];
  e.id = record.id;
  e.key = std::move(key);
  e.bigrams = bigrams(e.key);
  e.phones = std::move(phones);
  e.emails = std::move(emails);
  for (const auto& p : e.phones) by_phone_[p].push_back(slot);
  for (const auto& m : e.emails) by_email_[m].push_back(slot);
  for (uint64_t g : e.bigrams) by_bigram_[g].push_back(slot);
  slot_of_[record.id] = slot;
}

std::vector<DuplicateMatch> DuplicateIndex::matches(const MatchProbe& probe, size_t limit) const {
  const std::u32string key = name_key(probe.name);
  return find(probe.id, key, bigrams(key),
              normalised(probe.phones, [&](const std::string& v) { return normalise_phone(v, calling_code_); }),
              normalised(probe.emails, [](const std::string& v) { return normalise_email(v); }), limit);
}

std::vector<DuplicateMatch> DuplicateIndex::matches_of(const std::string& id, size_t limit) const {
  auto held = slot_of_.find(id);
  if (held == slot_of_.end()) return {};
  const Entry& e = slots_[held->second];
  return find(e.id, e.key, e.bigrams, e.phones, e.emails, limit);
}

std::vector<std::string> DuplicateIndex::ids() const {
  std::vector<std::string> out;
  out.reserve(slot_of_.size());
  for (const auto& [id, slot] : slot_of_) out.push_back(id);
  return out;
}

std::vector<DuplicateMatch> DuplicateIndex::find(const std::string& self, const std::u32string& key,
                                                 const std::vector<uint64_t>& grams,
                                                 const std::vector<std::string>& phones,
                                                 const std::vector<std::string>& emails, size_t limit) const {
  std::unordered_map<uint32_t, DuplicateMatch> found;
  auto mark = [&](uint32_t slot, unsigned reason) {
    const Entry& e = slots_[slot];
    if (e.id == self) return;
    auto& m = found[slot];
    m.id = e.id;
    m.reasons |= reason;
  };
  for (const auto& p : phones)
    if (auto it = by_phone_.find(p); it != by_phone_.end()) for (uint32_t s : it->second) mark(s, kSamePhone);
  for (const auto& m : emails)
    if (auto it = by_email_.find(m); it != by_email_.end()) for (uint32_t s : it->second) mark(s, kSameEmail);

  // A Dice score of t needs at least t*|A|/(2-t) shared pairs: records sharing fewer cannot reach
  // it and are never scored.
  if (!grams.empty()) {
    // Prefix filtering: a record sharing `need` of the probe's |A| pairs shares at least one of
    // any |A| - need + 1 of them, so only the postings of the rarest |A| - need + 1 pairs are read
    // for candidates (the common pairs of names like "Trading Shanghai 12" hold most records),
    // and each candidate is scored in full. A Dice score of t also bounds the candidate's number
    // of pairs: t|A|/(2-t) <= |B| <= (2-t)|A|/t.
    const double t = min_name_score_, n = static_cast<double>(grams.size());
    const size_t need = static_cast<size_t>(std::max(1.0, std::ceil(t * n / (2.0 - t) - 1e-9)));
    std::vector<std::pair<size_t, const std::vector<uint32_t>*>> lists;
    for (uint64_t g : grams)
      if (auto it = by_bigram_.find(g); it != by_bigram_.end()) lists.push_back({it->second.size(), &it->second});
    std::sort(lists.begin(), lists.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
    // Pairs the index does not hold count as rare ones that found nobody.
    const size_t absent = grams.size() - lists.size();
    const size_t read = grams.size() - need + 1 > absent ? grams.size() - need + 1 - absent : 0;
    const double min_len = t * n / (2.0 - t) - 1e-9, max_len = (2.0 - t) * n / t + 1e-9;
    std::unordered_set<uint32_t> candidates;
    for (size_t k = 0; k < read && k < lists.size(); ++k)
      for (uint32_t s : *lists[k].second) candidates.insert(s);
    for (uint32_t slot : candidates) {
      const Entry& e = slots_[slot];
      const double len = static_cast<double>(e.bigrams.size());
      if (len < min_len || len > max_len) continue;
      const double score = e.key == key ? 1.0 : dice(grams, e.bigrams);
      if (score + 1e-9 < min_name_score_) continue;
      mark(slot, kSimilarName);
      if (auto it = found.find(slot); it != found.end()) it->second.name_score = score;
    }
  }

  std::vector<DuplicateMatch> out;
  out.reserve(found.size());
  for (auto& [slot, m] : found) out.push_back(std::move(m));
  std::sort(out.begin(), out.end(), [](const DuplicateMatch& a, const DuplicateMatch& b) {
    const bool ca = a.reasons & (kSamePhone | kSameEmail), cb = b.reasons & (kSamePhone | kSameEmail);
    if (ca != cb) return ca;
    if (a.name_score != b.name_score) return a.name_score > b.name_score;
    return a.id < b.id;
  });
  if (out.size() > limit) out.resize(limit);
  return out;
}

}  // namespace crm::sales
