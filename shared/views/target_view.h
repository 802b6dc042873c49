// TargetView: targets, progress and commission of the records a device holds, as a computed view
// (views/view.h), for the "Targets and commission" screen. It keeps what the numbers need of
// each sales_target, commission_rule and commission_tier, and of the records between a receipt
// and a person (receipt -> instalment -> contract -> customer -> owner) and between a won
// opportunity and a person (opportunity -> customer -> owner), updated record by record from the
// replica's changes. The report for a period (sales/target_progress.h, sales/commission.h) is
// computed when asked after a change, then served from memory until the next change.
//
// Whose numbers: a sales person's device holds their own customers, so they see themselves; a
// manager's holds their team's, so they see each person who owns a held customer or has a target
// in the period, and each team with a target in the period (its people: the users whose targets
// name the team; none named: everyone the device holds). A person's role is known only for the
// signed-in user; the others are taken as sales people when a commission rule names a role.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "sales/commission.h"
#include "sales/target_progress.h"
#include "views/view.h"

namespace crm {

struct TargetQuery {
  sales::Period period;
  std::string me, role;  // the signed-in user and their role
  bool everyone = false;  // false: only `me`; true: every person and team the device holds
  bool operator==(const TargetQuery&) const = default;
};

// One person in the period.
struct PersonStanding {
  std::string user;
  std::string team;  // from their targets ("" when none names one)
  sales::Progress won, collected;
  const sales::RuleFacts* rule = nullptr;  // the commission rule that applies (null: none)
  std::optional<sales::Commission> commission;
};

struct TeamStanding {
  std::string team;
  std::vector<std::string> members;  // empty: everyone the device holds
  sales::Progress won, collected;
};

struct TargetReport {
  TargetQuery query;
  std::vector<PersonStanding> people;  // by user name
  std::vector<TeamStanding> teams;     // by team name
};

// What the screen shows beside a receipt or a won deal.
struct CountedDetail {
  std::string customer_id, customer_name;
  std::string contract_id, contract_label;  // receipts: the contract's number, else its title
  std::string name;                         // won deals: the opportunity's name
};

class TargetView : public View {
 public:
  Status load(RecordStore& store) override;
  void on_change(const RecordState& state) override;

  // The report for `q`; an error (a sum past int64, a malformed tier) replaces it.
  const Result<TargetReport>& report(const TargetQuery& q);
  CountedDetail detail(const std::string& id) const;
  size_t targets() const { return targets_.size(); }

 private:
  struct Customer {
    std::string name, owner;
  };
  struct Opportunity {
    std::string customer_id, name;
    bool won = false;
    std::optional<Money> amount;
    std::optional<CalendarDate> closed_on;
  };
  struct Contract {
    std::string customer_id, label;
  };
  struct Receipt {
    std::string instalment_id;
    std::optional<Money> amount;
    std::optional<CalendarDate> received_on;
  };
  struct Tier {
    std::string rule_id;
    sales::TierFacts facts;
  };

  void apply(const RecordState& state);
  std::string owner_of_customer(const std::string& customer_id) const;
  std::vector<sales::CountedAmount> won_amounts() const;
  std::vector<sales::CountedAmount> collected_amounts() const;
  Result<TargetReport> compute(const TargetQuery& q) const;

  std::unordered_map<std::string, sales::TargetFacts> targets_;
  std::unordered_map<std::string, sales::RuleFacts> rules_;  // without their tiers
  std::unordered_map<std::string, Tier> tiers_;
  std::unordered_map<std::string, Customer> customers_;
  std::unordered_map<std::string, Opportunity> opportunities_;
  std::unordered_map<std::string, Contract> contracts_;
  std::unordered_map<std::string, std::string> instalments_;  // id -> contract id
  std::unordered_map<std::string, Receipt> receipts_;

  uint64_t answered_ = ~uint64_t{0};
  std::optional<TargetQuery> asked_;
  std::vector<sales::RuleFacts> rule_list_;  // the rules with their tiers, for the last report
  Result<TargetReport> report_{TargetReport{}};
};

}  // namespace crm
