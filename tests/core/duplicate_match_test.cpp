#include "sales/duplicate_match.h"

#include <catch2/catch.hpp>

#include <random>
#include <set>

#include "core/utf8.h"

using namespace crm::sales;

namespace {
std::string key(std::string_view name) { return crm::utf8_encode(name_key(name)); }
}  // namespace

TEST_CASE("Phone numbers compare with their country code", "[sales][duplicates]") {
  CHECK(normalise_phone("+86 138-1234-5678", "86") == "+8613812345678");
  CHECK(normalise_phone("138 1234 5678", "86") == "+8613812345678");
  CHECK(normalise_phone("86 13812345678", "86") == "+8613812345678");
  CHECK(normalise_phone("0086 138 1234 5678", "49") == "+8613812345678");
  CHECK(normalise_phone("（010）6552 9988", "86") == "+861065529988");  // full-width brackets
  CHECK(normalise_phone("030 / 123 456-7", "49") == "+49301234567");
  CHECK(normalise_phone("+49 (0)30 1234567", "86") == "+490301234567");
  CHECK(normalise_phone("8 (912) 345-67-89", "7") == "+79123456789");
  CHECK(normalise_phone("+7 912 345 67 89", "86") == "+79123456789");
  CHECK(normalise_phone("+1 415 555 0100 ext. 12", "1") == "+14155550100");
  CHECK(normalise_phone("021-5555 1234 转 8", "86") == "+862155551234");
  CHECK(normalise_phone("８ ９１２ ３４５ ６７ ８９", "7") == "+79123456789");  // full-width digits
  CHECK(normalise_phone("1234", "86").empty());
  CHECK(normalise_phone("", "86").empty());
  CHECK(normalise_phone("n/a", "86").empty());
}

TEST_CASE("E-mail addresses compare trimmed and lower-cased", "[sales][duplicates]") {
  CHECK(normalise_email("  Li.Wei@Example.COM ") == "li.wei@example.com");
  CHECK(normalise_email("not an address").empty());
}

TEST_CASE("Name keys drop legal forms in Latin, Chinese and Cyrillic names", "[sales][duplicates]") {
  CHECK(key("Huawei Technologies Co., Ltd.") == "huaweitechnologies");
  CHECK(key("HUAWEI TECHNOLOGIES") == "huaweitechnologies");
  CHECK(key("Müller GmbH & Co. KG") == "müller");
  CHECK(key("MÜLLER") == "müller");
  CHECK(key("北京华为技术有限公司") == "北京华为技术");
  CHECK(key("北京华为技术股份有限公司") == "北京华为技术");
  CHECK(key("华为集团有限公司") == "华为");
  CHECK(key("ООО «Ромашка»") == "ромашка");
  CHECK(key("Общество с ограниченной ответственностью \"Ромашка\"") == "ромашка");
  CHECK(key("ПАО Сбербанк") == "сбербанк");
  CHECK(key("Ёлка") == key("Елка"));
  CHECK(key("ＡＢＣ　Trading") == "abctrading");
  // A name that is only a legal form keeps itself rather than matching every other such name.
  CHECK(key("Ltd") == "ltd");
  CHECK(key("公司") == "公司");
  CHECK(key("").empty());
}

TEST_CASE("Name similarity scores close spellings high and different names low", "[sales][duplicates]") {
  using Catch::Matchers::WithinAbs;
  CHECK(name_similarity(name_key("Acme Corp"), name_key("ACME Corporation")) == 1.0);
  CHECK(name_similarity(name_key("Acme Industrial Supplies"), name_key("Acme Industrial Supply")) > 0.8);
  CHECK(name_similarity(name_key("上海浦东发展银行"), name_key("上海浦东发展银行股份有限公司")) == 1.0);
  CHECK(name_similarity(name_key("上海浦东发展银行"), name_key("上海浦东发展")) > 0.8);
  CHECK(name_similarity(name_key("Ромашка"), name_key("Ромашко")) > 0.8);
  CHECK(name_similarity(name_key("Acme"), name_key("Globex")) < 0.2);
  CHECK(name_similarity(name_key("北京华为"), name_key("上海华为")) < 0.8);
  CHECK_THAT(name_similarity(name_key("ab"), name_key("abc")), WithinAbs(2.0 / 3.0, 1e-9));
  CHECK(name_similarity(name_key(""), name_key("x")) == 0);
}

TEST_CASE("The duplicate index finds records by phone, e-mail or a similar name", "[sales][duplicates]") {
  DuplicateIndex index("86");
  index.put({"c1", "北京华为技术有限公司", {"010-6552 9988"}, {}});
  index.put({"c2", "Acme Industrial Supplies", {}, {"Sales@Acme.example"}});
  index.put({"c3", "Globex", {"+86 138 1234 5678"}, {}});
  REQUIRE(index.size() == 3);

  SECTION("same phone typed differently") {
    auto m = index.matches({"new", "Something else", {"8613812345678"}, {}});
    REQUIRE(m.size() == 1);
    CHECK(m[0].id == "c3");
    CHECK(m[0].reasons == kSamePhone);
  }
  SECTION("same e-mail, similar name: one match with both reasons") {
    auto m = index.matches({"new", "ACME Industrial Supply", {}, {" sales@acme.example"}});
    REQUIRE(m.size() == 1);
    CHECK(m[0].id == "c2");
    CHECK(m[0].reasons == (kSameEmail | kSimilarName));
    CHECK(m[0].name_score > 0.8);
  }
  SECTION("a Chinese name without its legal form") {
    auto m = index.matches({"new", "北京华为技术", {}, {}});
    REQUIRE(m.size() == 1);
    CHECK(m[0].id == "c1");
    CHECK(m[0].reasons == kSimilarName);
  }
  SECTION("a record never matches itself, and an edit replaces what was indexed") {
    CHECK(index.matches({"c3", "Globex", {"+8613812345678"}, {}}).empty());
    index.put({"c3", "Initech", {"+1 415 555 0100"}, {}});
    CHECK(index.matches({"new", "Globex", {"+8613812345678"}, {}}).empty());
    CHECK(index.matches({"new", "Initech", {}, {}}).size() == 1);
  }
  SECTION("removed records are not found") {
    index.remove("c1");
    index.remove("c1");
    CHECK(index.matches({"new", "北京华为技术", {"010 65529988"}, {}}).empty());
    CHECK(index.size() == 2);
    index.put({"c4", "北京华为技术", {}, {}});  // reuses the freed slot
    CHECK(index.matches({"new", "北京华为技术有限公司", {}, {}}).size() == 1);
  }
  SECTION("phone and e-mail matches come before name matches") {
    index.put({"c5", "Globex Corporation", {}, {}});
    auto m = index.matches({"new", "Globex", {"13812345678"}, {}});
    REQUIRE(m.size() == 2);
    CHECK(m[0].id == "c3");
    CHECK(m[1].id == "c5");
  }
}

TEST_CASE("The index finds exactly the names that scoring every record finds", "[sales][duplicates]") {
  // Short names from a small mixed alphabet, so many pairs are near the threshold.
  const std::vector<std::string> letters = {"a", "b", "c", "d", "华", "为", "技", "ро", "м", "ка", " ", "Ltd"};
  std::mt19937 rng(7);
  auto name = [&] {
    std::string s;
    for (int i = 0, n = 1 + static_cast<int>(rng() % 6); i < n; ++i) s += letters[rng() % letters.size()];
    return s;
  };
  DuplicateIndex index("86");
  std::vector<MatchProbe> held;
  for (int i = 0; i < 1500; ++i) {
    held.push_back({"r" + std::to_string(i), name(), {}, {}});
    index.put(held.back());
  }
  for (int i = 0; i < 300; i += 3) index.remove("r" + std::to_string(i));
  for (int p = 0; p < 200; ++p) {
    const MatchProbe probe{"probe", name(), {}, {}};
    const auto key = name_key(probe.name);
    std::set<std::string> expected, got;
    for (int i = 0; i < 1500; ++i) {
      if (i < 300 && i % 3 == 0) continue;
      if (name_similarity(key, name_key(held[i].name)) >= 0.8) expected.insert(held[i].id);
    }
    for (const auto& m : index.matches(probe, 100000)) got.insert(m.id);
    INFO(probe.name);
    CHECK(got == expected);
  }
}
