// A catalogue of hostile inputs against the live server, each with the answer it must get: the
// status, the error code, and that nothing of a refused request was stored. Values an attacker
// controls are stored verbatim when valid (they are data, never SQL or markup).
#include "crdt/record.h"
#include "server_fixture.h"
#include "crdt/merge.h"
#include "model/validation.h"
#include "crdt/record_codec.h"

using namespace crm;
using namespace crm::test;

namespace {

struct Client {
  LiveServer& s;
  std::string token;
  httplib::Result post(const std::string& path, const std::string& body, const std::string& tok) {
    return s.post(path, body, tok);
  }
  httplib::Result push_raw(const std::string& records_json) {
    return post("/api/v1/push", R"({"protocol":1,"records":)" + records_json + "}", token);
  }
  httplib::Result push(const RecordState& st) {
    return push_raw(Json::array({encode_record(st)}).dump());
  }
  Json pull_all() {
    auto res = post("/api/v1/pull", R"({"protocol":1,"cursor":0,"limit":1000})", token);
    REQUIRE(res);
    REQUIRE(res->status == 200);
    return Json::parse(res->body)["records"];
  }
};

RecordState record(const std::string& entity, const std::string& id, const std::map<std::string, Json>& values,
                   const std::string& device = "dev-hostile") {
  RecordState s;
  s.entity = entity;
  s.id = id;
  apply_local_write(s, device, HlcStamp{1763000000000, 0}, values);
  return s;
}

void expect(const httplib::Result& res, int status, const std::string& code) {
  REQUIRE(res);
  INFO(res->body);
  CHECK(res->status == status);
  Json body = Json::parse(res->body, nullptr, false);
  REQUIRE(body.is_object());
  CHECK(body.value("code", "") == code);
  CHECK_FALSE(body.value("message", "").empty());
}

}  // namespace

TEST_CASE("Hostile inputs get the documented answer and store nothing they should not",
          "[server][bad_input][hostile]") {
  LiveServer s;
  Client c{s, s.token("dev-hostile")};
  const size_t before = c.pull_all().size();

  SECTION("SQL metacharacters in every text field are stored verbatim") {
    const std::vector<std::string> payloads = {"'; DROP TABLE records; --", "\" OR 1=1 --", "x') OR ('1'='1",
                                               "Robert'); DELETE FROM users;--", "%_\\'\"`;", "<script>alert(1)</script>"};
    int n = 0;
    for (const auto& p : payloads) {
      std::map<std::string, Json> v = {{"kind", "company"}, {"name", p}, {"website", p}, {"industry", p},
                                       {"source", p}, {"address", p}, {"city", p}, {"region", p}, {"country", p},
                                       {"notes", p}, {"tags", Json::array({p})}};
      auto res = c.push(record("customer", id_n(100 + n++), v));
      REQUIRE(res);
      INFO(p << " -> " << res->body);
      CHECK(res->status == 200);
    }
    Json all = c.pull_all();
    CHECK(all.size() == before + payloads.size());
    for (const auto& r : all) {
      auto st = decode_record(r);
      REQUIRE(st.ok());
      if (st->value("name") == "x') OR ('1'='1") CHECK(st->value("city") == "x') OR ('1'='1");
    }
    // The users table survived: signing in still works.
    CHECK_FALSE(s.token("dev-hostile-2").empty());
  }

  SECTION("invalid UTF-8") {
    std::string rec = encode_record(record("customer", id_n(1), {{"kind", "company"}, {"name", "PLACEHOLDER"}})).dump();
    rec.replace(rec.find("PLACEHOLDER"), 11, "\xff\xfe\xc3\x28");
    auto res = c.push_raw("[" + rec + "]");
    REQUIRE(res);
    INFO(res->body);
    CHECK((res->status == 400 || res->status == 422));
    CHECK(Json::parse(res->body, nullptr, false).is_object());
  }

  SECTION("huge and negative numbers, dates out of range") {
    expect(c.push(record("customer", id_n(2), {{"kind", "company"}, {"name", "N"}, {"latitude", 1e308}})), 422,
           "out_of_range");
    expect(c.push_raw(R"([{"entity":"customer","id":")" + id_n(3) +
                      R"(","vv":{"dev-hostile":1},"fields":{"name":[{"v":"N","r":"dev-hostile","c":1,"t":1e400,"l":0}]}}])"),
           400, "malformed_json");
    expect(c.push_raw(R"([{"entity":"customer","id":")" + id_n(3) +
                      R"(","vv":{"dev-hostile":18446744073709551616},"fields":{}}])"),
           400, "malformed_record");
    expect(c.push(record("visit", id_n(4), {{"customer_id", id_n(9)}, {"checkin_at", "2026-11-23T10:00:00Z"},
                                             {"duration_s", -60}})),
           422, "out_of_range");
    expect(c.push(record("visit", id_n(5), {{"customer_id", id_n(9)}, {"checkin_at", "2026-13-45T99:00:00Z"}})), 422,
           "invalid_timestamp");
    expect(c.push(record("visit", id_n(6), {{"customer_id", id_n(9)}, {"checkin_at", "-0001-01-01T00:00:00Z"}})), 422,
           "invalid_timestamp");
  }

  SECTION("ids that are not ids, and records of other users") {
    expect(c.push(record("customer", "../../etc/passwd", {{"kind", "company"}, {"name", "N"}})), 422, "invalid_id");
    expect(c.push(record("customer", "1; DROP TABLE records", {{"kind", "company"}, {"name", "N"}})), 422,
           "invalid_id");
    s.add_user("mallory");
    Client m{s, s.token("dev-mallory", "mallory")};
    REQUIRE(c.push(record("customer", id_n(7), {{"kind", "company"}, {"name", "Alice's"}, {"owner", "alice"}}))->status == 200);
    auto res = m.push(record("customer", id_n(7), {{"kind", "company"}, {"name", "Mallory's now"}, {"owner", "mallory"}},
                             "dev-mallory"));
    REQUIRE(res);
    REQUIRE(res->status == 200);
    CHECK(Json::parse(res->body)["results"][0]["rejected"]["code"] == "forbidden");
    for (const auto& r : m.pull_all()) CHECK(r["id"] != id_n(7));
  }

  SECTION("replayed and forged tokens") {
    const std::string old = s.token("dev-replay");
    auto out = c.post("/api/v1/logout", R"({"protocol":1})", old);
    REQUIRE(out);
    CHECK(out->status == 200);
    expect(c.post("/api/v1/pull", R"({"protocol":1})", old), 401, "unauthorized");
    expect(c.post("/api/v1/pull", R"({"protocol":1})", std::string(100, 'A')), 401, "unauthorized");
    // A header longer than the HTTP layer reads is refused before any handler runs.
    expect(c.post("/api/v1/pull", R"({"protocol":1})", std::string(100000, 'A')), 431, "headers_too_large");
    expect(c.post("/api/v1/pull", R"({"protocol":1})", "' OR '1'='1"), 401, "unauthorized");
    expect(c.post("/api/v1/refresh", R"({"protocol":1,"refresh_token":"' OR 1=1 --"})", ""), 401, "unauthorized");
  }

  SECTION("hostile sign-ins") {
    expect(c.post("/api/v1/login",
                  Json{{"protocol", 1}, {"username", "alice' --"}, {"password", "x"}, {"device_id", "d1"}}.dump(), ""),
           401, "invalid_credentials");
    expect(c.post("/api/v1/login",
                  Json{{"protocol", 1}, {"username", std::string(5000, 'a')}, {"password", "x"}, {"device_id", "d1"}}.dump(),
                  ""),
           400, "too_long");
    expect(c.post("/api/v1/login",
                  Json{{"protocol", 1}, {"username", "alice"}, {"password", kPassword}, {"device_id", "../x"}}.dump(), ""),
           400, "wrong_type");
  }

  SECTION("paths outside the API") {
    auto h = s.http();
    auto res = h.Get("/../../../../etc/passwd");
    REQUIRE(res);
    CHECK(res->status >= 400);
    CHECK(res->body.find("root:") == std::string::npos);
    expect(h.Get("/api/v1/admin/users"), 401, "unauthorized");
    // Found by fuzzing: the 404 message quoted a path that is not UTF-8, and the server died.
    expect(h.Get("/%ce"), 404, "not_found");
    expect(h.Get("/api/v1/%ff%fe"), 404, "not_found");
  }

  SECTION("writes that each pass but merge into an invalid record") {
    // Found by fuzzing: one device reuses its own dots for other fields; the merged record lost
    // its required name and every later push of it would fail.
    const std::string rid = id_n(8);
    const std::string first = R"([{"entity":"customer","id":")" + rid +
                              R"(","vv":{"dev-hostile":2},"fields":{"kind":[{"v":"company","r":"dev-hostile","c":2,"t":1763000000000,"l":0}],)"
                              R"("name":[{"v":"Real","r":"dev-hostile","c":1,"t":1763000000000,"l":0}],)"
                              R"("city":[{"v":"Lyon","r":"dev-hostile","c":2,"t":1763000000000,"l":0}]}}])";
    REQUIRE(c.push_raw(first)->status == 200);
    const std::string second = R"([{"entity":"customer","id":")" + rid +
                               R"(","vv":{"dev-hostile":2},"fields":{"kind":[{"v":"company","r":"dev-hostile","c":2,"t":1763000000000,"l":0}],)"
                               R"("name":[{"v":"Other","r":"dev-hostile","c":2,"t":1763000000000,"l":0}]}}])";
    auto res = c.push_raw(second);
    REQUIRE(res);
    INFO(res->body);
    if (res->status == 200) {
      Json r = Json::parse(res->body)["results"][0];
      // Either refused, or merged into a state that is still valid: never a broken record.
      if (!r.contains("rejected")) {
        for (const auto& rec : c.pull_all())
          if (rec["id"] == rid) CHECK(validate_state(decode_record(rec).value()).ok());
      }
    } else {
      CHECK(res->status >= 400);
      CHECK(res->status < 500);
    }
    // The record can still be edited by a correct device.
    RecordState next = decode_record([&] {
      for (const auto& rec : c.pull_all())
        if (rec["id"] == rid) return rec;
      return Json();
    }()).value();
    apply_local_write(next, "dev-hostile", HlcStamp{1763000000100, 0}, {{"city", "Paris"}});
    CHECK(c.push(next)->status == 200);
  }

  // Whatever a section did, the server still answers and its data is readable.
  CHECK(c.pull_all().size() >= before);
}
