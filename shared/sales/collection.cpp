#include "sales/collection.h"

#include <algorithm>

#include "model/entity_rules.h"

namespace crm::sales {
namespace {

std::string text(const FieldValues& v, const std::string& field) {
  const Json& j = value_of(v, field);
  return j.is_string() ? j.get<std::string>() : std::string();
}

std::optional<Money> money(const FieldValues& v, const std::string& field) {
  auto m = money_from_json(value_of(v, field));
  if (!m) return std::nullopt;
  return m.value();
}

CollectionSums& sums_in(CollectionTotals& t, const std::string& currency) {
  for (auto& s : t.by_currency)
    if (s.currency == currency) return s;
  t.by_currency.push_back(CollectionSums{.currency = currency});
  return t.by_currency.back();
}

void add_into(CollectionTotals& t, const CollectionSums& s, int sign) {
  CollectionSums& to = sums_in(t, s.currency);
  to.amount += sign * s.amount;
  to.received += sign * s.received;
  to.outstanding += sign * s.outstanding;
  to.overdue += sign * s.overdue;
  to.overpaid += sign * s.overpaid;
  to.invoiced += sign * s.invoiced;
  to.invoiced_unpaid += sign * s.invoiced_unpaid;
  to.overdue_instalments += sign * s.overdue_instalments;
}

}  // namespace

const CollectionSums* CollectionTotals::in(const std::string& currency) const {
  for (const auto& s : by_currency)
    if (s.currency == currency) return &s;
  return nullptr;
}

CollectionBook::CollectionBook(CalendarDate today) { set_today(today); }

void CollectionBook::set_today(CalendarDate today) {
  if (today == today_ && !dirty_) return;
  today_ = today;
  today_days_ = days_since_epoch(today);
  dirty_ = true;
}

void CollectionBook::put_customer(const std::string& id, const FieldValues& values, bool deleted) {
  const std::string owner = deleted ? std::string() : text(values, "owner");
  auto it = owners_.find(id);
  if (it != owners_.end() && it->second == owner) return;
  owners_[id] = owner;
  dirty_ = true;
}

void CollectionBook::put_contract(const std::string& id, const FieldValues& values, bool deleted) {
  auto [it, fresh] = contract_index_.try_emplace(id, static_cast<uint32_t>(contracts_.size()));
  if (fresh) contracts_.push_back(Contract{.id = id});
  Contract& c = contracts_[it->second];
  auto amount = money(values, "amount");
  c.live = !deleted;
  c.customer_id = text(values, "customer_id");
  c.currency = amount ? amount->currency : std::string();
  dirty_ = true;
}

void CollectionBook::put_instalment(const std::string& id, const FieldValues& values, bool deleted) {
  auto [it, fresh] = instalment_index_.try_emplace(id, static_cast<uint32_t>(instalments_.size()));
  if (fresh) instalments_.push_back(Instalment{.id = id});
  Instalment& i = instalments_[it->second];
  auto amount = money(values, "amount");
  auto due = parse_date(text(values, "due_on"));
  i.live = !deleted && amount && due;
  i.contract_id = text(values, "contract_id");
  i.currency = amount ? amount->currency : std::string();
  i.amount = amount ? amount->minor : 0;
  i.due_days = due ? days_since_epoch(due.value()) : 0;
  dirty_ = true;
}

void CollectionBook::put_invoice(const std::string& id, const FieldValues& values, bool deleted) {
  auto amount = money(values, "amount");
  if (deleted || !amount) {
    if (invoices_.erase(id)) dirty_ = true;
    return;
  }
  invoices_[id] = Invoice{text(values, "contract_id"), amount->currency, amount->minor, text(values, "status") != "cancelled"};
  dirty_ = true;
}

void CollectionBook::put_receipt(const std::string& id, const FieldValues& values, bool deleted) {
  auto amount = money(values, "amount");
  Receipt next;
  if (!deleted && amount) next = Receipt{text(values, "instalment_id"), amount->currency, amount->minor, kNone};
  auto old = receipts_.find(id);
  if (dirty_) {  // the next read recomputes everything anyway
    if (deleted || !amount) receipts_.erase(id);
    else receipts_[id] = next;
    return;
  }
  // The fast path: only the instalments this receipt leaves and joins move.
  auto move = [&](uint32_t index, int64_t minor, int receipts) {
    Instalment& i = instalments_[index];
    Contract& c = contracts_[i.contract];
    apply(i, -1);
    apply_contract(c, -1);
    i.received += minor;
    i.receipts = static_cast<size_t>(static_cast<int64_t>(i.receipts) + receipts);
    c.received += minor;
    apply(i, +1);
    apply_contract(c, +1);
  };
  if (old != receipts_.end()) {
    if (old->second.counted_in != kNone) move(old->second.counted_in, -old->second.amount, -1);
    else --mismatched_;
    receipts_.erase(old);
  }
  if (deleted || !amount) return;
  auto target = instalment_index_.find(next.instalment_id);
  const Instalment* i = target == instalment_index_.end() ? nullptr : &instalments_[target->second];
  if (i && i->live && i->contract != kNone && contracts_[i->contract].live && i->currency == next.currency) {
    next.counted_in = target->second;
    move(target->second, next.amount, +1);
  } else {
    ++mismatched_;
  }
  receipts_[id] = next;
}

CollectionSums CollectionBook::share(const Instalment& i) const {
  CollectionSums s{.currency = i.currency, .amount = i.amount, .received = i.received};
  s.outstanding = std::max<int64_t>(0, i.amount - i.received);
  s.overpaid = std::max<int64_t>(0, i.received - i.amount);
  if (i.due_days < today_days_ && s.outstanding > 0) {
    s.overdue = s.outstanding;
    s.overdue_instalments = 1;
  }
  return s;
}

CollectionTotals* CollectionBook::totals_of_contract(const Contract& c, CollectionTotals** customer,
                                                     CollectionTotals** person) {
  *customer = &by_customer_[c.customer_id];
  auto owner = owners_.find(c.customer_id);
  *person = &by_person_[owner == owners_.end() ? std::string() : owner->second];
  return &by_contract_[c.id];
}

void CollectionBook::apply(const Instalment& i, int sign) {
  const CollectionSums s = share(i);
  CollectionTotals *customer = nullptr, *person = nullptr;
  CollectionTotals* contract = totals_of_contract(contracts_[i.contract], &customer, &person);
  for (CollectionTotals* t : {contract, customer, person, &all_}) add_into(*t, s, sign);
  if (sign < 0) overdue_.erase({i.due_days, i.id});
  else if (s.overdue > 0) overdue_.insert({i.due_days, i.id});
}

void CollectionBook::apply_contract(const Contract& c, int sign) {
  if (c.invoiced == 0 && c.received == 0) return;
  CollectionSums s{.currency = c.currency, .invoiced = c.invoiced, .invoiced_unpaid = unpaid(c)};
  CollectionTotals *customer = nullptr, *person = nullptr;
  CollectionTotals* contract = totals_of_contract(c, &customer, &person);
  for (CollectionTotals* t : {contract, customer, person, &all_}) add_into(*t, s, sign);
}

void CollectionBook::refresh() {
  if (!dirty_) return;
  dirty_ = false;
  by_contract_.clear();
  by_customer_.clear();
  by_person_.clear();
  all_ = {};
  overdue_.clear();
  mismatched_ = 0;
  for (auto& c : contracts_) c.instalments.clear(), c.invoiced = 0, c.received = 0;
  for (uint32_t n = 0; n < instalments_.size(); ++n) {
    Instalment& i = instalments_[n];
    i.received = 0, i.receipts = 0, i.contract = kNone;
    auto c = contract_index_.find(i.contract_id);
    if (!i.live || c == contract_index_.end() || !contracts_[c->second].live) continue;
    i.contract = c->second;
    contracts_[c->second].instalments.push_back(n);
  }
  for (auto& [id, r] : receipts_) {
    r.counted_in = kNone;
    auto target = instalment_index_.find(r.instalment_id);
    Instalment* i = target == instalment_index_.end() ? nullptr : &instalments_[target->second];
    if (!i || i->contract == kNone || i->currency != r.currency) {
      ++mismatched_;
      continue;
    }
    r.counted_in = target->second;
    i->received += r.amount;
    ++i->receipts;
    contracts_[i->contract].received += r.amount;
  }
  for (const auto& [id, inv] : invoices_) {
    auto c = contract_index_.find(inv.contract_id);
    if (inv.issued && c != contract_index_.end() && contracts_[c->second].currency == inv.currency)
      contracts_[c->second].invoiced += inv.amount;
  }
  for (const auto& i : instalments_)
    if (i.contract != kNone) apply(i, +1);
  for (const auto& c : contracts_)
    if (c.live) apply_contract(c, +1);
}

InstalmentCollection CollectionBook::row(const Instalment& i) const {
  const CollectionSums s = share(i);
  InstalmentCollection r{.id = i.id, .contract_id = i.contract_id, .due_on = date_from_days(i.due_days)};
  r.amount = {s.amount, i.currency};
  r.received = {s.received, i.currency};
  r.outstanding = {s.outstanding, i.currency};
  r.overdue = {s.overdue, i.currency};
  r.overpaid = {s.overpaid, i.currency};
  r.days_overdue = s.overdue > 0 ? today_days_ - i.due_days : 0;
  r.receipts = i.receipts;
  return r;
}

std::optional<InstalmentCollection> CollectionBook::instalment(const std::string& id) {
  refresh();
  auto it = instalment_index_.find(id);
  if (it == instalment_index_.end() || instalments_[it->second].contract == kNone) return std::nullopt;
  return row(instalments_[it->second]);
}

std::vector<InstalmentCollection> CollectionBook::plan(const std::string& contract_id) {
  refresh();
  std::vector<InstalmentCollection> out;
  auto c = contract_index_.find(contract_id);
  if (c == contract_index_.end()) return out;
  for (uint32_t n : contracts_[c->second].instalments) out.push_back(row(instalments_[n]));
  std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) {
    return std::tie(a.due_on, a.id) < std::tie(b.due_on, b.id);
  });
  return out;
}

namespace {
CollectionTotals find_or_empty(const std::unordered_map<std::string, CollectionTotals>& m, const std::string& key) {
  auto it = m.find(key);
  return it == m.end() ? CollectionTotals{} : it->second;
}
}  // namespace

CollectionTotals CollectionBook::contract(const std::string& id) { return refresh(), find_or_empty(by_contract_, id); }
CollectionTotals CollectionBook::customer(const std::string& id) { return refresh(), find_or_empty(by_customer_, id); }
CollectionTotals CollectionBook::person(const std::string& username) {
  return refresh(), find_or_empty(by_person_, username);
}
CollectionTotals CollectionBook::all() { return refresh(), all_; }

std::vector<InstalmentCollection> CollectionBook::overdue(size_t limit) {
  refresh();
  std::vector<InstalmentCollection> out;
  for (const auto& [days, id] : overdue_) {
    if (out.size() >= limit) break;
    out.push_back(row(instalments_[instalment_index_.at(id)]));
  }
  return out;
}

size_t CollectionBook::overdue_count() { return refresh(), overdue_.size(); }

size_t CollectionBook::mismatched_receipts() { return refresh(), mismatched_; }

std::optional<Money> CollectionBook::over_outstanding(const std::string& instalment_id, const Money& amount) {
  auto i = instalment(instalment_id);
  if (!i || amount.currency != i->amount.currency || amount.minor <= i->outstanding.minor) return std::nullopt;
  return Money{amount.minor - i->outstanding.minor, amount.currency};
}

}  // namespace crm::sales
