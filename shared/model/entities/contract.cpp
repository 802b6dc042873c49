#include "model/entities/entities.h"
#include "model/entity_rules.h"
#include "model/values/money.h"

namespace crm {
namespace {

std::vector<Error> non_negative(const FieldValues& next, const std::string& field) {
  auto m = money_from_json(value_of(next, field));
  if (m && m->minor < 0) return {make_error("out_of_range", field + ": must not be negative", field)};
  return {};
}

std::vector<Error> check_contract(const FieldValues*, const FieldValues& next, const Actor&) {
  auto out = non_negative(next, "amount");
  if (ends_before(next, "starts_on", "ends_on"))
    out.push_back(make_error("ends_before_start", "ends_on: the contract ends before it starts", "ends_on"));
  return out;
}

std::vector<Error> check_instalment(const FieldValues*, const FieldValues& next, const Actor&) {
  return non_negative(next, "amount");
}

std::vector<Error> check_invoice(const FieldValues*, const FieldValues& next, const Actor&) {
  return non_negative(next, "amount");
}

// Active, expired and terminated contracts go back to draft only by a manager or an admin.
std::vector<Transition> contract_moves() {
  const std::vector<std::string> managers = {kRoleManager, kRoleAdmin};
  return {{"draft", "active", {}},     {"active", "expired", {}},    {"active", "terminated", {}},
          {"draft", "terminated", {}}, {"active", "draft", managers}, {"expired", "active", managers},
          {"terminated", "active", managers}};
}

}  // namespace

// A signed agreement with a customer, from an accepted quote (its lines and totals carried over)
// or from scratch; the payment plan is its instalment children. A child of its customer. Its
// number is assigned by the server in a per-organisation sequence on first sync ("pending" on the
// device until then).
EntitySchema contract_schema() {
  using T = FieldType;
  return EntitySchema{
      .name = "contract",
      .label = "Contract",
      .fields =
          {
              parent_reference("customer_id", "customer", "Customer"),
              {.name = "title", .type = T::kText, .required = true, .max_length = 200, .label = "Title",
               .searchable = true},
              {.name = "number", .type = T::kText, .max_length = 50, .access = FieldAccess::kComputed,
               .searchable = true, .indexed = true},
              {.name = "quote_id", .type = T::kReference, .reference_entity = "quote", .label = "Quote"},
              {.name = "opportunity_id", .type = T::kReference, .reference_entity = "opportunity",
               .label = "Opportunity", .indexed = true},
              {.name = "amount", .type = T::kMoney, .required = true, .indexed = true},
              {.name = "starts_on", .type = T::kDate, .label = "Start", .indexed = true},
              {.name = "ends_on", .type = T::kDate, .label = "End", .indexed = true},
              {.name = "signed_on", .type = T::kDate, .label = "Signed", .indexed = true},
              {.name = "status",
               .type = T::kChoice,
               .required = true,
               .choices = {"draft", "active", "expired", "terminated"},
               .default_value = "draft",
               .indexed = true},
              {.name = "total_discount", .type = T::kFixed, .min = 0, .max = 100, .scale = 2,
               .label = "Total discount (%)"},
              {.name = "reminder_days", .type = T::kInteger, .min = 0, .max = 365,
               .label = "Remind days before the end", .default_value = 30},
              {.name = "terms", .type = T::kLongText, .max_length = 10000},
          },
      .summary_fields = {"number", "title", "amount"},
      .access = {.kind = AccessKind::kInherited, .field = "customer_id"},
      .states = {{.field = "status", .initial = {"draft", "active"}, .transitions = contract_moves()}},
      .check = check_contract,
  };
}

// One line of a contract, carried over from its quote or added by hand.
EntitySchema contract_line_schema() {
  return priced_line_schema("contract_line", "Contract line", "contract_id", "contract", "Contract");
}

// One payment term of a contract: an amount due on a date. A contract's instalments add up to
// its amount exactly (checked by the payment plan, sales/payment_plan.h).
EntitySchema instalment_schema() {
  using T = FieldType;
  return EntitySchema{
      .name = "instalment",
      .label = "Instalment",
      .fields =
          {
              parent_reference("contract_id", "contract", "Contract", FieldAccess::kReadOnly),
              {.name = "due_on", .type = T::kDate, .required = true, .label = "Due", .indexed = true},
              {.name = "amount", .type = T::kMoney, .required = true},
              {.name = "position", .type = T::kInteger, .min = 0, .max = 10000, .hidden = true},
              {.name = "note", .type = T::kText, .max_length = 300},
          },
      .summary_fields = {"due_on", "amount"},
      .access = {.kind = AccessKind::kInherited, .field = "contract_id"},
      .check = check_instalment,
  };
}

// An invoice issued against a contract.
EntitySchema invoice_schema() {
  using T = FieldType;
  return EntitySchema{
      .name = "invoice",
      .label = "Invoice",
      .fields =
          {
              parent_reference("contract_id", "contract", "Contract", FieldAccess::kReadOnly),
              {.name = "number", .type = T::kText, .required = true, .max_length = 50, .searchable = true,
               .indexed = true},
              {.name = "issued_on", .type = T::kDate, .required = true, .label = "Issued", .indexed = true},
              {.name = "amount", .type = T::kMoney, .required = true},
              {.name = "status", .type = T::kChoice, .choices = {"issued", "cancelled"}, .default_value = "issued"},
          },
      .summary_fields = {"number", "issued_on", "amount"},
      .access = {.kind = AccessKind::kInherited, .field = "contract_id"},
      .check = check_invoice,
  };
}

}  // namespace crm
