#include "views/target_view.h"

#include <algorithm>
#include <set>

#include "model/entity_rules.h"
#include "model/entity_schema.h"
#include "replica/replica.h"

namespace crm {
namespace {

constexpr const char* kEntities[] = {"sales_target", "commission_rule", "commission_tier", "customer",
                                     "opportunity",  "contract",        "instalment",      "receipt"};

std::string text(const FieldValues& v, const char* field) {
  const Json& j = value_of(v, field);
  return j.is_string() ? j.get<std::string>() : std::string();
}

std::optional<CalendarDate> date(const FieldValues& v, const char* field) {
  auto d = parse_date(text(v, field));
  if (!d) return std::nullopt;
  return d.value();
}

std::optional<Money> money(const FieldValues& v, const char* field) {
  auto m = money_from_json(value_of(v, field));
  if (!m) return std::nullopt;
  return m.value();
}

std::optional<FixedDecimal> decimal(const FieldValues& v, const char* field, int scale) {
  const Json& j = value_of(v, field);
  auto d = j.is_string() ? parse_decimal(j.get<std::string>(), scale)
           : j.is_number() ? parse_decimal(j.dump(), scale)
                           : Result<FixedDecimal>(make_error("wrong_type", field));
  if (!d) return std::nullopt;
  return d.value();
}

// Records that break a rule another device did not know (or that the screen cannot use) are
// left out rather than guessed at.
std::optional<sales::TargetFacts> target_of(const std::string& id, const FieldValues& v) {
  auto period = sales::period_kind(text(v, "period"));
  auto basis = sales::target_basis(text(v, "basis"));
  auto starts = date(v, "starts_on");
  auto amount = money(v, "amount");
  if (!period || !basis || !starts || !amount) return std::nullopt;
  return sales::TargetFacts{id, text(v, "user"), text(v, "team"), *period, *starts, *basis, *amount};
}

}  // namespace

Status TargetView::load(RecordStore& store) {
  targets_.clear();
  rules_.clear();
  tiers_.clear();
  customers_.clear();
  opportunities_.clear();
  contracts_.clear();
  instalments_.clear();
  receipts_.clear();
  for (const char* entity : kEntities) {
    auto list = store.list(entity);
    if (!list) return list.error();
    for (const RecordState& s : list.value()) apply(s);
  }
  changed();
  return ok_status();
}

void TargetView::on_change(const RecordState& state) {
  for (const char* entity : kEntities)
    if (state.entity == entity) {
      apply(state);
      changed();
      return;
    }
}

void TargetView::apply(const RecordState& s) {
  const bool gone = s.deleted();
  const FieldValues v = gone ? FieldValues{} : Replica::visible_values(s);
  const std::string& e = s.entity;
  if (e == "sales_target") {
    targets_.erase(s.id);
    if (auto t = gone ? std::nullopt : target_of(s.id, v)) targets_[s.id] = *t;
  } else if (e == "commission_rule") {
    rules_.erase(s.id);
    auto basis = sales::target_basis(text(v, "basis"));
    if (!gone)
      rules_[s.id] = sales::RuleFacts{s.id, text(v, "name"), text(v, "team"), text(v, "role"),
                                      basis.value_or(sales::TargetBasis::kCollected), {}};
  } else if (e == "commission_tier") {
    tiers_.erase(s.id);
    auto from = decimal(v, "from_percent", 2);
    auto rate = decimal(v, "rate", 3);
    if (!gone && from && rate) tiers_[s.id] = Tier{text(v, "rule_id"), sales::TierFacts{s.id, *from, *rate}};
  } else if (e == "customer") {
    customers_.erase(s.id);
    if (!gone) customers_[s.id] = Customer{text(v, "name"), text(v, "owner")};
  } else if (e == "opportunity") {
    opportunities_.erase(s.id);
    if (!gone)
      opportunities_[s.id] = Opportunity{text(v, "customer_id"), text(v, "name"), text(v, "stage") == "won",
                                         money(v, "amount"), date(v, "closed_on")};
  } else if (e == "contract") {
    contracts_.erase(s.id);
    std::string label = text(v, "number");
    if (label.empty()) label = text(v, "title");
    if (!gone) contracts_[s.id] = Contract{text(v, "customer_id"), label};
  } else if (e == "instalment") {
    instalments_.erase(s.id);
    if (!gone) instalments_[s.id] = text(v, "contract_id");
  } else if (e == "receipt") {
    receipts_.erase(s.id);
    if (!gone) receipts_[s.id] = Receipt{text(v, "instalment_id"), money(v, "amount"), date(v, "received_on")};
  }
}

std::string TargetView::owner_of_customer(const std::string& customer_id) const {
  auto c = customers_.find(customer_id);
  return c == customers_.end() ? std::string() : c->second.owner;
}

std::vector<sales::CountedAmount> TargetView::won_amounts() const {
  std::vector<sales::CountedAmount> out;
  for (const auto& [id, o] : opportunities_) {
    if (!o.won || !o.amount || !o.closed_on) continue;
    const std::string owner = owner_of_customer(o.customer_id);
    if (!owner.empty()) out.push_back(sales::CountedAmount{id, owner, *o.closed_on, *o.amount});
  }
  return out;
}

std::vector<sales::CountedAmount> TargetView::collected_amounts() const {
  std::vector<sales::CountedAmount> out;
  for (const auto& [id, r] : receipts_) {
    if (!r.amount || !r.received_on) continue;
    auto inst = instalments_.find(r.instalment_id);
    if (inst == instalments_.end()) continue;
    auto contract = contracts_.find(inst->second);
    if (contract == contracts_.end()) continue;
    const std::string owner = owner_of_customer(contract->second.customer_id);
    if (!owner.empty()) out.push_back(sales::CountedAmount{id, owner, *r.received_on, *r.amount});
  }
  return out;
}

const Result<TargetReport>& TargetView::report(const TargetQuery& q) {
  if (answered_ == version() && asked_ == q) return report_;
  rule_list_.clear();
  for (const auto& [id, r] : rules_) rule_list_.push_back(r);
  std::sort(rule_list_.begin(), rule_list_.end(), [](const auto& a, const auto& b) { return a.id < b.id; });
  for (auto& r : rule_list_)
    for (const auto& [id, t] : tiers_)
      if (t.rule_id == r.id) r.tiers.push_back(t.facts);
  report_ = compute(q);
  answered_ = version();
  asked_ = q;
  return report_;
}

Result<TargetReport> TargetView::compute(const TargetQuery& q) const {
  std::vector<sales::TargetFacts> targets;
  for (const auto& [id, t] : targets_) targets.push_back(t);
  std::sort(targets.begin(), targets.end(), [](const auto& a, const auto& b) { return a.id < b.id; });
  const auto won = won_amounts(), collected = collected_amounts();

  std::set<std::string> people;
  if (!q.everyone) {
    people.insert(q.me);
  } else {
    for (const auto& [id, c] : customers_)
      if (!c.owner.empty()) people.insert(c.owner);
    for (const auto& t : targets)
      if (!t.user.empty() && t.starts_on == q.period.start && t.period == q.period.kind) people.insert(t.user);
  }
  TargetReport out;
  out.query = q;
  for (const std::string& user : people) {
    PersonStanding p;
    p.user = user;
    p.team = sales::team_of(targets, user);
    const std::set<std::string> one = {user};
    const auto* won_target = sales::target_for(targets, user, "", q.period, sales::TargetBasis::kWon);
    const auto* collected_target = sales::target_for(targets, user, "", q.period, sales::TargetBasis::kCollected);
    auto w = sales::progress(one, q.period, won, won_target);
    if (!w) return w.error();
    auto c = sales::progress(one, q.period, collected, collected_target);
    if (!c) return c.error();
    p.won = std::move(w.value());
    p.collected = std::move(c.value());
    // Others' roles are not on this device: a manager sees their people as sales people.
    p.rule = sales::rule_for(rule_list_, p.team, user == q.me ? q.role : std::string(kRoleSales));
    if (p.rule) {
      const bool on_won = p.rule->basis == sales::TargetBasis::kWon;
      const sales::Progress& basis = on_won ? p.won : p.collected;
      std::vector<sales::CountedAmount> mine;
      for (const auto& a : on_won ? won : collected)
        if (a.owner == user && q.period.contains(a.on)) mine.push_back(a);
      auto made = sales::commission(*p.rule, basis.target, mine);
      if (!made) return made.error();
      p.commission = std::move(made.value());
    }
    out.people.push_back(std::move(p));
  }
  if (q.everyone) {
    std::set<std::string> teams;
    for (const auto& t : targets)
      if (t.user.empty() && !t.team.empty() && t.starts_on == q.period.start && t.period == q.period.kind)
        teams.insert(t.team);
    std::set<std::string> held;
    for (const auto& [id, c] : customers_)
      if (!c.owner.empty()) held.insert(c.owner);
    for (const std::string& team : teams) {
      TeamStanding t;
      t.team = team;
      const std::set<std::string> members = sales::team_members(targets, team);
      t.members.assign(members.begin(), members.end());
      const std::set<std::string>& who = members.empty() ? held : members;
      auto w = sales::progress(who, q.period, won, sales::target_for(targets, "", team, q.period, sales::TargetBasis::kWon));
      if (!w) return w.error();
      auto c = sales::progress(who, q.period, collected,
                               sales::target_for(targets, "", team, q.period, sales::TargetBasis::kCollected));
      if (!c) return c.error();
      t.won = std::move(w.value());
      t.collected = std::move(c.value());
      out.teams.push_back(std::move(t));
    }
  }
  return out;
}

CountedDetail TargetView::detail(const std::string& id) const {
  CountedDetail d;
  auto name_of = [&](const std::string& customer_id) {
    auto c = customers_.find(customer_id);
    return c == customers_.end() ? std::string() : c->second.name;
  };
  if (auto r = receipts_.find(id); r != receipts_.end()) {
    auto inst = instalments_.find(r->second.instalment_id);
    if (inst == instalments_.end()) return d;
    d.contract_id = inst->second;
    if (auto c = contracts_.find(inst->second); c != contracts_.end()) {
      d.contract_label = c->second.label;
      d.customer_id = c->second.customer_id;
      d.customer_name = name_of(d.customer_id);
    }
  } else if (auto o = opportunities_.find(id); o != opportunities_.end()) {
    d.name = o->second.name;
    d.customer_id = o->second.customer_id;
    d.customer_name = name_of(d.customer_id);
  }
  return d;
}

}  // namespace crm
