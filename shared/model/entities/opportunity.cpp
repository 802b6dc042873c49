#include "model/entities/entities.h"
#include "model/entity_rules.h"
#include "model/values/money.h"

namespace crm {
namespace {

std::vector<Error> check_opportunity(const FieldValues*, const FieldValues& next, const Actor&) {
  std::vector<Error> out;
  const Json& stage = value_of(next, "stage");
  auto amount = money_from_json(value_of(next, "amount"));
  if (amount && amount->minor < 0)
    out.push_back(make_error("out_of_range", "amount: must not be negative", "amount"));
  if (stage == "won" && !amount)
    out.push_back(make_error("amount_required", "amount: a won opportunity needs its amount", "amount"));
  const Json& reason = value_of(next, "lost_reason");
  if (stage == "lost" && (!reason.is_string() || reason.get_ref<const std::string&>().empty()))
    out.push_back(make_error("reason_required", "lost_reason: say why the opportunity was lost", "lost_reason"));
  return out;
}

// Open stages move freely among themselves and to won or lost; a lost deal may be reopened by
// whoever works it, a won one (counted in results and commission) only by a manager or an admin.
std::vector<Transition> stage_moves(const std::vector<std::string>& open) {
  const std::vector<std::string> managers = {kRoleManager, kRoleAdmin};
  std::vector<Transition> out;
  for (const auto& from : open) {
    for (const auto& to : open)
      if (from != to) out.push_back({from, to, {}});
    out.push_back({from, "won", {}});
    out.push_back({from, "lost", {}});
    out.push_back({"lost", from, {}});
    out.push_back({"won", from, managers});
  }
  out.push_back({"won", "lost", managers});
  return out;
}

}  // namespace

// A possible sale to a customer, moving through the pipeline's stages (sales/pipeline_math.h) to
// won or lost. A child of its customer: it has the customer's scope and moves with it. Every stage
// move also appends a stage_change record (sales/stage_move.h), so moves made on two offline
// devices both stay in the history while the stage itself follows the merge rules.
EntitySchema opportunity_schema() {
  using T = FieldType;
  const std::vector<std::string> open = {"initial_contact", "needs_analysis", "proposal", "negotiation"};
  std::vector<std::string> stages = open;
  stages.insert(stages.end(), {"won", "lost"});
  return EntitySchema{
      .name = "opportunity",
      .label = "Opportunity",
      .fields =
          {
              parent_reference("customer_id", "customer", "Customer"),
              {.name = "name", .type = T::kText, .required = true, .max_length = 200, .searchable = true},
              {.name = "amount", .type = T::kMoney, .indexed = true},
              {.name = "expected_close", .type = T::kDate, .label = "Expected close", .indexed = true},
              {.name = "stage",
               .type = T::kChoice,
               .required = true,
               .choices = stages,
               .default_value = "initial_contact",
               .indexed = true},
              {.name = "probability",
               .type = T::kInteger,
               .min = 0,
               .max = 100,
               .label = "Probability (%)"},
              {.name = "lost_reason", .type = T::kText, .max_length = 300, .label = "Reason lost"},
              {.name = "closed_on", .type = T::kDate, .access = FieldAccess::kComputed, .label = "Closed",
               .indexed = true},
              {.name = "competitors", .type = T::kTags, .max_length = 100},
              {.name = "lead_id", .type = T::kReference, .reference_entity = "lead",
               .access = FieldAccess::kComputed, .label = "From lead"},
              {.name = "campaign_id", .type = T::kReference, .reference_entity = "campaign", .label = "Campaign",
               .indexed = true},
              {.name = "notes", .type = T::kLongText, .max_length = 5000},
          },
      .summary_fields = {"name", "stage", "amount"},
      .access = {.kind = AccessKind::kInherited, .field = "customer_id"},
      .states = {{.field = "stage", .initial = open, .transitions = stage_moves(open)}},
      .check = check_opportunity,
  };
}

// One stage move of an opportunity: appended, never edited (every field is set once), so two
// devices moving the same deal offline both leave their move in the history.
EntitySchema stage_change_schema() {
  using T = FieldType;
  const auto once = FieldAccess::kReadOnly;
  return EntitySchema{
      .name = "stage_change",
      .label = "Stage change",
      .fields =
          {
              parent_reference("opportunity_id", "opportunity", "Opportunity", once),
              {.name = "from_stage", .type = T::kText, .max_length = 100, .access = once, .label = "From"},
              {.name = "to_stage", .type = T::kText, .required = true, .max_length = 100, .access = once,
               .label = "To"},
              {.name = "at", .type = T::kTimestamp, .required = true, .access = once, .label = "Time"},
              {.name = "by", .type = T::kText, .max_length = 100, .access = once, .label = "By"},
          },
      .summary_fields = {"at", "from_stage", "to_stage"},
      .access = {.kind = AccessKind::kInherited, .field = "opportunity_id"},
  };
}

// A product the customer is interested in, with a quantity.
EntitySchema opportunity_product_schema() {
  using T = FieldType;
  return EntitySchema{
      .name = "opportunity_product",
      .label = "Product interest",
      .fields =
          {
              parent_reference("opportunity_id", "opportunity", "Opportunity", FieldAccess::kReadOnly),
              {.name = "product_id", .type = T::kReference, .required = true, .reference_entity = "product",
               .label = "Product", .indexed = true},
              {.name = "quantity", .type = T::kFixed, .min = 0, .max = 1e9, .scale = 3},
          },
      .summary_fields = {"product_id", "quantity"},
      .access = {.kind = AccessKind::kInherited, .field = "opportunity_id"},
  };
}

// A contact who decides or influences the deal, and their part in it.
EntitySchema decision_maker_schema() {
  using T = FieldType;
  return EntitySchema{
      .name = "decision_maker",
      .label = "Decision maker",
      .fields =
          {
              parent_reference("opportunity_id", "opportunity", "Opportunity", FieldAccess::kReadOnly),
              {.name = "contact_id", .type = T::kReference, .required = true, .reference_entity = "contact",
               .label = "Contact", .indexed = true},
              {.name = "role",
               .type = T::kChoice,
               .choices = {"decision_maker", "influencer", "user", "gatekeeper"},
               .label = "Part"},
          },
      .summary_fields = {"contact_id", "role"},
      .access = {.kind = AccessKind::kInherited, .field = "opportunity_id"},
  };
}

}  // namespace crm
