#include <catch2/catch.hpp>

#include "crdt/record_codec.h"
#include "test_records.h"

using namespace crm;

TEST_CASE("Record states round-trip through JSON, conflicts included", "[core][codec]") {
  RecordState a = test::customer();
  RecordState b = a;
  test::edit(a, "devA", 2000, {{"city", "Berlin"}});
  test::edit(b, "devB", 2001, {{"city", "Paris"}});
  RecordState m = merge(a, b);
  REQUIRE(m.fields.at("city").size() == 2);
  auto back = decode_record(Json::parse(encode_record(m).dump()));
  REQUIRE(back.ok());
  CHECK(back.value() == m);
}

TEST_CASE("Malformed records are rejected with malformed_record", "[core][codec]") {
  auto code = [](const char* text) { return decode_record(Json::parse(text)).error().code; };
  CHECK(code(R"([1,2])") == "malformed_record");
  CHECK(code(R"({"entity":"customer","id":"x","vv":{"a":-1},"fields":{}})") == "malformed_record");
  CHECK(code(R"({"entity":"customer","id":"x","vv":{},"fields":{"name":"Acme"}})") == "malformed_record");
  CHECK(code(R"({"entity":"customer","id":"x","vv":{"a":1},"fields":{"name":[{"v":"A","r":"a","c":0,"t":1}]}})") ==
        "malformed_record");
  CHECK(code(R"({"entity":"customer","id":"x","vv":{"a":1},"fields":{"name":[{"v":"A","r":"a","c":1}]}})") ==
        "malformed_record");
  CHECK(code(R"({"entity":"customer","id":"x","vv":{"a":1},
    "fields":{"name":[{"v":"A","r":"a","c":1,"t":1},{"v":"B","r":"a","c":1,"t":1}]}})") == "malformed_record");
  CHECK(code(R"({"entity":5,"id":"x","vv":{},"fields":{}})") == "malformed_record");
}

TEST_CASE("The direct text encoders write exactly what the JSON encoders write", "[core][codec]") {
  RecordState a = test::customer("Zoë \"Q\" 北京\n\\ \x01\x1f\t\b\f\r\x7f /");
  RecordState b = a;
  test::edit(a, "devA", 2000, {{"city", "Berlin"}, {"latitude", 52.5}, {"tags", Json::array({"a", "b"})}});
  test::edit(b, "devB", 2000, {{"city", nullptr}});
  RecordState m = merge(a, b);
  m.fields.at("city").back().hlc.logical = 7;
  CHECK(fields_text(m) == encode_fields(m).dump());
  CHECK(vv_text(m.vv) == encode_vv(m.vv).dump());
  CHECK(record_text(m.entity, m.id, vv_text(m.vv), fields_text(m)) == encode_record(m).dump());
}
