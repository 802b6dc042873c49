#include "model/entities/entities.h"
#include "model/entity_rules.h"
#include "model/values/money.h"

namespace crm {
namespace {

std::vector<Error> check_quote(const FieldValues*, const FieldValues& next, const Actor&) {
  if (ends_before(next, "quoted_on", "valid_until"))
    return {make_error("ends_before_start", "valid_until: the quote expires before it is made", "valid_until")};
  return {};
}

// Decisions are taken by managers and admins only, and never edited (every field is set once).
std::vector<Error> check_approval(const FieldValues* previous, const FieldValues&, const Actor& actor) {
  if (!previous && !role_in({kRoleManager, kRoleAdmin}, actor.role))
    return {make_error("forbidden", "decision: only a manager or an admin approves quotes", "decision")};
  return {};
}

// The quote's way (sales/quote_flow.h). Decisions are managers'; approved and rejected may swap
// when two managers decide differently offline (the outcome is derived from all decisions, the
// stored status is the last writer's). Sent and expired quotes go back to draft as a new revision.
std::vector<Transition> quote_moves() {
  const std::vector<std::string> managers = {kRoleManager, kRoleAdmin};
  return {{"draft", "submitted", {}},     {"draft", "sent", {}},          {"submitted", "approved", managers},
          {"submitted", "rejected", managers}, {"approved", "rejected", managers}, {"rejected", "approved", managers},
          {"submitted", "sent", {}},      {"approved", "sent", {}},       {"submitted", "draft", {}},
          {"approved", "draft", {}},      {"rejected", "draft", {}},      {"sent", "accepted", {}},
          {"sent", "declined", {}},       {"sent", "expired", {}},        {"sent", "draft", {}},
          {"expired", "draft", {}}};
}

}  // namespace

// An offer to a customer: lines (quote_line children) priced from a price list; its totals are
// computed from the lines (sales/quote_totals.h), never stored. A child of its customer. Whether
// it is approved follows from the quote_approval decisions on its current revision.
EntitySchema quote_schema() {
  using T = FieldType;
  return EntitySchema{
      .name = "quote",
      .label = "Quote",
      .fields =
          {
              parent_reference("customer_id", "customer", "Customer"),
              {.name = "title", .type = T::kText, .required = true, .max_length = 200, .label = "Title",
               .searchable = true},
              {.name = "opportunity_id", .type = T::kReference, .reference_entity = "opportunity",
               .label = "Opportunity", .indexed = true},
              {.name = "price_list_id", .type = T::kReference, .reference_entity = "price_list",
               .label = "Price list"},
              {.name = "currency", .type = T::kText, .required = true, .max_length = 3, .default_value = "CNY"},
              {.name = "quoted_on", .type = T::kDate, .label = "Date", .indexed = true},
              {.name = "valid_until", .type = T::kDate, .label = "Valid until", .indexed = true},
              {.name = "status",
               .type = T::kChoice,
               .required = true,
               .choices = {"draft", "submitted", "approved", "rejected", "sent", "accepted", "declined", "expired"},
               // Moved by the quote's actions (sales/quote_flow.h), never typed in a form.
               .access = FieldAccess::kComputed,
               .default_value = "draft",
               .indexed = true},
              {.name = "revision", .type = T::kInteger, .min = 1, .max = 1000, .access = FieldAccess::kComputed,
               .default_value = 1},
              {.name = "total_discount", .type = T::kFixed, .min = 0, .max = 100, .scale = 2,
               .label = "Total discount (%)"},
              {.name = "terms", .type = T::kLongText, .max_length = 5000},
              {.name = "notes", .type = T::kLongText, .max_length = 5000},
          },
      .summary_fields = {"title", "status", "valid_until"},
      .access = {.kind = AccessKind::kInherited, .field = "customer_id"},
      .states = {{.field = "status", .initial = {"draft"}, .transitions = quote_moves()}},
      .check = check_quote,
  };
}

// One line of a quote: a product, a quantity in the product's unit, its price, discount and tax.
EntitySchema quote_line_schema() {
  return priced_line_schema("quote_line", "Quote line", "quote_id", "quote", "Quote");
}

// A manager's decision on one revision of a quote: appended, never edited, so decisions taken on
// two offline devices both stay and the outcome is derived from all of them.
EntitySchema quote_approval_schema() {
  using T = FieldType;
  const auto once = FieldAccess::kReadOnly;
  return EntitySchema{
      .name = "quote_approval",
      .label = "Approval",
      .fields =
          {
              parent_reference("quote_id", "quote", "Quote", once),
              {.name = "decision", .type = T::kChoice, .required = true, .choices = {"approve", "reject"},
               .access = once},
              {.name = "revision", .type = T::kInteger, .required = true, .min = 1, .max = 1000, .access = once},
              {.name = "comment", .type = T::kText, .max_length = 1000, .access = once},
              {.name = "at", .type = T::kTimestamp, .required = true, .access = once, .label = "Time"},
              {.name = "by", .type = T::kText, .max_length = 100, .access = once, .label = "By"},
              // The digest of the priced content decided on (sales/quote_flow.h content_digest()).
              {.name = "content", .type = T::kText, .max_length = 64, .access = once, .hidden = true},
          },
      .summary_fields = {"at", "decision", "by"},
      .access = {.kind = AccessKind::kInherited, .field = "quote_id"},
      .check = check_approval,
  };
}

// An earlier revision of a quote, kept when a sent quote is edited: the quote's values and its
// lines then, as JSON ({"quote": {...}, "lines": [{...}]}). Appended, never edited.
EntitySchema quote_revision_schema() {
  using T = FieldType;
  const auto once = FieldAccess::kReadOnly;
  return EntitySchema{
      .name = "quote_revision",
      .label = "Revision",
      .fields =
          {
              parent_reference("quote_id", "quote", "Quote", once),
              {.name = "revision", .type = T::kInteger, .required = true, .min = 1, .max = 1000, .access = once},
              {.name = "snapshot", .type = T::kLongText, .required = true, .max_length = 200000, .access = once,
               .hidden = true},
              {.name = "at", .type = T::kTimestamp, .required = true, .access = once, .label = "Time"},
              {.name = "by", .type = T::kText, .max_length = 100, .access = once, .label = "By"},
          },
      .summary_fields = {"revision", "at", "by"},
      .access = {.kind = AccessKind::kInherited, .field = "quote_id"},
      .example = {{"revision", 1}, {"snapshot", "{\"quote\":{},\"lines\":[]}"}, {"at", "2026-11-30T09:00:00Z"}},
  };
}

// When a quote needs a manager's approval: a line discount or the total discount above the
// threshold, for a team (empty: everyone; the team's rule wins). Organisation-wide, admins write.
EntitySchema quote_policy_schema() {
  using T = FieldType;
  return EntitySchema{
      .name = "quote_policy",
      .label = "Quote policy",
      .fields =
          {
              {.name = "team", .type = T::kText, .max_length = 100, .indexed = true},
              {.name = "discount_threshold", .type = T::kFixed, .required = true, .min = 0, .max = 100,
               .scale = 2, .label = "Approval above discount (%)", .default_value = "10"},
              {.name = "validity_days", .type = T::kInteger, .min = 1, .max = 365,
               .label = "Valid for days", .default_value = 30},
              // The company's name, address and contacts printed at the top of a quote.
              {.name = "company", .type = T::kLongText, .max_length = 2000, .label = "Company header"},
          },
      .summary_fields = {"team", "discount_threshold"},
      .access = {.kind = AccessKind::kOrganisation, .writers = {kRoleAdmin}},
  };
}

}  // namespace crm
