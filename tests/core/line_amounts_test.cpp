// A priced line's amounts: one rounding per line (half away from zero), sums of rounded lines.
#include <catch2/catch.hpp>

#include "sales/line_amounts.h"

using namespace crm;

namespace {

FieldValues line(const std::string& quantity, int64_t price_minor, const std::string& currency = "CNY",
                 const char* discount = nullptr, const char* tax = nullptr) {
  FieldValues v{{"quantity", quantity}, {"unit_price", Json{{"minor", price_minor}, {"currency", currency}}}};
  if (discount) v["discount"] = discount;
  if (tax) v["tax_rate"] = tax;
  return v;
}

FixedDecimal percent(const char* text) { return percent_of(Json(text)).value(); }

}  // namespace

TEST_CASE("line_amounts: one rounding per line, half away from zero", "[core][sales][totals]") {
  struct Case {
    FieldValues line;
    int64_t list, net, tax;
  };
  const std::vector<Case> cases = {
      {line("1", 10000, "CNY", nullptr, "13"), 10000, 10000, 1300},
      {line("3", 10, "CNY", "33.33"), 30, 20, 0},                // 20.001 -> 20
      {line("2.5", 1999), 4998, 4998, 0},                        // 4997.5 -> 4998
      {line("0.5", 1), 1, 1, 0},                                 // 0.5 -> 1
      {line("0.333", 100), 33, 33, 0},                           // 33.3 -> 33
      {line("4", 2500, "CNY", "100", "13"), 10000, 0, 0},        // a free line
      {line("3", 1000, "JPY", "10", "10"), 3000, 2700, 270},     // no minor unit
      {line("7", 1234, "EUR", "12.5", "19"), 8638, 7558, 1436},  // 7558.25 -> 7558; 1436.02 -> 1436
  };
  for (size_t i = 0; i < cases.size(); ++i) {
    INFO("case " << i);
    auto a = line_amounts(cases[i].line);
    REQUIRE(a.ok());
    CHECK(a.value().list.minor == cases[i].list);
    CHECK(a.value().net.minor == cases[i].net);
    CHECK(a.value().tax.minor == cases[i].tax);
    CHECK(a.value().gross.minor == cases[i].net + cases[i].tax);
  }
}

TEST_CASE("document_totals: sums of the rounded lines, a document discount on each line", "[core][sales][totals]") {
  const std::vector<FieldValues> lines = {line("1", 10000, "CNY", "5", "13"), line("2", 2500, "CNY", nullptr, "6")};
  auto t = document_totals(lines, "CNY", percent("10"));
  REQUIRE(t.ok());
  // 10000 x 0.95 x 0.9 = 8550, tax 1111.5 -> 1112; 5000 x 0.9 = 4500, tax 270.
  CHECK(t.value().list.minor == 15000);
  CHECK(t.value().net.minor == 13050);
  CHECK(t.value().tax.minor == 1382);
  CHECK(t.value().gross.minor == 14432);
  CHECK(t.value().discount.minor == 1950);
  CHECK(t.value().lines == 2);
  CHECK(t.value().max_line_discount == percent("5"));
  auto empty = document_totals({}, "EUR");
  REQUIRE(empty.ok());
  CHECK(empty.value().gross == Money{0, "EUR"});
}

TEST_CASE("line_amounts and document_totals refuse what they cannot sum", "[core][sales][totals]") {
  CHECK(document_totals({line("1", 100, "EUR")}, "CNY").error().code == "currency_mismatch");
  CHECK(line_amounts(line("1", 100, "CNY", "100.01")).error().code == "out_of_range");
  CHECK(line_amounts(line("1", 100, "CNY", nullptr, "-1")).error().code == "out_of_range");
  CHECK(line_amounts(line("-1", 100)).error().code == "out_of_range");
  CHECK(line_amounts(FieldValues{{"quantity", "1"}}).error().code == "wrong_type");
  CHECK(line_amounts(FieldValues{{"unit_price", Json{{"minor", 1}, {"currency", "CNY"}}}}).error().code == "wrong_type");
  CHECK(line_amounts(line("1000000000", 1000000000000000)).error().code == "out_of_range");
  CHECK(line_amounts(line("1", 100), percent("100.01")).error().code == "out_of_range");
}
