// CustomerDirectory: the in-memory customer list the app shows and searches, loaded from the
// store and kept current from the replica's change observer.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>
#include <unistd.h>
#include <vector>

#include "app/customer_directory.h"
#include "app/nearby.h"
#include "app/pinyin.h"
#include "core/clock.h"
#include "replica/replica.h"
#include "../core/test_replica.h"

using namespace crm;

namespace {

struct Device : TestReplica {
  CustomerDirectory dir;

  explicit Device(uint64_t seed, const std::string& path = ":memory:") : TestReplica(seed, path) {
    REQUIRE(dir.load(replica->store()).ok());
    replica->set_observer([this](const RecordState& s) { dir.on_change(s); });
  }

  std::string add(const std::string& name, const std::string& phone = {}, const std::string& city = {}) {
    FieldValues v{{"kind", "company"}, {"name", name}};
    if (!phone.empty()) v["phone"] = phone;
    if (!city.empty()) v["city"] = city;
    auto c = replica->create("customer", v);
    INFO(name << ": " << (c ? "" : c.error().code));
    REQUIRE(c.ok());
    clock.advance(1);
    return c->id;
  }

  // Names of the rows a search returns, in order.
  std::vector<std::string> names(const std::string& query) {
    std::vector<std::string> out;
    for (uint32_t i : dir.search(query)) out.push_back(dir.row(i).name);
    return out;
  }
};

using Names = std::vector<std::string>;

std::string temp_db_path() {
  return (std::filesystem::temp_directory_path() /
          ("crm-dir-test-" + std::to_string(getpid()) + "-" + std::to_string(std::rand()) + ".db"))
      .string();
}

}  // namespace

TEST_CASE("CustomerDirectory: load() reads live customers in name order", "[client][directory]") {
  const std::string path = temp_db_path();
  std::string deleted_id, acme_id;
  {
    Device d(1, path);
    d.add("Zeta Trading", "+49 30 1234567", "Berlin");
    acme_id = d.add("acme GmbH", "+49 89 7654321", "München");
    d.add("Beta Logistics", "", "Hamburg");
    deleted_id = d.add("Gone Ltd");
    d.add("Alpha", "", "");
    REQUIRE(d.replica->create("contact", {{"customer_id", acme_id}, {"name", "Hans"}}).ok());
    REQUIRE(d.replica->remove("customer", deleted_id).ok());
  }
  SeededRandom random(2);
  ManualClock clock;
  auto r = Replica::open(path, clock, random, OpenOptions{});
  REQUIRE(r.ok());
  CustomerDirectory dir;
  REQUIRE(dir.load(r.value()->store()).ok());
  REQUIRE(dir.size() == 4);  // no deleted customer, no contact
  CHECK(dir.find(deleted_id) == nullptr);
  const CustomerRow* acme = dir.find(acme_id);
  REQUIRE(acme);
  CHECK(acme->name == "acme GmbH");
  CHECK(acme->phone == "+49 89 7654321");
  CHECK(acme->city == "München");

  std::vector<std::string> names;
  for (uint32_t i : dir.search("")) names.push_back(dir.row(i).name);
  // Case-insensitive name order.
  CHECK(names == Names{"acme GmbH", "Alpha", "Beta Logistics", "Zeta Trading"});

  // Loading again replaces (does not append to) the rows.
  const uint64_t v = dir.version();
  REQUIRE(dir.load(r.value()->store()).ok());
  CHECK(dir.size() == 4);
  CHECK(dir.version() > v);
  dir.clear();
  CHECK(dir.size() == 0);
  CHECK(dir.search("").empty());
  r.value().reset();
  std::error_code ec;
  for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path + suffix, ec);
}

TEST_CASE("CustomerDirectory: search over name, phone and city, case-insensitive", "[client][directory]") {
  Device d(3);
  d.add("Acme GmbH", "+49 30 1234567", "Berlin");
  d.add("Beta Logistics", "+33 1 98765432", "Paris");
  d.add("Gamma Berlin Bakery", "+49 40 5555555", "Hamburg");
  d.add("张三贸易有限公司", "+86 10 88886666", "北京");
  d.add("李四科技", "+86 21 66668888", "上海");
  d.add("ACME Paris", "", "Lyon");
  REQUIRE(d.dir.size() == 6);

  SECTION("empty or blank query lists everyone, by name") {
    const Names all{"Acme GmbH", "ACME Paris", "Beta Logistics", "Gamma Berlin Bakery", "张三贸易有限公司",
                    "李四科技"};
    CHECK(d.names("").size() == 6);
    CHECK(d.names("   ") == d.names(""));
    CHECK(d.names("\t") == d.names(""));
    // Latin names ignoring case; Chinese ones after them, in UTF-8 byte (code point) order.
    CHECK(d.names("") == all);
  }
  SECTION("by name, any case") {
    CHECK(d.names("acme") == Names{"Acme GmbH", "ACME Paris"});
    CHECK(d.names("ACME") == Names{"Acme GmbH", "ACME Paris"});
    CHECK(d.names("aCmE gMbH") == Names{"Acme GmbH"});
    CHECK(d.names("logist") == Names{"Beta Logistics"});
  }
  SECTION("by phone") {
    CHECK(d.names("+49") == Names{"Acme GmbH", "Gamma Berlin Bakery"});
    CHECK(d.names("98765") == Names{"Beta Logistics"});
  }
  SECTION("by city") {
    CHECK(d.names("hamburg") == Names{"Gamma Berlin Bakery"});
    CHECK(d.names("lyon") == Names{"ACME Paris"});
    // "berlin" is Acme's city and part of Gamma's name.
    CHECK(d.names("berlin") == Names{"Acme GmbH", "Gamma Berlin Bakery"});
    // "paris": Beta's city, the name of the second ACME.
    CHECK(d.names("Paris") == Names{"ACME Paris", "Beta Logistics"});
  }
  SECTION("every term must match, in any field and any order") {
    CHECK(d.names("acme berlin") == Names{"Acme GmbH"});
    CHECK(d.names("berlin acme") == Names{"Acme GmbH"});
    CHECK(d.names("  acme    lyon  ") == Names{"ACME Paris"});
    CHECK(d.names("acme\tparis") == Names{"ACME Paris"});
    CHECK(d.names("acme hamburg").empty());
    CHECK(d.names("+49 bakery") == Names{"Gamma Berlin Bakery"});
  }
  SECTION("Chinese substrings match") {
    CHECK(d.names("张三") == Names{"张三贸易有限公司"});
    CHECK(d.names("贸易") == Names{"张三贸易有限公司"});
    CHECK(d.names("有限公司") == Names{"张三贸易有限公司"});
    CHECK(d.names("北京") == Names{"张三贸易有限公司"});
    CHECK(d.names("张三 北京") == Names{"张三贸易有限公司"});
    CHECK(d.names("上海") == Names{"李四科技"});
    CHECK(d.names("+86") == Names{"张三贸易有限公司", "李四科技"});
    CHECK(d.names("张四").empty());
    CHECK(d.names("张三 上海").empty());
  }
  SECTION("no match") {
    CHECK(d.names("nobody").empty());
    CHECK(d.names("acme nobody").empty());
  }
  SECTION("the name, phone and city boundaries are not bridged by a term") {
    // "GmbH" ends the name and "+49" starts the phone: no term spans both.
    CHECK(d.names("gmbh+49").empty());
    CHECK(d.names("gmbh +49") == Names{"Acme GmbH"});
  }
}

TEST_CASE("CustomerDirectory: edits, renames and deletes are reflected", "[client][directory]") {
  Device d(4);
  const std::string a = d.add("Acme", "+49 30 1234567", "Berlin");
  const std::string b = d.add("Beta", "", "Paris");
  const std::string c = d.add("Gamma", "", "Rome");
  CHECK(d.names("") == Names{"Acme", "Beta", "Gamma"});

  SECTION("a city change is found by its new city only") {
    REQUIRE(d.replica->update("customer", b, {{"city", "Madrid"}}).ok());
    CHECK(d.names("madrid") == Names{"Beta"});
    CHECK(d.names("paris").empty());
    CHECK(d.dir.find(b)->city == "Madrid");
  }
  SECTION("a phone set, then cleared") {
    REQUIRE(d.replica->update("customer", c, {{"phone", "+39 06 1234567"}}).ok());
    CHECK(d.names("+39") == Names{"Gamma"});
    REQUIRE(d.replica->update("customer", c, {{"phone", nullptr}}).ok());
    CHECK(d.names("+39").empty());
    CHECK(d.dir.find(c)->phone.empty());
  }
  SECTION("a rename moves the row to its new place in name order") {
    REQUIRE(d.replica->update("customer", a, {{"name", "Zulu Holdings"}}).ok());
    CHECK(d.names("") == Names{"Beta", "Gamma", "Zulu Holdings"});
    CHECK(d.names("acme").empty());
    CHECK(d.names("zulu") == Names{"Zulu Holdings"});
    // Its phone and city still find it.
    CHECK(d.names("berlin") == Names{"Zulu Holdings"});
    REQUIRE(d.replica->update("customer", a, {{"name", "Aardvark"}}).ok());
    CHECK(d.names("") == Names{"Aardvark", "Beta", "Gamma"});
  }
  SECTION("a deleted customer vanishes") {
    REQUIRE(d.replica->remove("customer", a).ok());
    CHECK(d.dir.size() == 2);
    CHECK(d.dir.find(a) == nullptr);
    CHECK(d.names("") == Names{"Beta", "Gamma"});
    CHECK(d.names("acme").empty());
    CHECK(d.names("berlin").empty());
    // The other rows are still found by id after the removal reshuffled them.
    REQUIRE(d.dir.find(b));
    CHECK(d.dir.find(b)->name == "Beta");
    REQUIRE(d.dir.find(c));
    CHECK(d.dir.find(c)->name == "Gamma");
    // Deleting the rest, in the middle first.
    REQUIRE(d.replica->remove("customer", b).ok());
    CHECK(d.names("") == Names{"Gamma"});
    REQUIRE(d.replica->remove("customer", c).ok());
    CHECK(d.names("").empty());
    CHECK(d.dir.size() == 0);
  }
  SECTION("new customers join in name order") {
    d.add("Delta");
    d.add("Alpha");
    CHECK(d.names("") == Names{"Acme", "Alpha", "Beta", "Delta", "Gamma"});
    CHECK(d.names("a") == Names{"Acme", "Alpha", "Beta", "Delta", "Gamma"});
    CHECK(d.names("lt") == Names{"Delta"});
  }
  SECTION("a contact's name, mobile or e-mail finds its customer; other records do not touch the list") {
    auto contact = d.replica->create("contact", {{"customer_id", a}, {"name", "Wang Fang"}, {"mobile", "+86 138 0013 8000"},
                                                 {"email", "Wang.Fang@example.cn"}});
    REQUIRE(contact.ok());
    CHECK(d.dir.size() == 3);
    CHECK(d.names("wang") == Names{"Acme"});
    CHECK(d.names("0013 8000") == Names{"Acme"});
    CHECK(d.names("13800138000") == Names{"Acme"});  // digits as typed, without the spaces
    CHECK(d.names("wang.fang@example") == Names{"Acme"});
    CHECK(d.names("fang acme") == Names{"Acme"});
    // The contact moves to another customer, then goes away.
    REQUIRE(d.replica->update("contact", contact.value().id, {{"customer_id", b}}).ok());
    CHECK(d.names("wang") == Names{"Beta"});
    REQUIRE(d.replica->remove("contact", contact.value().id).ok());
    CHECK(d.names("wang").empty());
    const uint64_t v = d.dir.version();
    REQUIRE(d.replica->create("activity", {{"customer_id", a}, {"kind", "call"}, {"subject", "Wang"},
                                           {"at", "2026-11-23T10:00:00Z"}}).ok());
    CHECK(d.dir.version() == v);
    CHECK(d.names("subject").empty());
  }
  SECTION("find() and row() agree after a search sorted the rows") {
    d.add("Aaron");
    const auto& hits = d.dir.search("");
    REQUIRE(hits.size() == 4);
    for (uint32_t i : hits) {
      const CustomerRow& row = d.dir.row(i);
      REQUIRE(d.dir.find(row.id) == &row);
    }
  }
}

TEST_CASE("CustomerDirectory: changes merged from another device are reflected", "[client][directory]") {
  Device mine(5), other(6);
  const std::string id = other.add("Remote Co", "", "Shenzhen");
  auto state = other.replica->store().get("customer", id);
  REQUIRE(state.ok());
  REQUIRE(state.value());
  REQUIRE(mine.replica->apply_remote(*state.value()).ok());
  CHECK(mine.names("shenzhen") == Names{"Remote Co"});

  auto renamed = other.replica->update("customer", id, {{"name", "深圳远程公司"}});
  REQUIRE(renamed.ok());
  REQUIRE(mine.replica->apply_remote(renamed.value()).ok());
  CHECK(mine.names("深圳") == Names{"深圳远程公司"});
  CHECK(mine.names("remote").empty());

  auto gone = other.replica->remove("customer", id);
  REQUIRE(gone.ok());
  REQUIRE(mine.replica->apply_remote(gone.value()).ok());
  CHECK(mine.dir.size() == 0);
  CHECK(mine.names("").empty());
}

TEST_CASE("CustomerDirectory: search results are cached until the rows change", "[client][directory]") {
  Device d(7);
  const std::string a = d.add("Acme", "", "Berlin");
  d.add("Beta", "", "Berlin");

  const uint64_t v0 = d.dir.version();
  CHECK(d.names("berlin") == Names{"Acme", "Beta"});
  // Searching changes nothing.
  CHECK(d.dir.version() == v0);
  const auto& first = d.dir.search("berlin");
  const auto& again = d.dir.search("berlin");
  CHECK(&first == &again);
  CHECK(again.size() == 2);
  CHECK(d.dir.version() == v0);

  // A change bumps the version, and the same query answers from the new rows.
  REQUIRE(d.replica->update("customer", a, {{"city", "Paris"}}).ok());
  const uint64_t v1 = d.dir.version();
  CHECK(v1 > v0);
  CHECK(d.names("berlin") == Names{"Beta"});

  const std::string c = d.add("Charlie", "", "Berlin");
  CHECK(d.dir.version() > v1);
  CHECK(d.names("berlin") == Names{"Beta", "Charlie"});

  REQUIRE(d.replica->remove("customer", c).ok());
  CHECK(d.names("berlin") == Names{"Beta"});

  // Switching queries and back recomputes correctly with no change in between.
  CHECK(d.names("paris") == Names{"Acme"});
  CHECK(d.names("berlin") == Names{"Beta"});

  // An update that changes nothing visible leaves the cached answer valid.
  const uint64_t v2 = d.dir.version();
  REQUIRE(d.replica->update("customer", a, {{"city", "Paris"}}).ok());
  CHECK(d.names("paris") == Names{"Acme"});
  CHECK(d.dir.version() >= v2);

  // Reloading from the store gives the same answers.
  REQUIRE(d.dir.load(d.replica->store()).ok());
  CHECK(d.names("berlin") == Names{"Beta"});
  CHECK(d.names("") == Names{"Acme", "Beta"});
}

TEST_CASE("CustomerDirectory: fold_case lower-cases ASCII only", "[client][directory]") {
  CHECK(fold_case("AbC xyZ 123") == "abc xyz 123");
  CHECK(fold_case("Straße MÜNCHEN") == "straße mÜnchen");
  CHECK(fold_case("张三ABC") == "张三abc");
  CHECK(fold_case("") == "");
}

TEST_CASE("CustomerDirectory: many customers stay ordered and searchable", "[client][directory]") {
  Device d(8);
  std::vector<std::string> ids;
  for (int i = 0; i < 300; ++i) {
    char name[32];
    std::snprintf(name, sizeof name, "Customer %03d", (i * 7919) % 300);
    ids.push_back(d.add(name, "", i % 2 ? "Odd City" : "Even Town"));
  }
  const Names all = d.names("");
  REQUIRE(all.size() == 300);
  CHECK(std::is_sorted(all.begin(), all.end()));
  CHECK(d.names("odd").size() == 150);
  // Two terms, each anywhere: 012, 112, 120..129, 212.
  CHECK(d.names("customer 12").size() == 13);
  CHECK(d.names("customer 012").size() == 1);
  for (int i = 0; i < 300; i += 3) REQUIRE(d.replica->remove("customer", ids[i]).ok());
  const Names left = d.names("");
  CHECK(left.size() == 200);
  CHECK(std::is_sorted(left.begin(), left.end()));
  for (int i = 1; i < 300; i += 3) REQUIRE(d.dir.find(ids[i]));
}

// Regression test: Chinese input methods in full-width mode type U+3000 IDEOGRAPHIC SPACE between
// words; it must separate terms like an ASCII space ("张三　北京" used to be one term).
TEST_CASE("CustomerDirectory: an ideographic space separates terms too",
          "[client][directory][regression]") {
  Device d(9);
  d.add("张三贸易有限公司", "", "北京");
  CHECK(d.names("张三 北京") == Names{"张三贸易有限公司"});  // ASCII space: works
  CHECK(d.names("张三\u3000北京") == Names{"张三贸易有限公司"});
}

TEST_CASE("Nearby customers: nearest first from the records' coordinates, also after a reload", "[client][directory]") {
  const std::string path = (std::filesystem::temp_directory_path() / ("nearby-" + std::to_string(getpid()) + ".db")).string();
  std::filesystem::remove(path);
  const GeoPoint here{31.2304, 121.4737};
  {
    Device d(7, path);
    auto at = [&](const std::string& name, double north_m) {
      auto c = d.replica->create("customer", {{"kind", "company"}, {"name", name}, {"latitude", here.latitude + north_m / 111320},
                                              {"longitude", here.longitude}});
      REQUIRE(c.ok());
    };
    at("Far", 5000);
    at("Near", 100);
    at("Middle", -900);
    d.add("No coordinates");
    auto near = nearest_customers(d.dir, here, 10);
    REQUIRE(near.size() == 3);
    CHECK(d.dir.row(near[0].row).name == "Near");
    CHECK(d.dir.row(near[1].row).name == "Middle");
    CHECK(d.dir.row(near[2].row).name == "Far");
    CHECK(near[0].distance_m == Approx(100).epsilon(0.01));
    CHECK(nearest_customers(d.dir, here, 2).size() == 2);
  }
  Device reopened(8, path);  // load() reads the coordinates back
  auto near = nearest_customers(reopened.dir, here, 10);
  REQUIRE(near.size() == 3);
  CHECK(reopened.dir.row(near[0].row).name == "Near");
  CHECK(near[2].distance_m == Approx(5000).epsilon(0.01));
  std::filesystem::remove(path);
}

TEST_CASE("CustomerDirectory: pinyin initials find a Chinese name, its contacts' too", "[client][directory]") {
  CHECK(pinyin_initials("王芳") == "wf");
  CHECK(pinyin_initials("上海 Acme 百货商店") == "shbhsd");
  CHECK(pinyin_initials("Acme, Ltd.") == "");
  CHECK(pinyin_initials("\xE4") == "");  // a cut-off sequence is skipped, not read past
  Device d(11);
  d.add("上海百货商店", "", "Shanghai");
  const std::string other = d.add("北京饭店");
  REQUIRE(d.replica->create("contact", {{"customer_id", other}, {"name", "王芳"}}).ok());
  CHECK(d.names("shbh") == Names{"上海百货商店"});
  CHECK(d.names("SHBH") == Names{"上海百货商店"});
  CHECK(d.names("wf") == Names{"北京饭店"});  // by its contact
  CHECK(d.names("bjfd") == Names{"北京饭店"});
}
