// Quotes: totals from many lines, prices by grade, minimum order quantity, delivery date, the
// approval outcome under concurrent decisions and after edits, status moves and revisions.
#include <catch2/catch.hpp>

#include "replica/quote_edit.h"
#include "test_replica.h"

using namespace crm;
using namespace crm::sales;

namespace {

Json cny(int64_t minor, const char* currency = "CNY") { return Json{{"minor", minor}, {"currency", currency}}; }

FieldValues line(const char* quantity, int64_t price, const char* discount = nullptr, const char* tax = nullptr,
                 const char* product = "p1") {
  FieldValues v{{"quantity", quantity}, {"unit_price", cny(price)}, {"product_id", product}};
  if (discount) v["discount"] = discount;
  if (tax) v["tax_rate"] = tax;
  return v;
}

FixedDecimal dec(const char* text, int scale) { return parse_decimal(text, scale).value(); }

FieldValues decision(const char* d, int64_t revision, const std::string& digest) {
  return FieldValues{{"decision", d}, {"revision", revision}, {"content", digest}};
}

}  // namespace

TEST_CASE("quote totals: a table of quotes, expected totals written out", "[core][sales][quote]") {
  struct Case {
    const char* name;
    std::vector<FieldValues> lines;
    const char* total_discount;
    int64_t net, tax, gross, discount;
  };
  // 120 lines of 3 x 3.33 at 13%: each 999 net (9.99 CNY), tax 129.87 -> 130; sums of rounded lines.
  std::vector<FieldValues> many(120, line("3", 333, nullptr, "13"));
  // 40 lines alternating 0% / 6% / 9% / 13% tax at 2.5 x 19.99, 7.5% off: 4997.5 x .925 = 4622.6875 -> 4623.
  std::vector<FieldValues> rates;
  for (int i = 0; i < 40; ++i) rates.push_back(line("2.5", 1999, "7.5", (const char*[]){"0", "6", "9", "13"}[i % 4]));
  // tax on 4623: 0, 277.38 -> 277, 416.07 -> 416, 600.99 -> 601; ten of each.
  const std::vector<Case> cases = {
      {"no lines", {}, nullptr, 0, 0, 0, 0},
      {"0% discount", {line("1", 10000, "0", "13")}, nullptr, 10000, 1300, 11300, 0},
      {"100% discount: a free line", {line("4", 2500, "100", "13"), line("1", 1000)}, nullptr, 1000, 0, 1000, 10000},
      {"100% total discount", {line("4", 2500, nullptr, "13")}, "100", 0, 0, 0, 10000},
      {"many lines", many, nullptr, 120 * 999, 120 * 130, 120 * 1129, 0},
      {"several tax rates", rates, nullptr, 40 * 4623, 10 * (0 + 277 + 416 + 601), 40 * 4623 + 12940, 40 * (4998 - 4623)},
      {"line and total discounts", {line("1", 10000, "5", "13"), line("2", 2500, nullptr, "6")}, "10", 13050, 1382,
       14432, 1950},
      {"half a cent rounds away from zero on each line", {line("0.5", 1), line("0.5", 1), line("0.5", 1)}, nullptr, 3,
       0, 3, 0},
  };
  for (const Case& c : cases) {
    INFO(c.name);
    FieldValues quote{{"currency", "CNY"}};
    if (c.total_discount) quote["total_discount"] = c.total_discount;
    auto t = quote_totals(quote, c.lines);
    REQUIRE(t.ok());
    CHECK(t->lines.size() == c.lines.size());
    CHECK(t->totals.net.minor == c.net);
    CHECK(t->totals.tax.minor == c.tax);
    CHECK(t->totals.gross.minor == c.gross);
    CHECK(t->totals.discount.minor == c.discount);
  }
  CHECK(quote_totals({{"currency", "CNY"}, {"total_discount", "x"}}, {}).error().code == "wrong_type");
  CHECK(quote_totals({{"currency", "EUR"}}, {line("1", 100)}).error().code == "currency_mismatch");
  CHECK(quote_totals({{"currency", "CNY"}}, {line("1", 100, "120")}).error().code == "out_of_range");
}

TEST_CASE("minimum order quantity is a warning on the line; delivery is today plus the longest lead time",
          "[core][sales][quote]") {
  const FieldValues product{{"min_order_qty", "10"}, {"lead_time_days", 14}};
  REQUIRE(below_minimum(line("9.999", 1), product));
  CHECK(format_decimal(*below_minimum(line("9.999", 1), product)) == "10");
  CHECK_FALSE(below_minimum(line("10", 1), product));
  CHECK_FALSE(below_minimum(line("1", 1), FieldValues{}));
  const CalendarDate today{2026, 12, 25};
  CHECK(delivery_date(today, {}) == today);
  CHECK(delivery_date(today, {product, {{"lead_time_days", 3}}, {}}) == CalendarDate{2027, 1, 8});
}

TEST_CASE("price_for: the customer's grade, the date, the quantity break, else the list price",
          "[core][sales][quote]") {
  const FieldValues product{{"list_price", cny(1000)}};
  auto item = [](const char* product, int64_t price, const char* min, const char* currency = "CNY") {
    FieldValues v{{"product_id", product}, {"price", cny(price, currency)}};
    if (min) v["min_quantity"] = min;
    return v;
  };
  const std::vector<PriceListEntry> lists = {
      {"L-a", {{"currency", "CNY"}, {"grades", Json::array({"A"})}}, {item("p1", 900, nullptr), item("p1", 800, "10")}},
      {"L-b", {{"currency", "CNY"}, {"grades", Json::array({"B"})}}, {item("p1", 950, nullptr)}},
      {"L-all", {{"currency", "CNY"}, {"valid_to", "2026-11-30"}}, {item("p1", 700, nullptr)}},
      {"L-eur", {{"currency", "EUR"}}, {item("p1", 90, nullptr, "EUR")}},
  };
  const CalendarDate dec1{2026, 12, 1}, nov30{2026, 11, 30};
  auto price = [&](const char* grade, const char* q, CalendarDate on, const char* currency = "CNY",
                   const char* chosen = "") {
    return price_for("p1", product, dec(q, 3), grade, on, currency, lists, chosen);
  };
  CHECK(price("A", "1", dec1).value().price.minor == 900);
  CHECK(price("A", "1", dec1).value().price_list_id == "L-a");
  CHECK(price("A", "10", dec1).value().price.minor == 800);   // the quantity break
  CHECK(price("B", "10", dec1).value().price.minor == 950);
  CHECK(price("B", "1", nov30).value().price.minor == 700);   // the open list, on its last day, is cheaper
  CHECK(price("C", "1", dec1).value().price.minor == 1000);   // no list: the product's list price
  CHECK(price("C", "1", dec1).value().price_list_id.empty());
  CHECK(price("A", "1", dec1, "CNY", "L-b").value().price.minor == 950);  // the quote's own list
  CHECK(price("A", "1", dec1, "EUR").value().price.minor == 90);
  CHECK(price("C", "1", dec1, "USD").error().code == "no_price");
}

TEST_CASE("quote policy: the team's wins over the organisation's; approval above the threshold",
          "[core][sales][quote]") {
  CHECK(quote_policy_for({}, "").threshold == dec("10", 2));
  const std::vector<FieldValues> policies = {
      {{"id", "b"}, {"discount_threshold", "15"}, {"validity_days", 45}},
      {{"id", "a"}, {"discount_threshold", "12"}},
      {{"id", "c"}, {"team", "east"}, {"discount_threshold", "5"}, {"company", "East Ltd\nSuzhou"}},
  };
  CHECK(quote_policy_for(policies, "").threshold == dec("12", 2));
  CHECK(quote_policy_for(policies, "").company.empty());
  CHECK(quote_policy_for(policies, "east").company == "East Ltd\nSuzhou");  // the printed header
  CHECK(quote_policy_for(policies, "west").threshold == dec("12", 2));
  CHECK(quote_policy_for(policies, "east").threshold == dec("5", 2));
  const QuotePolicy p{dec("10", 2), 30};
  auto needed = [&](std::vector<FieldValues> lines, FieldValues quote = {{"currency", "CNY"}}) {
    return approval_needed(quote_totals(quote, lines).value().totals, quote, p);
  };
  CHECK_FALSE(needed({line("1", 100, "10")}));          // at the threshold: no
  CHECK(needed({line("1", 100, "10.01"), line("1", 100)}));
  CHECK(needed({line("1", 100)}, {{"currency", "CNY"}, {"total_discount", "11"}}));
}

TEST_CASE("approval outcome: the current revision and content only; a reject wins, in any order",
          "[core][sales][quote]") {
  const FieldValues quote{{"currency", "CNY"}};
  const std::vector<FieldValues> lines = {line("1", 100, "20"), line("2", 50, nullptr, nullptr, "p2")};
  const std::string digest = content_digest(quote, lines);
  CHECK(content_digest(quote, {lines[1], lines[0]}) == digest);  // lines in any order
  FieldValues noted = lines[0];
  noted["description"] = "words do not count";
  CHECK(content_digest(quote, {noted, lines[1]}) == digest);
  const std::string edited = content_digest(quote, {line("1", 100, "25"), lines[1]});
  CHECK(edited != digest);
  CHECK(content_digest({{"currency", "CNY"}, {"total_discount", "1"}}, lines) != digest);

  CHECK(approval_outcome({}, 1, digest).outcome == Approval::kNone);
  CHECK(approval_outcome({decision("approve", 1, digest)}, 1, digest).outcome == Approval::kApproved);
  // Approve on one device and reject on another, merged in either order: rejected, both.
  const auto a = decision("approve", 1, digest), r = decision("reject", 1, digest);
  CHECK(approval_outcome({a, r}, 1, digest).outcome == Approval::kRejected);
  CHECK(approval_outcome({r, a}, 1, digest).outcome == Approval::kRejected);
  // An edit after approval voids it; so does a new revision.
  auto after_edit = approval_outcome({a}, 1, edited);
  CHECK(after_edit.outcome == Approval::kNone);
  CHECK(after_edit.voided == 1);
  CHECK(approval_outcome({a}, 2, digest).outcome == Approval::kNone);
  // A rejection of the old content does not hold the edited one back.
  CHECK(approval_outcome({r, decision("approve", 1, edited)}, 1, edited).outcome == Approval::kApproved);
}

TEST_CASE("quote moves: submit, decide, send, answer; refused moves say why", "[core][sales][quote]") {
  QuoteFacts q{.status = "draft", .revision = 1, .approval_needed = true, .approval = {}, .role = kRoleSales};
  CHECK(quote_moves(q) == std::vector<std::string>{"submitted"});
  CHECK(plan_quote_move(q, "sent").error().code == "approval_required");
  CHECK(plan_quote_move(q, "submitted").value() == FieldValues{{"status", "submitted"}});
  q.status = "submitted";
  CHECK(plan_quote_move(q, "approved").error().code == "forbidden");
  CHECK(plan_quote_move(q, "sent").error().code == "approval_required");
  q.role = kRoleManager;
  CHECK(quote_moves(q) == std::vector<std::string>{"approved", "rejected", "draft"});
  // The stored status says approved, the decisions say rejected: rejected is shown, not sendable.
  q.status = "approved";
  q.approval.outcome = Approval::kRejected;
  CHECK(status_shown(q) == "rejected");
  CHECK(plan_quote_move(q, "sent").error().code == "approval_required");
  // Approved by the decisions even where the stored status lags behind.
  q.status = "submitted";
  q.approval.outcome = Approval::kApproved;
  CHECK(status_shown(q) == "approved");
  CHECK(plan_quote_move(q, "sent").ok());
  q = QuoteFacts{.status = "draft", .revision = 1, .approval_needed = false, .approval = {}, .role = kRoleSales};
  CHECK(quote_moves(q) == std::vector<std::string>{"sent"});
  q.status = "sent";
  CHECK(quote_moves(q) == std::vector<std::string>{"accepted", "declined", "expired", "draft"});
  CHECK(plan_quote_move(q, "draft").value() == FieldValues{{"status", "draft"}, {"revision", 2}});
  q.status = "accepted";
  CHECK(quote_moves(q).empty());
  CHECK(plan_quote_move(q, "draft").error().code == "forbidden_transition");
  CHECK(edit_makes_revision("sent"));
  CHECK(edit_makes_revision("expired"));
  CHECK_FALSE(edit_makes_revision("draft"));
}
