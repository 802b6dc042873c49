#include <catch2/catch.hpp>

#include "sync/message_decoder.h"
#include "sync/protocol.h"
#include "crdt/record_codec.h"
#include "test_records.h"

using namespace crm;

namespace {

std::string body_of(const std::vector<RecordState>& records) {
  return to_body(PushRequest{records});
}

std::string wrap(const std::string& record_json) { return R"({"protocol":1,"records":[)" + record_json + "]}"; }

}  // namespace

TEST_CASE("The streaming decoder gives the same records as the tree decoder", "[core][codec]") {
  RecordState a = test::customer("Zoë \"Q\" 北京");
  RecordState b = a;
  test::edit(a, "devA", 2000, {{"city", "Berlin"}, {"latitude", 52.5}, {"tags", Json::array({"a", "b"})}});
  test::edit(b, "devB", 2000, {{"city", nullptr}, {"notes", "x\ny"}});
  RecordState m = merge(a, b);
  RecordState tomb = test::customer("Gone");
  tomb.id = "0193f0a2-7c1e-7abc-8def-000000000002";
  test::edit(tomb, "devA", 3000, {{kDeletedField, Json{{"seen", Json{{"base", 1}}}}}});
  m.fields.at("city").back().hlc.logical = 9;
  m.normalize();
  const std::vector<RecordState> records = {m, tomb, test::customer()};

  auto decoded = decode_message(body_of(records), 10);
  REQUIRE(decoded.ok());
  CHECK(decoded->records == records);
  CHECK(decoded->envelope["protocol"] == 1);
  Json tree = Json::parse(body_of(records))["records"];
  REQUIRE(tree.size() == records.size());
  for (size_t i = 0; i < records.size(); ++i) CHECK(decode_record(tree[i]).value() == decoded->records[i]);
}

TEST_CASE("The streaming decoder keeps other top-level members and ignores unknown record members",
          "[core][codec]") {
  auto d = decode_message(R"({"protocol":1,"next_cursor":7,"has_more":true,"extra":{"a":[1,{"b":2}]},)"
                          R"("records":[{"entity":"customer","id":"x","note":{"deep":[1]},"vv":{"a":1},)"
                          R"("fields":{"name":[{"v":{"k":[1,2]},"r":"a","c":1,"t":5,"why":[0]}]}}]})",
                          10);
  REQUIRE(d.ok());
  CHECK(d->envelope["next_cursor"] == 7);
  CHECK(d->envelope["has_more"] == true);
  CHECK(d->envelope["extra"] == Json::parse(R"({"a":[1,{"b":2}]})"));
  REQUIRE(d->records.size() == 1);
  CHECK(d->records[0].fields.at("name").front().value == Json::parse(R"({"k":[1,2]})"));
}

TEST_CASE("The streaming decoder rejects what the tree decoder rejects", "[core][codec]") {
  const char* bad_records[] = {
      R"([1,2])",
      R"(7)",
      R"({"entity":"customer","id":"x","vv":{"a":-1},"fields":{}})",
      R"({"entity":"customer","id":"x","vv":[],"fields":{}})",
      R"({"entity":"customer","id":"x","vv":{},"fields":{"name":"Acme"}})",
      R"({"entity":"customer","id":"x","vv":{},"fields":{"name":[]}})",
      R"({"entity":"customer","id":"x","vv":{"a":1},"fields":{"name":[{"v":"A","r":"a","c":0,"t":1}]}})",
      R"({"entity":"customer","id":"x","vv":{"a":1},"fields":{"name":[{"v":"A","r":"a","c":1}]}})",
      R"({"entity":"customer","id":"x","vv":{"a":1},"fields":{"name":[{"v":"A","r":"","c":1,"t":1}]}})",
      R"({"entity":"customer","id":"x","vv":{"a":1},"fields":{"name":[{"v":"A","r":"a","c":"1","t":1}]}})",
      R"({"entity":"customer","id":"x","vv":{"a":1},"fields":{"name":[{"v":"A","r":"a","c":1,"t":{}}]}})",
      R"({"entity":"customer","id":"x","vv":{"a":1},"fields":{"name":[5]}})",
      R"({"entity":"customer","id":"x","vv":{"a":1},
          "fields":{"name":[{"v":"A","r":"a","c":1,"t":1},{"v":"B","r":"a","c":1,"t":1}]}})",
      R"({"entity":5,"id":"x","vv":{},"fields":{}})",
      R"({"id":"x","vv":{},"fields":{}})",
      R"({"entity":"customer","id":"x","fields":{}})",
      R"({"entity":"customer","id":"x","vv":{}})",
  };
  for (const char* rec : bad_records) {
    INFO(rec);
    auto tree = decode_record(Json::parse(rec));
    CHECK(tree.error().code == "malformed_record");
    auto streamed = decode_message(wrap(rec), 10);
    REQUIRE_FALSE(streamed.ok());
    CHECK(streamed.error().code == "malformed_record");
    CHECK(streamed.error().message.rfind("records[0]: ", 0) == 0);
  }
}

TEST_CASE("The streaming decoder reports message-level errors first", "[core][codec]") {
  CHECK(decode_message("{\"protocol\":1,\"records\":[", 10).error().code == "malformed_json");
  CHECK(decode_message("[1]", 10).error().code == "wrong_type");
  CHECK(decode_message(R"({"records":[]})", 10).error().code == "protocol_mismatch");
  CHECK(decode_message(R"({"protocol":2,"records":[]})", 10).error().code == "protocol_mismatch");
  CHECK(decode_message(R"({"protocol":1,"records":"x"})", 10).error().code == "wrong_type");
  CHECK(decode_message(R"({"protocol":1,"records":{"a":1}})", 10).error().code == "wrong_type");
  CHECK(decode_message(wrap("{},{},{}"), 2).error().code == "batch_too_large");
  CHECK(decode_message(R"({"protocol":1,"records":[{}],"x":)", 10).error().code == "malformed_json");
  CHECK(parse_push_body(R"({"protocol":1})").error().code == "wrong_type");
}
