#include <catch2/catch.hpp>

#include "sync/protocol.h"
#include "crdt/record_codec.h"
#include "test_records.h"

using namespace crm;

TEST_CASE("Messages must be JSON objects carrying the protocol version", "[core][protocol]") {
  CHECK(parse_message("{not json").error().code == "malformed_json");
  CHECK(parse_message("[1]").error().code == "wrong_type");
  CHECK(parse_message("{}").error().code == "protocol_mismatch");
  CHECK(parse_message(R"({"protocol":99})").error().code == "protocol_mismatch");
  CHECK(parse_message(R"({"protocol":1})").ok());
}

TEST_CASE("A push request round-trips and oversized batches are refused", "[core][protocol]") {
  PushRequest req{{test::customer("A"), test::customer("B")}};
  auto parsed = parse_push_body(to_body(req));
  REQUIRE(parsed.ok());
  CHECK(parsed->records == req.records);

  Json big = {{"protocol", 1}, {"records", Json::array()}};
  for (size_t i = 0; i <= kMaxPushRecords; ++i) big["records"].push_back(encode_record(test::customer()));
  CHECK(parse_push_body(big.dump()).error().code == "batch_too_large");
  CHECK(parse_push_body(Json{{"protocol", 1}, {"records", 5}}.dump()).error().code == "wrong_type");
  auto bad = parse_push_body(Json{{"protocol", 1}, {"records", {encode_record(test::customer()), 7}}}.dump());
  CHECK(bad.error().code == "malformed_record");
  INFO(bad.error().message);
  CHECK(bad.error().message.find("records[1]") != std::string::npos);
}

TEST_CASE("Pull requests check cursor and limit", "[core][protocol]") {
  CHECK(parse_pull_request(Json{{"cursor", 5}, {"limit", 10}})->cursor == 5);
  CHECK(parse_pull_request(Json::object())->limit == kDefaultPullLimit);
  CHECK(parse_pull_request(Json{{"cursor", -1}}).error().code == "wrong_type");
  CHECK(parse_pull_request(Json{{"limit", 100000}}).error().code == "wrong_type");
  CHECK(parse_pull_request(Json{{"cursor", "abc"}}).error().code == "wrong_type");
}

TEST_CASE("Unexpected server answers become errors, not crashes", "[core][protocol]") {
  CHECK(parse_pull_response("<html>").error().code == "bad_response");
  CHECK(parse_pull_response(R"({"records":[],"next_cursor":"x"})").error().code == "bad_response");
  CHECK(parse_push_response(R"({"results":[{"vv":5}]})").error().code == "bad_response");
  CHECK(parse_login_response(R"({"token":7})").error().code == "bad_response");
  Error e = parse_error_body(401, R"({"code":"unauthorized","message":"sign in"})");
  CHECK(e.code == "unauthorized");
  CHECK(parse_error_body(502, "Bad Gateway").code == "http_502");
}
