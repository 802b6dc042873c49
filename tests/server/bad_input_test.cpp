// Bad input against a live server: each case checks the status, the error code, and that nothing
// of the rejected request was stored.
#include "crdt/record.h"
#include "server_fixture.h"
#include "crdt/merge.h"
#include "crdt/record_codec.h"

using namespace crm;
using namespace crm::test;

namespace {

const std::string kDevice = "dev-bad-input";

RecordState valid_customer(const std::string& id, const std::string& name, const std::string& replica = kDevice) {
  RecordState s;
  s.entity = "customer";
  s.id = id;
  apply_local_write(s, replica, HlcStamp{1763000000000, 0}, {{"kind", "company"}, {"name", name}});
  return s;
}

struct Api {
  LiveServer& s;
  std::string token;
  httplib::Result post(const std::string& path, const std::string& body, const std::string& tok) {
    return s.post(path, body, tok);
  }
  httplib::Result push(const std::string& body) { return post("/api/v1/push", body, token); }
  size_t stored() {
    auto res = post("/api/v1/pull", R"({"protocol":1,"cursor":0,"limit":1000})", token);
    REQUIRE(res);
    REQUIRE(res->status == 200);
    return Json::parse(res->body)["records"].size();
  }
};

void expect_error(const httplib::Result& res, int status, const std::string& code) {
  REQUIRE(res);
  INFO(res->body);
  CHECK(res->status == status);
  Json body = Json::parse(res->body, nullptr, false);
  REQUIRE(body.is_object());
  CHECK(body["code"] == code);
  CHECK(body["message"].is_string());
  CHECK_FALSE(body["message"].get<std::string>().empty());
  CHECK(res->get_header_value("Content-Type") == "application/json; charset=utf-8");
}

std::string push_body(const Json& records, int protocol = 1) {
  return Json{{"protocol", protocol}, {"records", records}}.dump();
}

}  // namespace

TEST_CASE("The server rejects bad pushes with a JSON error and stores nothing of them", "[server][bad_input]") {
  LiveServer s;
  Api api{s, s.token(kDevice)};
  REQUIRE(api.push(push_body(Json::array({encode_record(valid_customer(id_n(1), "Kept"))})))->status == 200);
  REQUIRE(api.stored() == 1);

  const Json good = encode_record(valid_customer(id_n(2), "Would be stored"));

  SECTION("malformed JSON") { expect_error(api.push("{\"protocol\":1,\"records\":["), 400, "malformed_json"); }
  SECTION("wrong types") {
    expect_error(api.push(R"({"protocol":1,"records":"customer"})"), 400, "wrong_type");
    Json rec = good;
    rec["vv"] = "one";
    expect_error(api.push(push_body(Json::array({good, rec}))), 400, "malformed_record");
  }
  SECTION("protocol version mismatch") {
    expect_error(api.push(push_body(Json::array({good}), 2)), 400, "protocol_mismatch");
    expect_error(api.push(Json{{"records", Json::array({good})}}.dump()), 400, "protocol_mismatch");
  }
  SECTION("unknown entity") {
    Json rec = good;
    rec["entity"] = "spaceship";
    expect_error(api.push(push_body(Json::array({good, rec}))), 422, "unknown_entity");
  }
  SECTION("unknown field") {
    // Refused per record, not as a bad batch: a field this server does not know yet may be a
    // custom field whose definition the device pushes in a later batch (model/configuration.h).
    RecordState st = valid_customer(id_n(3), "X");
    apply_local_write(st, kDevice, HlcStamp{1763000000001, 0}, {{"shoe_size", 44}});
    auto res = api.push(push_body(Json::array({encode_record(st)})));
    REQUIRE(res);
    CHECK(res->status == 200);
    CHECK(Json::parse(res->body)["results"][0]["rejected"]["code"] == "unknown_field");
  }
  SECTION("invalid values") {
    RecordState st = valid_customer(id_n(3), "X");
    apply_local_write(st, kDevice, HlcStamp{1763000000001, 0}, {{"email", "not-an-address"}});
    expect_error(api.push(push_body(Json::array({good, encode_record(st)}))), 422, "invalid_email");
    RecordState no_name = valid_customer(id_n(4), "");
    expect_error(api.push(push_body(Json::array({good, encode_record(no_name)}))), 422, "required");
    Json bad_id = good;
    bad_id["id"] = "42";
    expect_error(api.push(push_body(Json::array({bad_id}))), 422, "invalid_id");
  }
  SECTION("deeply nested values") {
    // 200,000 levels of nesting inside one value: refused without exhausting the server's stack.
    std::string deep = std::string(200000, '[') + std::string(200000, ']');
    std::string rec = encode_record(valid_customer(id_n(6), "Deep")).dump();
    const std::string marker = "\"v\":\"Deep\"";
    rec.replace(rec.find(marker), marker.size(), "\"v\":" + deep);
    expect_error(api.push(R"({"protocol":1,"records":[)" + rec + "]}"), 400, "wrong_type");
  }
  SECTION("oversized body") {
    std::string huge = push_body(Json::array({good}));
    huge.insert(huge.size() - 1, ",\"padding\":\"" + std::string(9 * 1024 * 1024, 'x') + "\"");
    expect_error(api.push(huge), 413, "payload_too_large");
  }
  SECTION("too many records in one batch") {
    Json many = Json::array();
    for (int i = 0; i < 1001; ++i) many.push_back(encode_record(valid_customer(id_n(100 + i), "N")));
    expect_error(api.push(push_body(many)), 413, "batch_too_large");
  }
  SECTION("writes claimed for another device") {
    Json forged = encode_record(valid_customer(id_n(5), "Forged", "someone-else"));
    expect_error(api.push(push_body(Json::array({good, forged}))), 403, "foreign_write");
  }
  SECTION("missing or wrong token") {
    expect_error(api.post("/api/v1/push", push_body(Json::array({good})), ""), 401, "unauthorized");
    expect_error(api.post("/api/v1/push", push_body(Json::array({good})), std::string(64, 'a')), 401, "unauthorized");
    expect_error(api.post("/api/v1/pull", R"({"protocol":1})", "nonsense"), 401, "unauthorized");
  }
  SECTION("bad pull requests") {
    expect_error(api.post("/api/v1/pull", R"({"protocol":1,"cursor":-3})", api.token), 400, "wrong_type");
    expect_error(api.post("/api/v1/pull", R"({"protocol":1,"limit":"all"})", api.token), 400, "wrong_type");
    expect_error(api.post("/api/v1/pull", "[]", api.token), 400, "wrong_type");
  }
  SECTION("unknown routes") { expect_error(api.post("/api/v1/teleport", "{}", api.token), 404, "not_found"); }

  CHECK(api.stored() == 1);  // nothing of any rejected batch was stored
}

TEST_CASE("Sign-in refuses wrong passwords, unknown users and bad device ids", "[server][bad_input]") {
  LiveServer s;
  Api api{s, ""};
  auto login = [&](Json body) { return api.post("/api/v1/login", body.dump(), ""); };
  expect_error(login({{"protocol", 1}, {"username", "alice"}, {"password", "wrong"}, {"device_id", "d1"}}), 401,
               "invalid_credentials");
  expect_error(login({{"protocol", 1}, {"username", "mallory"}, {"password", kPassword}, {"device_id", "d1"}}), 401,
               "invalid_credentials");
  expect_error(login({{"protocol", 1}, {"username", "alice"}, {"password", kPassword}, {"device_id", "../x"}}), 400,
               "wrong_type");
  expect_error(login({{"protocol", 1}, {"username", "alice"}}), 400, "wrong_type");
  expect_error(api.post("/api/v1/login", "not json", ""), 400, "malformed_json");
  // A device id belongs to the user who registered it first.
  s.add_user("bob");
  (void)s.token("shared-device", "alice");
  expect_error(login({{"protocol", 1}, {"username", "bob"}, {"password", kPassword}, {"device_id", "shared-device"}}),
               409, "device_taken");
}

TEST_CASE("Pushing the same batch twice changes nothing the second time", "[server][bad_input]") {
  LiveServer s;
  Api api{s, s.token(kDevice)};
  const std::string body = push_body(Json::array({encode_record(valid_customer(id_n(1), "Once"))}));
  REQUIRE(api.push(body)->status == 200);
  auto cursor_after_first = Json::parse(api.post("/api/v1/pull", R"({"protocol":1})", api.token)->body)["next_cursor"];
  auto again = api.push(body);
  REQUIRE(again->status == 200);
  CHECK_FALSE(Json::parse(again->body)["results"][0].contains("state"));
  CHECK(Json::parse(api.post("/api/v1/pull", R"({"protocol":1})", api.token)->body)["next_cursor"] ==
        cursor_after_first);
}

TEST_CASE("A device cannot rewrite another device's write, nor send stamps beyond 2^53", "[server][bad_input]") {
  LiveServer s;
  Api alice{s, s.token(kDevice)};
  Api bob{s, s.token("dev-bob")};
  RecordState rec = valid_customer(id_n(1), "Original");
  REQUIRE(alice.push(push_body(Json::array({encode_record(rec)})))->status == 200);

  // Bob reuses Alice's dot for "name" with a new value and a later stamp.
  RecordState forged = rec;
  forged.fields.at("name").front().value = "Forged";
  forged.fields.at("name").front().hlc.ms += 1000;
  expect_error(bob.push(push_body(Json::array({encode_record(forged)}))), 403, "foreign_write");

  Json huge = encode_record(valid_customer(id_n(2), "Far future"));
  huge["fields"]["name"][0]["t"] = uint64_t{1} << 63;
  expect_error(alice.push(push_body(Json::array({huge}))), 400, "malformed_record");
  huge["fields"]["name"][0]["t"] = 1763000000000;
  huge["vv"][kDevice] = uint64_t{1} << 60;
  expect_error(alice.push(push_body(Json::array({huge}))), 400, "malformed_record");

  auto pulled = alice.post("/api/v1/pull", R"({"protocol":1})", alice.token);
  REQUIRE(pulled->status == 200);
  Json recs = Json::parse(pulled->body)["records"];
  REQUIRE(recs.size() == 1);
  CHECK(recs[0]["fields"]["name"][0]["v"] == "Original");
}
