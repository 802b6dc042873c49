// Payment collection (回款): what has been received against each instalment of a contract, what
// is outstanding, and what is overdue at the user's date, with the sums per contract, per
// customer, per sales person and over everything this device holds; and the invoices issued
// against contracts with their invoiced-but-unpaid amounts.
//
// Rules (docs/sales.md, "Payment collection"):
// - An instalment's received amount is the sum of its live receipts in its currency; receipts
//   are separate records, so two recorded offline on two devices both count. A receipt in another
//   currency counts nowhere and is reported (mismatched_receipts()).
// - outstanding = max(0, amount - received); more than the amount is overpaid (kept and shown,
//   never lost); recording a receipt above the outstanding amount is a warning (over_outstanding()).
// - overdue: the outstanding amount of an instalment due strictly before `today`, the user's
//   local date (CalendarDate local_date(now, utc offset)): due today is not yet overdue.
// - invoiced: issued (not cancelled) invoices of a contract; invoiced-but-unpaid =
//   max(0, invoiced - received on the contract).
// - A contract's sales person is the owner of its customer.
//
// The book is kept up to date record by record: a new or changed receipt moves only its
// instalment's share of the sums (constant work plus the overdue list's log n), so recomputing
// after one receipt does not depend on how many contracts the device holds. Other changes
// (contracts, instalments, invoices, customers' owners, the date) recompute the sums on the next
// read.
#pragma once

#include <algorithm>
#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

#include "model/entity_schema.h"
#include "model/values/calendar_date.h"
#include "model/values/money.h"

namespace crm::sales {

// Sums in one currency, in minor units.
struct CollectionSums {
  std::string currency;
  int64_t amount = 0;           // instalments due in total (the plans)
  int64_t received = 0;
  int64_t outstanding = 0;
  int64_t overdue = 0;
  int64_t overpaid = 0;
  int64_t invoiced = 0;
  int64_t invoiced_unpaid = 0;
  int64_t overdue_instalments = 0;
};

// Sums per currency (usually one), in the order the currencies were first seen.
struct CollectionTotals {
  std::vector<CollectionSums> by_currency;
  const CollectionSums* in(const std::string& currency) const;
};

struct InstalmentCollection {
  std::string id, contract_id;
  CalendarDate due_on;
  Money amount, received, outstanding, overdue, overpaid;
  int64_t days_overdue = 0;  // > 0 when overdue
  size_t receipts = 0;
};

class CollectionBook {
 public:
  explicit CollectionBook(CalendarDate today = {});

  // Records as the device holds them (visible values); `deleted` removes. A record may arrive
  // before the one it points at: it counts once that one is known.
  void put_customer(const std::string& id, const FieldValues& values, bool deleted = false);
  void put_contract(const std::string& id, const FieldValues& values, bool deleted = false);
  void put_instalment(const std::string& id, const FieldValues& values, bool deleted = false);
  void put_receipt(const std::string& id, const FieldValues& values, bool deleted = false);
  void put_invoice(const std::string& id, const FieldValues& values, bool deleted = false);
  // The user's local date: what is overdue.
  void set_today(CalendarDate today);
  CalendarDate today() const { return today_; }

  std::optional<InstalmentCollection> instalment(const std::string& id);
  // A contract's instalments, by due date.
  std::vector<InstalmentCollection> plan(const std::string& contract_id);
  CollectionTotals contract(const std::string& id);
  CollectionTotals customer(const std::string& id);
  CollectionTotals person(const std::string& username);
  CollectionTotals all();
  // Overdue instalments, the longest overdue first (then by id), at most `limit`.
  std::vector<InstalmentCollection> overdue(size_t limit);
  size_t overdue_count();
  // How much `amount` recorded against `instalment_id` would exceed its outstanding amount
  // (nothing when it does not, or the instalment is unknown): the warning before saving.
  std::optional<Money> over_outstanding(const std::string& instalment_id, const Money& amount);
  size_t mismatched_receipts();

 private:
  static constexpr uint32_t kNone = UINT32_MAX;
  struct Instalment {
    std::string id, contract_id, currency;
    int64_t due_days = 0, amount = 0, received = 0;
    uint32_t contract = kNone;
    size_t receipts = 0;
    bool live = false;
  };
  struct Contract {
    std::string id, customer_id, currency;
    int64_t invoiced = 0, received = 0;
    std::vector<uint32_t> instalments;
    bool live = false;
  };
  struct Receipt {
    std::string instalment_id, currency;
    int64_t amount = 0;
    uint32_t counted_in = kNone;  // the instalment it is counted in, if any
  };
  struct Invoice {
    std::string contract_id, currency;
    int64_t amount = 0;
    bool issued = false;
  };

  void refresh();
  CollectionSums share(const Instalment& i) const;
  int64_t unpaid(const Contract& c) const { return std::max<int64_t>(0, c.invoiced - c.received); }
  void apply(const Instalment& i, int sign);
  void apply_contract(const Contract& c, int sign);
  CollectionTotals* totals_of_contract(const Contract& c, CollectionTotals** customer, CollectionTotals** person);
  InstalmentCollection row(const Instalment& i) const;

  CalendarDate today_;
  int64_t today_days_ = 0;
  bool dirty_ = true;
  std::vector<Instalment> instalments_;
  std::vector<Contract> contracts_;
  std::unordered_map<std::string, uint32_t> instalment_index_, contract_index_;
  std::unordered_map<std::string, std::string> owners_;  // customer -> owner
  std::unordered_map<std::string, Receipt> receipts_;
  std::unordered_map<std::string, Invoice> invoices_;
  // Derived (refresh()):
  std::unordered_map<std::string, CollectionTotals> by_contract_, by_customer_, by_person_;
  CollectionTotals all_;
  std::set<std::pair<int64_t, std::string>> overdue_;  // (due days, instalment id)
  size_t mismatched_ = 0;
};

}  // namespace crm::sales
