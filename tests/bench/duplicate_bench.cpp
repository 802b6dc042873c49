// Duplicate check on save (issue 13): how long DuplicateIndex::matches takes at N customers,
// against the reference of scoring every held name (pre-computed keys, no index) in the same run.
// Usage: duplicate_bench [customers] [checks]
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <string>
#include <vector>

#include "core/utf8.h"
#include "sales/duplicate_match.h"

using namespace crm::sales;
using Clock = std::chrono::steady_clock;

namespace {

// Names in the three scripts our users write, with legal forms, so keys and bigrams look real.
std::string make_name(std::mt19937& rng) {
  static const char* latin[] = {"ac", "me", "glo", "bex", "ini", "tech", "sys", "tem", "nor", "dic", "ver", "tex",
                                "sol", "ar", "mar", "ket", "lo", "gis", "ti", "ka"};
  static const char* cjk[] = {"华", "为", "北", "京", "上", "海", "科", "技", "发", "展", "贸", "易", "电", "子",
                              "机", "械", "信", "息", "东", "方", "新", "星", "宏", "达", "兴", "隆"};
  static const char* cyr[] = {"ро", "маш", "ка", "сбер", "банк", "тех", "но", "лог", "ин", "вест", "строй", "торг"};
  static const char* forms_l[] = {" GmbH", " Ltd.", " Inc.", " Co., Ltd.", ""};
  static const char* forms_c[] = {"有限公司", "股份有限公司", "集团", ""};
  static const char* forms_r[] = {"ООО «", "ЗАО «", "ПАО «", ""};
  std::string s;
  switch (rng() % 3) {
    case 0:
      for (int i = 0, n = 2 + static_cast<int>(rng() % 3); i < n; ++i) s += latin[rng() % 20];
      s += " ";
      for (int i = 0, n = 2 + static_cast<int>(rng() % 2); i < n; ++i) s += latin[rng() % 20];
      s[0] = static_cast<char>(s[0] - 32);
      return s + forms_l[rng() % 5];
    case 1:
      for (int i = 0, n = 4 + static_cast<int>(rng() % 4); i < n; ++i) s += cjk[rng() % 26];
      return s + forms_c[rng() % 4];
    default: {
      const std::string form = forms_r[rng() % 4];
      for (int i = 0, n = 2 + static_cast<int>(rng() % 3); i < n; ++i) s += cyr[rng() % 12];
      return form.empty() ? s : form + s + "»";
    }
  }
}

double percentile(std::vector<double> v, double p) {
  std::sort(v.begin(), v.end());
  return v[std::min(v.size() - 1, static_cast<size_t>(p * static_cast<double>(v.size())))];
}

}  // namespace

int main(int argc, char** argv) {
  const int n = argc > 1 ? std::atoi(argv[1]) : 100000;
  const int checks = argc > 2 ? std::atoi(argv[2]) : 500;
  std::mt19937 rng(1);
  std::vector<MatchProbe> records;
  records.reserve(n);
  for (int i = 0; i < n; ++i) {
    records.push_back({"c" + std::to_string(i), make_name(rng), {"+86 138 " + std::to_string(10000000 + i)},
                       {"info" + std::to_string(i) + "@example.com"}});
  }

  auto t0 = Clock::now();
  DuplicateIndex index("86");
  for (const auto& r : records) index.put(r);
  const double build_ms = std::chrono::duration<double, std::milli>(Clock::now() - t0).count();

  // Reference: the same scores by scanning every pre-computed key.
  std::vector<std::u32string> keys;
  keys.reserve(n);
  for (const auto& r : records) keys.push_back(name_key(r.name));

  std::vector<double> indexed, scanned;
  size_t found = 0, found_ref = 0;
  for (int i = 0; i < checks; ++i) {
    // Half typed again with another legal form, half new names.
    const auto& base = records[rng() % records.size()];
    MatchProbe probe{"new", i % 2 ? base.name + " Co." : make_name(rng), {"13900000000"}, {}};
    auto a = Clock::now();
    found += index.matches(probe, records.size()).size();
    auto b = Clock::now();
    const auto key = name_key(probe.name);
    for (const auto& k : keys) found_ref += name_similarity(key, k) >= 0.8;
    auto c = Clock::now();
    indexed.push_back(std::chrono::duration<double, std::milli>(b - a).count());
    scanned.push_back(std::chrono::duration<double, std::milli>(c - b).count());
  }
  const double med = percentile(indexed, 0.5), ref = percentile(scanned, 0.5);
  std::printf("duplicate_bench: %d customers, %d checks (index built in %.0f ms)\n", n, checks, build_ms);
  std::printf("  check on save: median %.3f ms, p95 %.3f ms (aim < 30 ms)\n", med, percentile(indexed, 0.95));
  std::printf("  reference, scoring every name: median %.3f ms\n", ref);
  std::printf("  ratio index/reference: %.4f (name matches %zu, by scanning %zu: %s)\n", med / ref, found, found_ref,
              found == found_ref ? "the same" : "DIFFERENT");
  return found == found_ref ? 0 : 1;
}
