#include "sales/quote_flow.h"

#include <algorithm>
#include <cstdio>

#include "model/entity_rules.h"
#include "model/entities/entities.h"

namespace crm::sales {
namespace {

std::string text(const FieldValues& v, const std::string& field) {
  const Json& j = value_of(v, field);
  return j.is_string() ? j.get<std::string>() : std::string();
}

bool is_manager(const std::string& role) { return role_in({kRoleManager, kRoleAdmin}, role); }

bool in_approval(const std::string& status) {
  return status == "submitted" || status == "approved" || status == "rejected";
}

// FNV-1a, 64 bits: a digest to compare content, not a security boundary.
uint64_t fnv1a(const std::string& s, uint64_t h = 1469598103934665603ull) {
  for (unsigned char c : s) h = (h ^ c) * 1099511628211ull;
  return h;
}

}  // namespace

QuotePolicy quote_policy_for(const std::vector<FieldValues>& policies, const std::string& team) {
  const FieldValues* chosen = nullptr;
  bool chosen_team = false;
  for (const FieldValues& p : policies) {
    const std::string t = text(p, "team");
    if (!t.empty() && t != team) continue;
    const bool for_team = !t.empty();
    if (!chosen || (for_team && !chosen_team) ||
        (for_team == chosen_team && text(p, "id") < text(*chosen, "id")))
      chosen = &p, chosen_team = for_team;
  }
  QuotePolicy out;
  if (!chosen) return out;
  if (auto t = percent_of(value_of(*chosen, "discount_threshold"))) out.threshold = *t;
  const Json& days = value_of(*chosen, "validity_days");
  if (days.is_number_integer()) out.validity_days = days.get<int>();
  out.company = text(*chosen, "company");
  return out;
}

bool approval_needed(const DocumentTotals& totals, const FieldValues& quote, const QuotePolicy& policy) {
  if (compare(totals.max_line_discount, policy.threshold) > 0) return true;
  auto whole = percent_of(value_of(quote, "total_discount"));
  return whole && compare(*whole, policy.threshold) > 0;
}

std::string content_digest(const FieldValues& quote, const std::vector<FieldValues>& lines) {
  std::vector<std::string> parts;
  parts.reserve(lines.size());
  for (const FieldValues& line : lines) {
    Json j = Json::array();
    for (const char* f : {"product_id", "quantity", "unit_price", "discount", "tax_rate"}) j.push_back(value_of(line, f));
    parts.push_back(j.dump());
  }
  std::sort(parts.begin(), parts.end());  // lines in any order: the same content
  uint64_t h = fnv1a(Json::array({value_of(quote, "currency"), value_of(quote, "total_discount")}).dump());
  for (const std::string& p : parts) h = fnv1a(p, fnv1a("\n", h));
  char out[17];
  std::snprintf(out, sizeof out, "%016llx", static_cast<unsigned long long>(h));
  return out;
}

ApprovalOutcome approval_outcome(const std::vector<FieldValues>& decisions, int64_t revision,
                                 const std::string& digest) {
  ApprovalOutcome out;
  bool approved = false, rejected = false;
  for (const FieldValues& d : decisions) {
    const Json& r = value_of(d, "revision");
    if (!r.is_number_integer() || r.get<int64_t>() != revision || text(d, "content") != digest) {
      ++out.voided;
      continue;
    }
    ++out.counted;
    const std::string decision = text(d, "decision");
    approved = approved || decision == "approve";
    rejected = rejected || decision == "reject";
  }
  out.outcome = rejected ? Approval::kRejected : approved ? Approval::kApproved : Approval::kNone;
  return out;
}

std::string status_shown(const QuoteFacts& q) {
  if (!in_approval(q.status)) return q.status;
  switch (q.approval.outcome) {
    case Approval::kApproved: return "approved";
    case Approval::kRejected: return "rejected";
    case Approval::kNone: break;
  }
  return "submitted";
}

std::vector<std::string> quote_moves(const QuoteFacts& q) {
  const std::string s = status_shown(q);
  const bool may_send = !q.approval_needed || q.approval.outcome == Approval::kApproved;
  std::vector<std::string> out;
  if (s == "draft") {
    if (q.approval_needed) out.push_back("submitted");
    else out.push_back("sent");
  } else if (s == "submitted") {
    if (is_manager(q.role)) out.insert(out.end(), {"approved", "rejected"});
    if (may_send) out.push_back("sent");
    out.push_back("draft");
  } else if (s == "approved") {
    if (may_send) out.push_back("sent");
    if (is_manager(q.role)) out.push_back("rejected");
    out.push_back("draft");
  } else if (s == "rejected") {
    out.push_back("draft");
  } else if (s == "sent") {
    out.insert(out.end(), {"accepted", "declined", "expired", "draft"});
  } else if (s == "expired") {
    out.push_back("draft");
  }
  return out;
}

Result<FieldValues> plan_quote_move(const QuoteFacts& q, const std::string& to) {
  const auto moves = quote_moves(q);
  if (std::find(moves.begin(), moves.end(), to) == moves.end()) {
    if ((to == "approved" || to == "rejected") && !is_manager(q.role))
      return make_error("forbidden", "status: only a manager or an admin approves or rejects quotes", "status");
    if (to == "sent" && q.approval_needed)
      return make_error("approval_required", "status: a discount above the threshold needs a manager's approval first",
                        "status");
    return make_error("forbidden_transition", "status: a " + status_shown(q) + " quote cannot become " + to, "status");
  }
  FieldValues changes{{"status", to}};
  if (to == "draft" && edit_makes_revision(q.status)) changes["revision"] = q.revision + 1;
  return changes;
}

bool edit_makes_revision(const std::string& status) { return status == "sent" || status == "expired"; }

FieldValues revision_snapshot(const std::string& quote_id, const FieldValues& quote,
                              const std::vector<FieldValues>& lines, const std::string& at_iso,
                              const std::string& by) {
  Json snapshot{{"quote", Json(quote)}, {"lines", Json::array()}};
  for (const FieldValues& l : lines) snapshot["lines"].push_back(Json(l));
  const Json& r = value_of(quote, "revision");
  return FieldValues{{"quote_id", quote_id},
                     {"revision", r.is_number_integer() ? r.get<int64_t>() : 1},
                     {"snapshot", snapshot.dump()},
                     {"at", at_iso},
                     {"by", by}};
}

FieldValues decision_record(const std::string& quote_id, bool approve, int64_t revision, const std::string& digest,
                            const std::string& comment, const std::string& at_iso, const std::string& by) {
  FieldValues out{{"quote_id", quote_id}, {"decision", approve ? "approve" : "reject"}, {"revision", revision},
                  {"content", digest}, {"at", at_iso}, {"by", by}};
  if (!comment.empty()) out["comment"] = comment;
  return out;
}

}  // namespace crm::sales
