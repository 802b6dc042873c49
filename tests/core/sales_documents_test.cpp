// Contracts from accepted quotes and orders from contracts or quotes: lines carried over with the
// same amounts, the contract's amount = the quote's gross total, expected delivery from lead times,
// the same ids on every device; refusals with their codes.
#include <catch2/catch.hpp>

#include "model/entity_rules.h"
#include "sales/line_amounts.h"
#include "sales/sales_documents.h"

using namespace crm;
using namespace crm::sales;

namespace {

Json cny(int64_t minor) { return to_json(Money{minor, "CNY"}); }

// Records by entity and id; children by their parent field.
class MapLookup final : public RecordLookup {
 public:
  std::map<std::pair<std::string, std::string>, FieldValues> records;
  std::optional<FieldValues> values(const std::string& entity, const std::string& id) const override {
    auto it = records.find({entity, id});
    if (it == records.end()) return std::nullopt;
    return it->second;
  }
  std::vector<FieldValues> children(const std::string& child_entity, const std::string& parent_id) const override {
    const std::string parent = child_entity == "quote_line" ? "quote_id" : "contract_id";
    std::vector<FieldValues> out;
    for (const auto& [key, v] : records)
      if (key.first == child_entity && value_of(v, parent) == parent_id) out.push_back(v);
    return out;
  }
};

MapLookup sample() {
  MapLookup l;
  l.records[{"product", "pump"}] = {{"name", "Pump"}, {"lead_time_days", 14}};
  l.records[{"product", "valve"}] = {{"name", "Valve"}, {"lead_time_days", 30}};
  l.records[{"quote", "q1"}] = {{"customer_id", "cust"}, {"title", "Pumps for Q1"}, {"currency", "CNY"},
                                {"status", "accepted"}, {"opportunity_id", "opp"}, {"total_discount", "5"},
                                {"terms", "Net 30"}};
  // Inserted out of order: the plan follows the positions.
  l.records[{"quote_line", "l2"}] = {{"quote_id", "q1"}, {"product_id", "valve"}, {"quantity", "3"},
                                     {"unit_price", cny(3333)}, {"discount", "10"}, {"tax_rate", "6"},
                                     {"position", 2}};
  l.records[{"quote_line", "l1"}] = {{"quote_id", "q1"}, {"product_id", "pump"}, {"quantity", "2.5"},
                                     {"unit_price", cny(129900)}, {"tax_rate", "13"}, {"position", 1}};
  return l;
}

}  // namespace

TEST_CASE("A contract from an accepted quote carries its lines and its gross total", "[core][sales][documents]") {
  MapLookup l = sample();
  auto plan = contract_from_quote(l, "q1");
  REQUIRE(plan.ok());
  REQUIRE(plan->records.size() == 3);
  const auto& contract = plan->records[0];
  CHECK(contract.entity == "contract");
  CHECK(contract.values.at("customer_id") == "cust");
  CHECK(contract.values.at("quote_id") == "q1");
  CHECK(contract.values.at("opportunity_id") == "opp");
  CHECK(contract.values.at("status") == "draft");
  CHECK(contract.values.at("terms") == "Net 30");
  // The same totals the quote shows (sales/line_amounts.h), computed from the carried lines.
  std::vector<FieldValues> quote_lines = {l.records[{"quote_line", "l1"}], l.records[{"quote_line", "l2"}]};
  auto quoted = document_totals(quote_lines, "CNY", percent_of(Json("5")).value());
  REQUIRE(quoted.ok());
  CHECK(contract.values.at("amount") == to_json(quoted->gross));
  std::vector<FieldValues> carried = {plan->records[1].values, plan->records[2].values};
  CHECK(document_totals(carried, "CNY", percent_of(Json("5")).value())->gross == quoted->gross);
  CHECK(plan->records[1].entity == "contract_line");
  CHECK(plan->records[1].values.at("product_id") == "pump");
  CHECK(plan->records[1].values.at("contract_id") == contract.id);
  CHECK(plan->records[2].values.at("discount") == "10");
  // Another device plans the same contract: same ids, so after sync it is one contract.
  auto again = contract_from_quote(sample(), "q1");
  for (size_t i = 0; i < 3; ++i) CHECK(again->records[i].id == plan->records[i].id);
}

TEST_CASE("Only an accepted quote the device holds becomes a contract", "[core][sales][documents]") {
  MapLookup l = sample();
  CHECK(contract_from_quote(l, "missing").error().code == "not_found");
  l.records[{"quote", "q1"}]["status"] = "sent";
  CHECK(contract_from_quote(l, "q1").error().code == "not_accepted");
  l.records[{"quote", "q1"}]["status"] = "accepted";
  l.records[{"quote_line", "l1"}]["unit_price"] = to_json(Money{1, "USD"});
  CHECK(contract_from_quote(l, "q1").error().code == "currency_mismatch");
}

TEST_CASE("An order from a quote or a contract: lines and the longest lead time", "[core][sales][documents]") {
  MapLookup l = sample();
  auto from_quote = order_from(l, "quote", "q1", parse_date("2027-01-20").value());
  REQUIRE(from_quote.ok());
  const auto& order = from_quote->records[0];
  CHECK(order.entity == "sales_order");
  CHECK(order.values.at("quote_id") == "q1");
  CHECK(order.values.at("ordered_on") == "2027-01-20");
  CHECK(order.values.at("expected_delivery") == "2027-02-19");  // the valve's 30 days
  CHECK(order.values.at("status") == "open");
  CHECK(from_quote->records[2].entity == "order_line");
  CHECK(from_quote->records[2].values.at("order_id") == order.id);

  auto contract = contract_from_quote(l, "q1").value();
  for (const auto& r : contract.records) l.records[{r.entity, r.id}] = r.values;
  const std::string contract_id = contract.records[0].id;
  CHECK(order_from(l, "contract", contract_id, parse_date("2027-01-20").value()).error().code == "not_accepted");
  l.records[{"contract", contract_id}]["status"] = "active";
  auto from_contract = order_from(l, "contract", contract_id, parse_date("2027-01-20").value());
  REQUIRE(from_contract.ok());
  CHECK(from_contract->records[0].values.at("contract_id") == contract_id);
  CHECK(from_contract->records[0].values.at("quote_id") == "q1");
  CHECK(from_contract->total == contract.total);
  CHECK(order_from(l, "customer", "cust", parse_date("2027-01-20").value()).error().code == "wrong_type");
  CHECK(order_from(l, "contract", "missing", parse_date("2027-01-20").value()).error().code == "not_found");
}

TEST_CASE("Expected delivery without products or lead times is the order date", "[core][sales][documents]") {
  MapLookup l = sample();
  const auto d = parse_date("2027-12-30").value();
  CHECK(expected_delivery(l, {}, d) == d);
  CHECK(format_date(expected_delivery(l, {{{"product_id", "pump"}}, {{"product_id", "unknown"}}}, d)) == "2028-01-13");
}
