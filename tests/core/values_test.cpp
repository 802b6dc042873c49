// Money, fixed decimals and calendar dates (shared/model/values/): exact integer arithmetic,
// currencies never mixed, and dates that are the same date on every device.
#include <catch2/catch.hpp>

#include "model/validation.h"
#include "model/values/calendar_date.h"
#include "model/values/money.h"

using namespace crm;

TEST_CASE("Money is integer minor units: sums, rounding and overflow are exact",
          "[core][values][money]") {
  auto price = parse_money("1299.99 CNY");
  REQUIRE(price.ok());
  CHECK(price->minor == 129999);
  CHECK(format_money(price.value()) == "1299.99 CNY");
  // 0.1 + 0.2 is 0.3 here, not 0.30000000000000004.
  auto sum = add(parse_money("0.10 EUR").value(), parse_money("0.20 EUR").value());
  REQUIRE(sum.ok());
  CHECK(sum.value() == Money{30, "EUR"});
  CHECK(format_money(Money{-5, "EUR"}) == "-0.05 EUR");
  CHECK(parse_money("JPY 1,500").value() == Money{1500, "JPY"});  // yen have no minor unit
  CHECK(parse_money("1.5 JPY").error().code == "too_precise");
  CHECK(parse_money("2.125 KWD").value() == Money{2125, "KWD"});
  CHECK(parse_money("12.50").error().code == "invalid_currency");  // no currency named
  CHECK(parse_money("12.50", "USD").value() == Money{1250, "USD"});
  CHECK(parse_money("12.50 RMB").error().code == "invalid_currency");
  CHECK(parse_money("twelve USD").error().code == "wrong_type");

  // Rounding half away from zero at the minor unit: 19.99 x 13% = 2.5987 -> 2.60.
  auto tax = multiply(Money{1999, "CNY"}, parse_decimal("0.13", 2).value());
  REQUIRE(tax.ok());
  CHECK(tax->minor == 260);
  CHECK(multiply(Money{5, "EUR"}, parse_decimal("0.5", 1).value())->minor == 3);    // 2.5 -> 3
  CHECK(multiply(Money{-5, "EUR"}, parse_decimal("0.5", 1).value())->minor == -3);  // -2.5 -> -3
  CHECK(multiply(Money{333, "EUR"}, parse_decimal("3", 0).value())->minor == 999);
  CHECK(multiply(Money{INT64_MAX / 2, "EUR"}, parse_decimal("3", 0).value()).error().code ==
        "out_of_range");
  CHECK(add(Money{INT64_MAX, "EUR"}, Money{1, "EUR"}).error().code == "out_of_range");
}

TEST_CASE("Amounts in different currencies are never added", "[core][values][money]") {
  CHECK(add(Money{100, "EUR"}, Money{100, "USD"}).error().code == "currency_mismatch");
  CHECK(subtract(Money{100, "CNY"}, Money{100, "USD"}).error().code == "currency_mismatch");
  CHECK(subtract(Money{100, "CNY"}, Money{250, "CNY"}).value() == Money{-150, "CNY"});
}

TEST_CASE("A money field holds {minor, currency} and nothing else; never a float",
          "[core][values][money]") {
  const FieldSpec& price = *find_schema("product")->field("list_price");
  CHECK(validate_value(price, Json{{"minor", 129900}, {"currency", "CNY"}}).ok());
  CHECK(validate_value(price, Json{{"minor", 1299.5}, {"currency", "CNY"}}).error().code ==
        "wrong_type");
  CHECK(validate_value(price, Json(12.99)).error().code == "wrong_type");
  CHECK(validate_value(price, Json{{"minor", 1}, {"currency", "XYZ"}}).error().code ==
        "invalid_currency");
  CHECK(validate_value(price, Json{{"minor", 1}, {"currency", "EUR"}, {"x", 1}}).error().code ==
        "wrong_type");
  CHECK(
      validate_value(price, Json{{"minor", int64_t{1} << 60}, {"currency", "EUR"}}).error().code ==
      "out_of_range");
  CHECK(money_from_json(to_json(Money{-42, "USD"})).value() == Money{-42, "USD"});
}

TEST_CASE("Fixed decimals are exact text with a bounded number of places",
          "[core][values][decimal]") {
  CHECK(parse_decimal("13.5", 2).value() == FixedDecimal{1350, 2});
  CHECK(format_decimal(FixedDecimal{1350, 2}) == "13.5");
  CHECK(format_decimal(FixedDecimal{-25, 2}) == "-0.25");
  CHECK(format_decimal(FixedDecimal{200, 2}) == "2");
  CHECK(parse_decimal("0.125", 2).error().code == "too_precise");
  for (const char* bad : {"", "-", ".", "1.", "1e3", "1,5", " 1"})
    CHECK(parse_decimal(bad, 2).error().code == "wrong_type");
  CHECK(parse_decimal("1234567890123456789", 0).error().code == "out_of_range");
  CHECK(compare(parse_decimal("2.5", 1).value(), parse_decimal("2.50", 3).value()) == 0);
  CHECK(compare(parse_decimal("-1", 0).value(), parse_decimal("0.001", 3).value()) < 0);
  const FieldSpec& rate = *find_schema("product")->field("tax_rate");
  CHECK(validate_value(rate, "13.5").ok());
  CHECK(validate_value(rate, 13.5).error().code == "wrong_type");  // a JSON number would be a float
  CHECK(validate_value(rate, "100.01").error().code == "out_of_range");
  CHECK(validate_value(rate, "1.005").error().code == "too_precise");
}

TEST_CASE("A calendar date is the same date on devices in UTC+14 and UTC-12",
          "[core][values][date]") {
  CHECK(parse_date("2024-02-29").ok());
  CHECK(parse_date("2023-02-29").error().code == "invalid_date");
  CHECK(parse_date("2026-11-30T00:00:00Z").error().code == "invalid_date");
  for (const char* d :
       {"0001-01-01", "1969-12-31", "1970-01-01", "2000-02-29", "2026-11-30", "9999-12-31"}) {
    auto parsed = parse_date(d);
    REQUIRE(parsed.ok());
    CHECK(format_date(parsed.value()) == d);
    CHECK(date_from_days(days_since_epoch(parsed.value())) == parsed.value());
  }
  // One instant: 2026-11-30T11:30Z. In Kiribati (UTC+14) it is already 1 December, on Baker
  // Island (UTC-12) still 29 November; the value a person stores is the date they chose, as text,
  // and reads back unchanged wherever the device is.
  const int64_t instant = 1796038200000;
  CHECK(format_date(local_date(instant, 0)) == "2026-11-30");
  CHECK(format_date(local_date(instant, 14 * 60)) == "2026-12-01");
  CHECK(format_date(local_date(instant, -12 * 60)) == "2026-11-29");
  const FieldSpec& birthday = *find_schema("contact")->field("birthday");
  for (int offset : {14 * 60, -12 * 60}) {
    // What a device stores is what every other device validates and shows: no conversion.
    const Json stored = format_date(parse_date("1990-03-01").value());
    CHECK(validate_value(birthday, stored).ok());
    CHECK(stored == "1990-03-01");
    CHECK(format_date(local_date(days_since_epoch(parse_date("1990-03-01").value()) * 86400000,
                                 offset)) == (offset > 0 ? "1990-03-01" : "1990-02-28"));
  }
}
