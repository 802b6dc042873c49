#include "model/entities/entities.h"
#include "model/entity_rules.h"
#include "model/values/money.h"

namespace crm {
namespace {

std::vector<Error> check_receipt(const FieldValues*, const FieldValues& next, const Actor&) {
  auto m = money_from_json(value_of(next, "amount"));
  if (m && m->minor <= 0) return {make_error("out_of_range", "amount: must be more than zero", "amount")};
  return {};
}

}  // namespace

// Money received against one instalment (回款): its own record, so two devices recording receipts
// for the same instalment offline both count. Partial payments are several receipts; more than
// the outstanding amount is a warning (sales/collection.h), never refused or lost.
EntitySchema receipt_schema() {
  using T = FieldType;
  return EntitySchema{
      .name = "receipt",
      .label = "Receipt",
      .fields =
          {
              parent_reference("instalment_id", "instalment", "Instalment", FieldAccess::kReadOnly),
              {.name = "received_on", .type = T::kDate, .required = true, .label = "Received", .indexed = true},
              {.name = "amount", .type = T::kMoney, .required = true},
              {.name = "method",
               .type = T::kChoice,
               .choices = {"bank_transfer", "cash", "card", "cheque", "other"},
               .default_value = "bank_transfer"},
              {.name = "reference", .type = T::kText, .max_length = 100, .searchable = true},
              {.name = "recorded_by", .type = T::kText, .max_length = 100, .access = FieldAccess::kReadOnly,
               .label = "Recorded by", .indexed = true},
          },
      .summary_fields = {"received_on", "amount", "method"},
      .access = {.kind = AccessKind::kInherited, .field = "instalment_id"},
      .check = check_receipt,
  };
}

}  // namespace crm
