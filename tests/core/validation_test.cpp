#include <catch2/catch.hpp>

#include "model/validation.h"
#include "test_records.h"

using namespace crm;

namespace {
const EntitySchema& customer_schema_ref() { return *find_schema("customer"); }
std::string first_code(const std::map<std::string, Json>& values) {
  auto errors = check_draft(customer_schema_ref(), values);
  return errors.empty() ? "" : errors.front().code;
}
}  // namespace

TEST_CASE("A valid customer draft has no errors", "[core][validation]") {
  CHECK(check_draft(customer_schema_ref(), {{"kind", "company"}, {"name", "Acme GmbH"},
                                            {"email", "sales@acme.example"}, {"phone", "+49 30 1234-567"},
                                            {"latitude", 52.52}, {"longitude", 13.40},
                                            {"tags", Json::array({"vip", "north"})}})
            .empty());
}

TEST_CASE("Required fields are reported, naming the field", "[core][validation]") {
  auto errors = check_draft(customer_schema_ref(), {{"kind", "company"}, {"name", ""}});
  REQUIRE(errors.size() == 1);
  CHECK(errors[0].code == "required");
  CHECK(errors[0].field == "name");
  CHECK(first_code({{"name", "X"}}) == "required");
}

TEST_CASE("E-mail and phone formats are checked", "[core][validation]") {
  CHECK(first_code({{"kind", "company"}, {"name", "A"}, {"email", "no-at-sign"}}) == "invalid_email");
  CHECK(first_code({{"kind", "company"}, {"name", "A"}, {"email", "a@b"}}) == "invalid_email");
  CHECK(first_code({{"kind", "company"}, {"name", "A"}, {"email", "a b@c.com"}}) == "invalid_email");
  CHECK(first_code({{"kind", "company"}, {"name", "A"}, {"email", "a@@c.com"}}) == "invalid_email");
  CHECK(first_code({{"kind", "company"}, {"name", "A"}, {"phone", "call me"}}) == "invalid_phone");
  CHECK(first_code({{"kind", "company"}, {"name", "A"}, {"phone", "123"}}) == "invalid_phone");
  CHECK(first_code({{"kind", "company"}, {"name", "A"}, {"phone", "12+345678"}}) == "invalid_phone");
  CHECK(first_code({{"kind", "company"}, {"name", "A"}, {"phone", "(010) 8888-6666"}}).empty());
}

TEST_CASE("Length limits count characters, so Chinese names fit as expected", "[core][validation]") {
  std::string chinese;
  for (int i = 0; i < 200; ++i) chinese += "\xE5\x8C\x97";  // 北, 3 bytes each
  CHECK(first_code({{"kind", "company"}, {"name", chinese}}).empty());
  CHECK(first_code({{"kind", "company"}, {"name", chinese + "x"}}) == "too_long");
  CHECK(utf8_length("\xE5\x8C\x97\xE4\xBA\xAC") == 2);
  CHECK(utf8_length("\xE5\x8C") == -1);
}

TEST_CASE("Types, choices, ranges and unknown fields are rejected with their own codes", "[core][validation]") {
  CHECK(first_code({{"kind", "alien"}, {"name", "A"}}) == "invalid_choice");
  CHECK(first_code({{"kind", "company"}, {"name", 42}}) == "wrong_type");
  CHECK(first_code({{"kind", "company"}, {"name", "A"}, {"latitude", 91.0}}) == "out_of_range");
  CHECK(first_code({{"kind", "company"}, {"name", "A"}, {"latitude", "north"}}) == "wrong_type");
  CHECK(first_code({{"kind", "company"}, {"name", "A"}, {"shoe_size", 42}}) == "unknown_field");
  CHECK(first_code({{"kind", "company"}, {"name", "line\nbreak"}}) == "wrong_type");
  CHECK(first_code({{"kind", "company"}, {"name", "A"}, {"notes", "multi\nline ok"}}).empty());
}

TEST_CASE("Contacts need a customer reference and a birthday is a calendar date", "[core][validation]") {
  const EntitySchema& contact = *find_schema("contact");
  CHECK(check_draft(contact, {{"customer_id", test::kId}, {"name", "Li Wei"}}).empty());
  CHECK(check_draft(contact, {{"customer_id", "nope"}, {"name", "Li"}}).front().code == "invalid_reference");
  CHECK(check_draft(contact, {{"customer_id", test::kId}, {"name", "Li"}, {"birthday", "1990-02-30"}})
            .front()
            .code == "invalid_date");
  // A birthday is a day, not an instant; a UTC time stored before the field became a date is
  // still accepted, or every later edit of such a contact would be refused.
  CHECK(check_draft(contact, {{"customer_id", test::kId}, {"name", "Li"}, {"birthday", "1990-02-03T00:00:00Z"}})
            .empty());
  CHECK(check_draft(contact, {{"customer_id", test::kId}, {"name", "Li"}, {"birthday", "1990-02-03 00:00"}})
            .front()
            .code == "invalid_date");
  CHECK(check_draft(contact, {{"customer_id", test::kId}, {"name", "Li"}, {"birthday", "1992-02-29"}}).empty());
  const EntitySchema& activity = *find_schema("activity");
  CHECK(check_draft(activity, {{"customer_id", test::kId}, {"kind", "call"}, {"subject", "x"}, {"at", "2026-13-01T00:00:00Z"}})
            .front()
            .code == "invalid_timestamp");
}

TEST_CASE("Received states are checked for entity, id, fields and causal consistency", "[core][validation]") {
  RecordState s = test::customer();
  CHECK(validate_state(s).ok());
  RecordState unknown = s;
  unknown.entity = "spaceship";
  CHECK(validate_state(unknown).error().code == "unknown_entity");
  RecordState bad_id = s;
  bad_id.id = "1";
  CHECK(validate_state(bad_id).error().code == "invalid_id");
  RecordState bad_field = s;
  test::edit(bad_field, "dev", 2000, {{"colour", "red"}});
  CHECK(validate_state(bad_field).error().code == "unknown_field");
  RecordState bad_dot = s;
  bad_dot.fields["name"].front().dot.counter = 99;
  CHECK(validate_state(bad_dot).error().code == "invalid_version");
  RecordState bad_tomb = s;
  test::edit(bad_tomb, "dev", 2000, {{kDeletedField, Json{{"seen", Json{{"dev", Json::array({Json::array()})}}}}}});
  CHECK(validate_state(bad_tomb).error().code == "wrong_type");
  RecordState extra_tomb = s;
  test::edit(extra_tomb, "dev", 2000, {{kDeletedField, Json{{"seen", Json::object()}, {"why", "x"}}}});
  CHECK(validate_state(extra_tomb).error().code == "wrong_type");
  RecordState good_tomb = s;
  test::edit(good_tomb, "dev", 2000, {{kDeletedField, Json{{"seen", Json{{"base", 1}}}}}});
  CHECK(validate_state(good_tomb).ok());
  RecordState no_name = s;
  no_name.fields.erase("name");
  CHECK(validate_state(no_name).error().code == "required");
}
