// Every input limit of the sync server against a live crm-server: the body size, the batch size,
// a value's schema length, replica id length, JSON nesting depth, fields per record, writes per
// field and version-vector entries (docs/sync-protocol.md, "Limits"). Each violation must be a
// 400/413 JSON error {code, message} that stores nothing, and leave the server serving.
#include "crdt/record.h"
#include "server_fixture.h"
#include "crdt/merge.h"
#include "sync/message_decoder.h"
#include "sync/protocol.h"
#include "crdt/record_codec.h"

using namespace crm;
using namespace crm::test;

namespace {

// The protocol details this test depends on, in one place.
const std::string kDevice = "dev-limits";
const std::string kAdmin = "root";  // an admin sees every record, whatever the data scopes

RecordState customer(int n, const std::string& name) {
  RecordState s;
  s.entity = "customer";
  s.id = id_n(n);
  apply_local_write(s, kDevice, HlcStamp{1763000000000, 0}, {{"kind", "company"}, {"name", name}});
  return s;
}

std::string push_of(const std::vector<Json>& records) {
  Json a = Json::array();
  for (const auto& r : records) a.push_back(r);
  return Json{{"protocol", kProtocolVersion}, {"records", a}}.dump();
}

struct Client {
  LiveServer& s;
  std::string token;
  httplib::Result post(const std::string& path, const std::string& body, bool auth = true) {
    auto c = s.http();
    c.set_read_timeout(60, 0);
    httplib::Headers h;
    if (auth) h.emplace("Authorization", "Bearer " + token);
    return c.Post(path.c_str(), h, body, "application/json");
  }
  httplib::Result push(const std::string& body) { return post("/api/v1/push", body); }
  size_t stored() {
    auto res = post("/api/v1/pull", R"({"protocol":1,"cursor":0,"limit":1000})");
    REQUIRE(res);
    REQUIRE(res->status == 200);
    return Json::parse(res->body)["records"].size();
  }
  bool healthy() {
    auto c = s.http();
    auto res = c.Get("/api/v1/health");
    return res && res->status == 200;
  }
};

// Returns the error's message.
std::string expect_error(const httplib::Result& res, int status, const std::string& code) {
  REQUIRE(res);  // an answer, not a dropped connection
  INFO(res->body.substr(0, 300));
  CHECK(res->status == status);
  Json body = Json::parse(res->body, nullptr, false);
  REQUIRE(body.is_object());
  CHECK(body["code"] == code);
  REQUIRE(body["message"].is_string());
  CHECK_FALSE(body["message"].get<std::string>().empty());
  return body["message"].get<std::string>();
}

std::string nested(size_t depth) { return std::string(depth, '[') + std::string(depth, ']'); }

// A valid record with "name"'s write value replaced by raw JSON text.
std::string record_with_name_value(int n, const std::string& value_json) {
  std::string rec = encode_record(customer(n, "Placeholder")).dump();
  const std::string marker = "\"v\":\"Placeholder\"";
  rec.replace(rec.find(marker), marker.size(), "\"v\":" + value_json);
  return rec;
}

}  // namespace

TEST_CASE("Every input limit is a 4xx JSON error that stores nothing", "[server][limits]") {
  LiveServer s;
  auto added = run_command({server_binary(), "user", "add", kAdmin, "--role", "admin", "--data", s.data},
                           std::string(kPassword) + "\n");
  REQUIRE(added.exit_code == 0);
  Client api{s, s.token(kDevice, kAdmin)};
  REQUIRE(api.push(push_of({encode_record(customer(1, "Kept"))}))->status == 200);
  REQUIRE(api.stored() == 1);
  const Json good = encode_record(customer(2, "Would be stored"));

  SECTION("body over 8 MiB") {
    std::string huge = push_of({good});
    huge.insert(huge.size() - 1, ",\"padding\":\"" + std::string(8 * 1024 * 1024, 'x') + "\"");
    expect_error(api.push(huge), 413, "payload_too_large");
  }
  SECTION("more than 1000 records, objects or not") {
    std::vector<Json> many(kMaxPushRecords + 1, good);
    for (size_t i = 0; i < many.size(); ++i) many[i]["id"] = id_n(100 + static_cast<int>(i));
    expect_error(api.push(push_of(many)), 413, "batch_too_large");
    std::string numbers = "{\"protocol\":1,\"records\":[" + good.dump();
    for (int i = 0; i < 500000; ++i) numbers += ",1";
    expect_error(api.push(numbers + "]}"), 413, "batch_too_large");
  }
  SECTION("a text value over its schema length") {
    expect_error(api.push(push_of({good, encode_record(customer(3, std::string(201, 'n')))})), 400, "too_long");
    // Length is counted in code points: 200 Chinese characters fit.
    std::string chinese;
    for (int i = 0; i < 200; ++i) chinese += "\xe5\x8c\x97";
    RecordState fits = customer(3, chinese);
    auto ok = api.push(push_of({encode_record(fits)}));
    REQUIRE(ok);
    CHECK(ok->status == 200);
    REQUIRE(api.stored() == 2);
  }
  SECTION("a replica id over 64 characters") {
    Json rec = good;
    rec["vv"][std::string(65, 'r')] = 1;
    expect_error(api.push(push_of({good, rec})), 400, "malformed_record");
    rec = good;
    rec["fields"]["name"][0]["r"] = std::string(65, 'r');
    expect_error(api.push(push_of({good, rec})), 400, "malformed_record");
  }
  SECTION("nesting deeper than the limit, up to 100,000 levels") {
    // body, records, record, fields, name, write: a value may nest 10 more levels (then it is
    // refused by validation: a name is text).
    const std::string at_limit = record_with_name_value(4, nested(kMaxJsonDepth - 6));
    CHECK_THAT(expect_error(api.push("{\"protocol\":1,\"records\":[" + at_limit + "]}"), 400, "wrong_type"),
               Catch::Contains("must be text"));
    for (size_t depth : {kMaxJsonDepth, size_t{100000}}) {
      INFO("depth " << depth);
      CHECK_THAT(expect_error(api.push("{\"protocol\":1,\"records\":[" + record_with_name_value(4, nested(depth)) + "]}"),
                              400, "wrong_type"),
                 Catch::Contains("deeper than 16 levels"));
      CHECK_THAT(expect_error(api.push("{\"protocol\":1,\"x\":" + nested(depth) + "}"), 400, "wrong_type"),
                 Catch::Contains("deeper than 16 levels"));
      expect_error(api.push(nested(depth)), 400, "wrong_type");
      expect_error(api.post("/api/v1/pull", "{\"protocol\":1,\"cursor\":" + nested(depth) + "}"), 400, "wrong_type");
      expect_error(api.post("/api/v1/login", "{\"protocol\":1,\"username\":" + nested(depth) + "}", false), 400,
                   "wrong_type");
      std::string objects;
      for (size_t i = 0; i < depth; ++i) objects += "{\"a\":";
      objects += "1" + std::string(depth, '}');
      expect_error(api.post("/api/v1/login", objects, false), 400, "protocol_mismatch");
    }
    CHECK(api.healthy());
  }
  SECTION("more than 64 fields in a record") {
    Json rec = good;
    for (int i = 0; i < 63; ++i) rec["fields"]["extra_" + std::to_string(i)] = rec["fields"]["name"];
    expect_error(api.push(push_of({good, rec})), 400, "malformed_record");
  }
  SECTION("more than 256 writes in one field") {
    Json rec = good;
    Json writes = Json::array();
    for (int i = 1; i <= 257; ++i) {
      const std::string replica = "r" + std::to_string(i);
      rec["vv"][replica] = 1;
      writes.push_back(Json{{"v", "N" + std::to_string(i)}, {"r", replica}, {"c", 1}, {"t", 1763000000000}});
    }
    rec["fields"]["name"] = writes;
    expect_error(api.push(push_of({good, rec})), 400, "malformed_record");
  }
  SECTION("more than 1024 replicas in a version vector") {
    Json rec = good;
    for (int i = 0; i < 1024; ++i) rec["vv"]["replica-" + std::to_string(i)] = 1;
    expect_error(api.push(push_of({good, rec})), 400, "malformed_record");
  }
  SECTION("login members over their lengths and pull pages over 1000") {
    auto login = [&](Json body) { return api.post("/api/v1/login", body.dump(), false); };
    expect_error(login({{"protocol", 1}, {"username", std::string(101, 'u')}, {"password", "x"}, {"device_id", "d"}}),
                 400, "too_long");
    expect_error(login({{"protocol", 1}, {"username", "u"}, {"password", std::string(1001, 'p')}, {"device_id", "d"}}),
                 400, "too_long");
    expect_error(login({{"protocol", 1}, {"username", "u"}, {"password", "x"}, {"device_id", std::string(65, 'd')}}),
                 400, "too_long");
    expect_error(api.post("/api/v1/pull", R"({"protocol":1,"limit":1001})"), 400, "wrong_type");
  }

  CHECK(api.healthy());
  const size_t expected = api.stored();
  CHECK((expected == 1 || expected == 2));  // 2 only after the section that stores a fitting record
}
