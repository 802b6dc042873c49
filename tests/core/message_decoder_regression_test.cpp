// Inputs that once broke the sync message decoder (found by tests/fuzz/, or the limits it lacked),
// checked without a server.
#include <catch2/catch.hpp>

#include "sync/message_decoder.h"
#include "crdt/record_codec.h"

using namespace crm;

namespace {

const std::string kId = "0193f0a2-7c1e-7abc-8def-000000000001";

std::string record(const std::string& fields, const std::string& vv = R"({"a":1})") {
  return R"({"entity":"customer","id":")" + kId + R"(","vv":)" + vv + R"(,"fields":)" + fields + "}";
}
std::string push(const std::string& records) { return R"({"protocol":1,"records":[)" + records + "]}"; }

}  // namespace

TEST_CASE("Numbers decode exactly as nlohmann's parser reads them", "[core][message_decoder][regression]") {
  // 0e00091 made RapidJSON's strtod pass 0 to clz (undefined behaviour).
  for (const char* number : {"0e00091", "-0", "-0.0", "1.5e-300", "18446744073709551615", "18446744073709551616",
                             "-9223372036854775809", "0.1", "123456789012345678901234567890"}) {
    INFO(number);
    const std::string fields = std::string(R"({"latitude":[{"v":)") + number + R"(,"r":"a","c":1,"t":1}]})";
    auto sax = decode_message(push(record(fields)), DecodeLimits::pull());
    REQUIRE(sax.ok());
    auto tree = decode_record(Json::parse(record(fields)));
    REQUIRE(tree.ok());
    CHECK(sax->records[0] == tree.value());
    CHECK(sax->records[0].fields.at("latitude")[0].value.dump() == tree->fields.at("latitude")[0].value.dump());
  }
  auto overflow = decode_message(push(record(R"({"latitude":[{"v":1e400,"r":"a","c":1,"t":1}]})")), DecodeLimits::pull());
  REQUIRE_FALSE(overflow.ok());
  CHECK(overflow.error().code == "malformed_json");
}

TEST_CASE("A repeated member counts once, the last one, as in nlohmann's tree", "[core][message_decoder][regression]") {
  const std::string rec = R"({"entity":"customer","id":")" + kId +
                          R"(","vv":{"a":1},"fields":{"name":[{"v":"x","r":"a","c":1,"t":1}]},)"
                          R"("vv":{"b":1},"fields":{"city":[{"v":"y","r":"b","c":1,"t":1}]}})";
  auto sax = decode_message(push(rec), DecodeLimits::pull());
  REQUIRE(sax.ok());
  auto tree = decode_record(Json::parse(rec));
  REQUIRE(tree.ok());
  CHECK(sax->records[0] == tree.value());
  CHECK(sax->records[0].fields.count("name") == 0);

  auto twice = decode_message(R"({"protocol":1,"records":[)" + rec + R"(],"records":[]})", DecodeLimits::pull());
  REQUIRE(twice.ok());
  CHECK(twice->records.empty());
}

TEST_CASE("Every element of records counts toward the batch, objects or not", "[core][message_decoder][regression]") {
  std::string many = "1";
  for (int i = 0; i < 1000; ++i) many += ",1";
  auto r = decode_message(push(many), DecodeLimits::push(1000));
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().code == "batch_too_large");
}

TEST_CASE("Each decoder limit is refused where it is crossed", "[core][message_decoder][limits]") {
  auto code = [](const std::string& body) {
    auto r = decode_message(body, DecodeLimits::push(1000));
    return r.ok() ? std::string("ok") : r.error().code;
  };
  const std::string write = R"({"v":"x","r":"a","c":1,"t":1})";

  // Depth: body, records, record, fields, field, write, then the value's own levels.
  auto with_value = [&](const std::string& v) { return push(record(R"({"name":[{"v":)" + v + R"(,"r":"a","c":1,"t":1}]})")); };
  CHECK(code(with_value(std::string(10, '[') + std::string(10, ']'))) == "ok");
  CHECK(code(with_value(std::string(11, '[') + std::string(11, ']'))) == "wrong_type");
  CHECK(code(with_value(std::string(100000, '[') + std::string(100000, ']'))) == "wrong_type");
  CHECK(code(std::string(100000, '[') + std::string(100000, ']')) == "wrong_type");

  std::string fields = "{";
  for (int i = 0; i < 65; ++i) fields += (i ? ",\"f" : "\"f") + std::to_string(i) + "\":[" + write + "]";
  CHECK(code(push(record(fields + "}"))) == "malformed_record");

  std::string writes, vv = "{";
  for (int i = 1; i <= 257; ++i) {
    writes += std::string(i > 1 ? "," : "") + R"({"v":"x","r":"a","c":)" + std::to_string(i) + R"(,"t":1})";
  }
  CHECK(code(push(record(R"({"name":[)" + writes + "]}", R"({"a":300})"))) == "malformed_record");

  for (int i = 0; i <= 1024; ++i) vv += std::string(i ? "," : "") + "\"r" + std::to_string(i) + "\":1";
  CHECK(code(push(record(R"({"name":[)" + write + "]}", vv + "}"))) == "malformed_record");
  CHECK(decode_message(push(record(R"({"name":[)" + write + "]}", vv + "}")), DecodeLimits::pull()).ok());

  // The nlohmann-based decoder takes the same bounds.
  Json many_vv = Json::parse(vv + "}");
  CHECK_FALSE(decode_vv(many_vv, RecordLimits{}).ok());
  CHECK(decode_vv(many_vv).ok());
}

TEST_CASE("A lone surrogate escape is refused like nlohmann refuses it", "[core][message_decoder][regression]") {
  // Found by fuzzing: RapidJSON decoded "\udccc" into surrogate bytes (not UTF-8), which the
  // decoder accepted while nlohmann refuses the body, and which would throw when written out.
  const std::string in_value = R"({"protocol":1,"records":[{"entity":"customer","id":"x","vv":{"a":1},)"
                               R"("fields":{"name":[{"v":"\udccc","r":"a","c":1,"t":1}]}}]})";
  const std::string in_key = R"({"protocol":1,"p\udccc":1,"records":[]})";
  for (const auto& body : {in_value, in_key}) {
    INFO(body);
    CHECK(Json::parse(body, nullptr, false).is_discarded());
    auto r = decode_message(body, DecodeLimits::pull());
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().code == "malformed_json");
  }
  // A proper pair is fine.
  CHECK(decode_message(R"({"protocol":1,"k\ud83d\ude00":1,"records":[]})", DecodeLimits::pull()).ok());
}
