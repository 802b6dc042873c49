// A quote's printable page: the company header, the lines with their amounts, the totals, the
// delivery date and terms, escaped, with print CSS, in the user's language; an earlier revision
// prints from its snapshot.
#include <catch2/catch.hpp>

#include "app/catalog.h"
#include "app/quote_print.h"

using namespace crm;

namespace {

std::string snapshot() {
  Json quote{{"title", "Lathes <2026>"}, {"currency", "CNY"}, {"revision", 2}, {"quoted_on", "2026-12-01"},
             {"valid_until", "2026-12-31"}, {"terms", "Payment in 30 days & delivery ex works"},
             {"customer_id", "c1"}};
  Json lines = Json::array({Json{{"product_id", "p1"}, {"quantity", "2"}, {"discount", "15"}, {"tax_rate", "13"},
                                 {"unit_price", Json{{"minor", 100000}, {"currency", "CNY"}}}},
                            Json{{"description", "Oil"}, {"quantity", "4"},
                                 {"unit_price", Json{{"minor", 2500}, {"currency", "CNY"}}}}});
  return Json{{"quote", quote}, {"lines", lines}}.dump();
}

}  // namespace

TEST_CASE("The printable quote: header, lines, totals, terms, print CSS, escaped", "[client][quote]") {
  set_language(Language::kEnglish);
  auto d = quote_document_from_snapshot(snapshot());
  REQUIRE(d.ok());
  d->company = "Acme Machines Ltd\nNo. 1 Road, Suzhou";
  d->customer = "Li & Sons";
  d->products["p1"] = {"Lathe", "set"};
  d->delivery = CalendarDate{2026, 12, 21};
  const std::string html = quote_print_html(d.value());
  CHECK(html.find("<html lang=\"en\">") != std::string::npos);
  CHECK(html.find("@media print") != std::string::npos);
  CHECK(html.find("Acme Machines Ltd\nNo. 1 Road, Suzhou") != std::string::npos);
  CHECK(html.find("Lathes &lt;2026&gt;") != std::string::npos);  // escaped
  CHECK(html.find("Li &amp; Sons") != std::string::npos);
  CHECK(html.find("<td>Lathe</td>") != std::string::npos);        // the product's name without a description
  CHECK(html.find("2 Set") != std::string::npos);                  // the unit's word
  CHECK(html.find("1700.00 CNY") != std::string::npos);            // 2 x 1000 x 0.85
  CHECK(html.find("221.00 CNY") != std::string::npos);             // its tax
  CHECK(html.find("2021.00 CNY") != std::string::npos);            // the total: 1921 + 100
  CHECK(html.find("Revision 2") != std::string::npos);
  CHECK(html.find("2026-12-21") != std::string::npos);
  CHECK(html.find("Payment in 30 days &amp; delivery ex works") != std::string::npos);
  CHECK(html.find("<script") == std::string::npos);

  set_language(Language::kChineseSimplified);
  const std::string zh = quote_print_html(d.value());
  CHECK(zh.find("<html lang=\"zh-CN\">") != std::string::npos);
  CHECK(zh.find("报价单") != std::string::npos);
  CHECK(zh.find("含税总额") != std::string::npos);
  set_language(Language::kEnglish);

  CHECK(quote_document_from_snapshot("not json").error().code == "wrong_type");
  CHECK(quote_document_from_snapshot("{\"quote\": 1}").error().code == "wrong_type");
}
