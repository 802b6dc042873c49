// A quote's way from draft to the customer's answer, on plain values:
//
//   draft -> submitted (approval needed) -> approved | rejected;  draft | approved -> sent
//   sent -> accepted | declined | expired;  sent | expired -> draft (a new revision)
//
// Approval is needed when a line's discount or the total discount is above the discount threshold
// of the quote policy (the owner's team's policy, else the organisation's, else 10%). Managers'
// decisions are quote_approval records, appended and never edited; each names the revision and
// the digest of the priced content it decided on (content_digest()). The outcome counts only the
// decisions on the current revision and content, so an edit after approval voids it, and it is a
// function of the set of decisions alone, so devices that hold the same decisions show the same
// outcome: any reject wins over approvals (a manager's objection stands until the quote changes).
// While a quote is submitted, approved or rejected, the status shown is that outcome (the stored
// status may hold the last writer's decision: status_shown() is the authority).
//
// Revisions: editing a sent (or expired) quote first keeps the current revision as a
// quote_revision record (the quote's values and lines as JSON), then the quote goes back to draft
// with revision + 1; older revisions stay readable from those records.
#pragma once

#include <string>
#include <vector>

#include "core/result.h"
#include "model/entity_schema.h"
#include "sales/line_amounts.h"

namespace crm::sales {

// The discount threshold (percent) and the validity days of the policy for `team`: a policy naming
// the team wins over the organisation's (no team); several of a kind: the smallest id's, given as
// "id" in each record's values. Without one: 10% and 30 days, no company header.
struct QuotePolicy {
  FixedDecimal threshold{1000, 2};
  int validity_days = 30;
  std::string company;  // the header printed on quotes
};
QuotePolicy quote_policy_for(const std::vector<FieldValues>& policies, const std::string& team);

// True when a line's discount or the quote's total_discount is above the threshold.
bool approval_needed(const DocumentTotals& totals, const FieldValues& quote, const QuotePolicy& policy);

// A digest of what an approval decides on: the currency, the total discount and each line's
// product, quantity, unit price, discount and tax rate (in any order). Notes, terms and the
// description do not count.
std::string content_digest(const FieldValues& quote, const std::vector<FieldValues>& lines);

enum class Approval { kNone, kApproved, kRejected };

struct ApprovalOutcome {
  Approval outcome = Approval::kNone;
  size_t counted = 0;  // decisions on the current revision and content
  size_t voided = 0;   // decisions on an earlier revision or other content
};
ApprovalOutcome approval_outcome(const std::vector<FieldValues>& decisions, int64_t revision,
                                 const std::string& digest);

// What a device knows of a quote when it shows or moves it.
struct QuoteFacts {
  std::string status;   // stored
  int64_t revision = 1;
  bool approval_needed = false;
  ApprovalOutcome approval;
  std::string role;     // the user's
};

// The status to show: submitted, approved and rejected follow the decisions (above).
std::string status_shown(const QuoteFacts& q);

// The moves the user may make now, in order: "submitted", "approved", "rejected", "sent",
// "accepted", "declined", "expired", "draft" (withdraw, or a new revision from sent or expired).
std::vector<std::string> quote_moves(const QuoteFacts& q);

// The quote's changes for a move to `to` (status; and revision for a new revision). Errors:
// approval_required (sending a quote that needs an approval it does not have), forbidden (a
// decision by someone other than a manager or an admin), forbidden_transition (any other move not
// in quote_moves()).
Result<FieldValues> plan_quote_move(const QuoteFacts& q, const std::string& to);

// True when an edit of the quote or its lines makes a new revision first (sent or expired).
bool edit_makes_revision(const std::string& status);

// The quote_revision record that keeps the current revision: `quote_id`, the revision, the
// snapshot {"quote": values, "lines": [values...]}, at and by.
FieldValues revision_snapshot(const std::string& quote_id, const FieldValues& quote,
                              const std::vector<FieldValues>& lines, const std::string& at_iso,
                              const std::string& by);

// A manager's decision record on the quote as the device holds it now.
FieldValues decision_record(const std::string& quote_id, bool approve, int64_t revision, const std::string& digest,
                            const std::string& comment, const std::string& at_iso, const std::string& by);

}  // namespace crm::sales
