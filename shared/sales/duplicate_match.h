// Duplicate detection for leads and customers, on the device, before saving: a record whose
// normalised phone or e-mail equals one already held, or whose company name is very similar once
// legal-form words are removed ("Huawei Technologies Co., Ltd." ~ "HUAWEI TECHNOLOGIES",
// "北京华为技术有限公司" ~ "北京华为技术", "ООО «Ромашка»" ~ "Ромашка"), is a possible duplicate.
// Pure text rules plus an index kept in memory by the caller (a computed view), so a check at
// 100,000 customers looks at the few records that share a phone, an e-mail or name bigrams, not at
// all of them.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace crm::sales {

// "+<country code><number>" from what people type: spaces, dashes, dots, brackets dropped; "00"
// or "+" starts an international number; a national trunk prefix ("0", or "8" in Russia) is
// replaced by `default_calling_code` ("86", "49", "7"); text after the number ("ext. 12", "доб.
// 5", "转 8") is an extension and ignored. Empty when fewer than 5 digits remain (not comparable).
std::string normalise_phone(std::string_view raw, std::string_view default_calling_code);
// Trimmed and lower-cased; empty when it has no "@".
std::string normalise_email(std::string_view raw);
// The part of a company or person name that identifies it: case and width folded, punctuation,
// spaces and legal-form words (GmbH, Ltd., Inc., 有限公司, 集团, ООО, ЗАО, ...) removed. The
// whole folded name when nothing else is left.
std::u32string name_key(std::string_view name);
// 0..1: Dice coefficient of the two keys' letter pairs (1 when equal).
double name_similarity(const std::u32string& a, const std::u32string& b);

// What is compared of a record.
struct MatchProbe {
  std::string id;
  std::string name;
  std::vector<std::string> phones, emails;
};

enum MatchReason : unsigned { kSamePhone = 1, kSameEmail = 2, kSimilarName = 4 };

struct DuplicateMatch {
  std::string id;
  unsigned reasons = 0;  // MatchReason bits
  double name_score = 0;
};

class DuplicateIndex {
 public:
  explicit DuplicateIndex(std::string default_calling_code, double min_name_score = 0.8);

  // Adds the record, or replaces what was held for its id.
  void put(const MatchProbe& record);
  void remove(const std::string& id);
  size_t size() const { return slot_of_.size(); }

  // Records that may be the same as `probe` (never `probe.id` itself): phone and e-mail matches
  // first, then by name score, at most `limit`.
  std::vector<DuplicateMatch> matches(const MatchProbe& probe, size_t limit = 10) const;
  // The same for a record the index holds, as it holds it (nothing when it holds no `id`).
  std::vector<DuplicateMatch> matches_of(const std::string& id, size_t limit = 10) const;
  // The ids held, in no particular order.
  std::vector<std::string> ids() const;

 private:
  struct Entry {
    std::string id;  // empty: a free slot
    std::u32string key;
    std::vector<uint64_t> bigrams;  // distinct letter pairs of `key`
    std::vector<std::string> phones, emails;
  };
  using Postings = std::unordered_map<std::string, std::vector<uint32_t>>;

  static void unlink(std::vector<uint32_t>& list, uint32_t slot);
  std::vector<DuplicateMatch> find(const std::string& self, const std::u32string& key,
                                   const std::vector<uint64_t>& grams, const std::vector<std::string>& phones,
                                   const std::vector<std::string>& emails, size_t limit) const;

  std::string calling_code_;
  double min_name_score_;
  // Slots, not ids, in the postings: 100,000 records hold ~1M name postings.
  std::vector<Entry> slots_;
  std::vector<uint32_t> free_;
  std::unordered_map<std::string, uint32_t> slot_of_;
  Postings by_phone_, by_email_;
  std::unordered_map<uint64_t, std::vector<uint32_t>> by_bigram_;
};

}  // namespace crm::sales
